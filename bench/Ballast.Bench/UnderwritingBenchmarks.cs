using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting;
using Ballast.Underwriting.Pricing;

namespace Ballast.Bench;

/// <summary>
/// The assessment curve's pricing alone (issue 10): the exact buy of a collateral amount (closed form with a BigInteger
/// square root, then the rounded-up cost check) and the area of a sale, on a 100,000 TAO + 2,000 TAO curve at mid supply.
/// </summary>
[MemoryDiagnoser]
public class UnderwritingCurveBenchmarks
{
    private static readonly LinearCurve Curve = LinearCurve.FromPrincipalAndReturn(Amount.Tokens(100_000), Amount.Tokens(2_000));
    private static readonly UInt128 Supply = Amount.Tokens(30_000).Units;
    private static readonly UInt128 Collateral = Amount.Tokens(1_234).Units + 567;

    /// <summary>Bonds for a collateral amount and their exact cost: what <c>underwriting.buyLong</c> prices.</summary>
    [Benchmark]
    public UInt128 Buy() => Curve.CostToBuy(Supply, Curve.BondsFor(Supply, Collateral));

    /// <summary>The proceeds of selling bonds back (one 256-bit MulDiv).</summary>
    [Benchmark]
    public UInt128 Sale() => Curve.SaleProceeds(Supply, Collateral);
}

/// <summary>
/// Whole transactions on an engine (subnets + underwriting), each measured as one block restored from the same
/// snapshot: <c>BuyLong</c> (a manager's curve buy), <c>TickCrossingSale</c> (a longZCB sale through 20 resting
/// orders on 20 ticks, paying the selling fee) and <c>Maturity1000</c> (the resolution of an instrument with 1,000
/// holders: ω, 1,000 payouts reserved, the vault's share, 1,000 reputation updates). Setup outside the measurement as
/// in <see cref="PerpsBlockBenchmarks"/>, and as there without the per-block conservation scan of every balance (a
/// debug check whose cost grows with the number of accounts, not with the transaction).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[InvocationCount(1)]
[GcForce(false)]
public class UnderwritingBlockBenchmarks
{
    [Params("BuyLong", "TickCrossingSale", "Maturity1000")]
    public string Scenario { get; set; } = "BuyLong";

    private Engine _engine = null!;
    private EngineSnapshot _snapshot = null!;
    private Envelope[] _block = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_engine, _snapshot, _block) = UnderwritingBenchSetup.Build(Scenario);
        Restore();
        var watch = Stopwatch.StartNew();
        int rejected = _engine.ExecuteBlockCountingRejections(_block);
        watch.Stop();
        Console.WriteLine($"// Scenario={Scenario}: rejected {rejected}, first run (JIT included) {watch.Elapsed.TotalMicroseconds:F1} µs");
        if (rejected != 0) throw new InvalidOperationException($"{Scenario}: the measured transaction was rejected");
    }

    [IterationSetup]
    public void Restore()
    {
        _engine.Restore(_snapshot);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _engine.AdvanceBlocks(1);
    }

    [Benchmark]
    public int Block() => _engine.ExecuteBlockCountingRejections(_block);
}

/// <summary>Builds the engines of <see cref="UnderwritingBlockBenchmarks"/>.</summary>
internal static class UnderwritingBenchSetup
{
    private static Envelope Account(string name, ulong tao) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(tao) }).AsGenesis();

    private static void Ok(Engine engine, params Envelope[] txs)
    {
        var r = engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++)
            if (!r.Results[i].Accepted) throw new InvalidOperationException($"{txs[i]}: {r.Results[i]}");
    }

    public static (Engine, EngineSnapshot, Envelope[]) Build(string scenario)
    {
        int holders = scenario == "Maturity1000" ? 1_000 : 20;
        var engine = new Engine(new EngineOptions { RecordEvents = false, CheckConservationEveryBlock = false }, new SubnetModule(),
            new UnderwritingModule(new UnderwritingParameters { ValidatorPercentilePpb = new Ppb(1_000_000_000) })); // the top score only: "validator"
        var genesis = new List<Envelope> { Account("lp", 1_000_000), Account("borrower", 10_000), Account("taker", 10_000), Account("validator", 10_000) };
        for (int i = 0; i < holders; i++) genesis.Add(Account($"m{i}", 1_000));
        genesis.Add(new GenesisManager("validator", Fixed.FromInt(50)).AsGenesis());
        genesis.Add(new GenesisManager("taker", Fixed.FromInt(5)).AsGenesis());
        for (int i = 0; i < holders; i++) genesis.Add(new GenesisManager($"m{i}", Fixed.FromInt(2)).AsGenesis());
        foreach (var r in engine.ApplyGenesis(genesis)) if (!r.Accepted) throw new InvalidOperationException(r.ToString());

        Ok(engine, new CreateVault("TAO", new Ppb(500_000_000), new Ppb(100_000_000), Fixed.FromInt(3), Amount.Tokens(1)).From("lp"));
        Ok(engine, new Deposit(1, Amount.Tokens(900_000)).From("lp"), new Deposit(1, Amount.Tokens(10)).From("validator"));
        Ok(engine, new ProposeCreditLine(1, Amount.Tokens(20_000), Amount.Tokens(400), 216_000, 7_200).From("borrower"));
        // Every holder buys 5 TAO of longZCB (the first ones open the market: all have score 2 ≥ 1).
        Ok(engine, [.. Enumerable.Range(0, holders).Select(i => new BuyLong(1, Amount.Tokens(5)).From($"m{i}"))]);
        if (scenario == "BuyLong")
            return (engine, engine.Snapshot(), [new BuyLong(1, Amount.Tokens(100)).From("taker")]);

        if (scenario == "TickCrossingSale") Ok(engine, new BuyLong(1, Amount.Tokens(400)).From("taker"));
        // Enough net long for approval (10% of 20,400 bonds).
        Ok(engine, new BuyLong(1, Amount.Tokens(3_000)).From("validator"));
        Ok(engine, new DrawValidators(1).From("lp"));
        Ok(engine, new ApproveInstrument(1, Amount.Tokens(10)).From("validator"));
        if (scenario == "TickCrossingSale")
        {
            // 20 holders each bid for 20 longs at their own tick, 95 down to 76; the sale of 400 crosses all 20.
            Ok(engine, [.. Enumerable.Range(0, holders).Select(i => new PlaceOrder(1, OrderSide.BuyLong, 95 - i, Amount.Tokens(20)).From($"m{i}"))]);
            return (engine, engine.Snapshot(), [new Trade(1, TradeSide.SellLong, Amount.Tokens(400), 76).From("taker")]);
        }
        Ok(engine, new Drawdown(1).From("borrower"));
        Ok(engine, new Repay(1, Amount.Tokens(20_400)).From("lp"));
        return (engine, engine.Snapshot(), [new Resolve(1).From("lp")]);
    }
}
