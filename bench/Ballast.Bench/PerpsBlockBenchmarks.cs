using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Insurance;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;

namespace Ballast.Bench;

/// <summary>
/// One whole block of the Leverage-Insurance Hybrid with 100,000 open perp positions: every block hook (subnet
/// emission; perps funding, liquidation scan and mark; the insurance pool selling its diverted emission and the
/// treasury stream; the risk controller's σ, L̄, V_o, PID, L_max, depth and breaker). The block holds one transaction,
/// the feeder's TAO/USD post. <c>Quiet</c>: the price is unchanged, nothing triggers. <c>Trigger100</c> /
/// <c>Trigger1000</c>: the post moves the index down to the highest price at which at least 100 / 1,000 longs fall
/// below their maintenance requirement (found by bisection at setup) and the hook liquidates them. <c>Funding</c>: price unchanged, and the block is a funding-settlement block.
/// Each iteration restores the same snapshot in [IterationSetup], collects garbage and runs one quiet block (all
/// outside the measurement), then measures one block, so every iteration liquidates the same positions. The
/// unmeasured quiet block matters: a restore writes a fresh copy of the whole state (and a full collection moves
/// it), which evicts everything from the 1 MB cache, and the first block after that pays ~100 µs of cache misses
/// spread over every hook; on a chain the block before is an ordinary block. BenchmarkDotNet's own forced collection
/// between setup and measurement would undo the warm-up, hence <c>GcForce(false)</c> and the explicit collection in
/// the setup. The positions a block liquidates are still as cold as the restore left them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
[InvocationCount(1)]
[GcForce(false)]
public class PerpsBlockBenchmarks
{
    [Params("Quiet", "Trigger100", "Trigger1000", "Funding")]
    public string Scenario { get; set; } = "Quiet";

    private Engine _engine = null!;
    private EngineSnapshot _snapshot = null!;
    private Envelope[] _block = null!;
    private Envelope[] _warmBlock = null!;
    private long _expectedLiquidations;
    private long _liquidationsBefore;
    private long _allocatedBefore;
    private readonly List<long> _allocated = [];

    /// <summary>False: the TAO/USD market (quote USD, every position checked each block); true: the same market quoted in TAO, whose block hook checks only its health index's candidates.</summary>
    protected virtual bool TaoQuoted => false;

    [GlobalSetup]
    public void Setup()
    {
        var setup = PerpsBlockSetup.Get(TaoQuoted);
        _engine = setup.Engine;
        var (snapshot, price, expected) = Scenario switch
        {
            "Quiet" => (setup.Quiet, PerpsBlockSetup.Price, 0),
            "Trigger100" => (setup.Quiet, setup.Trigger100.Price, setup.Trigger100.Liquidated),
            "Trigger1000" => (setup.Quiet, setup.Trigger1000.Price, setup.Trigger1000.Liquidated),
            "Funding" => (setup.BeforeFunding, PerpsBlockSetup.Price, 0),
            _ => throw new InvalidOperationException(Scenario),
        };
        _snapshot = snapshot;
        _block = [new PostPrice(PerpsBlockSetup.Feed, price).From(PerpsBlockSetup.Feeder)];
        _warmBlock = [new PostPrice(PerpsBlockSetup.Feed, PerpsBlockSetup.Price).From(PerpsBlockSetup.Feeder)];
        _expectedLiquidations = expected;

        // Sanity: run the block once and say what it did.
        Restore();
        var perps = _engine.StateOf<PerpsState>();
        var open = perps.Positions.Count;
        var before = perps.Liquidations;
        var watch = Stopwatch.StartNew();
        var rejected = _engine.ExecuteBlockCountingRejections(_block);
        watch.Stop();
        perps = _engine.StateOf<PerpsState>();
        var market = perps.Markets[PerpsBlockSetup.Market];
        Console.WriteLine($"// Scenario={Scenario}: block {_engine.Height}, index {price}, {perps.Liquidations - before} of {open:N0} open positions liquidated " +
                          $"(expected {expected}), funding settled: {market.LastFundingBlock == _engine.Height}, rejected txs: {rejected}, " +
                          $"this first run (JIT included) took {watch.Elapsed.TotalMicroseconds:F1} µs");
        if (rejected != 0 || perps.Liquidations - before != expected || (market.LastFundingBlock == _engine.Height) != (Scenario == "Funding")) throw new InvalidOperationException("the scenario did not do what it should");
    }

    [IterationSetup]
    public void Restore()
    {
        _engine.Restore(_snapshot);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (_engine.ExecuteBlockCountingRejections(_warmBlock) != 0) throw new InvalidOperationException("warm-up block rejected its post");
        _liquidationsBefore = _engine.StateOf<PerpsState>().Liquidations;
        _allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    }

    [Benchmark]
    public int Block() => _engine.ExecuteBlockCountingRejections(_block);

    [IterationCleanup]
    public void Check()
    {
        _allocated.Add(GC.GetAllocatedBytesForCurrentThread() - _allocatedBefore);
        var done = _engine.StateOf<PerpsState>().Liquidations - _liquidationsBefore;
        if (done != _expectedLiquidations) throw new InvalidOperationException($"{Scenario}: {done} liquidations, expected {_expectedLiquidations}");
    }

    /// <summary>Bytes allocated on this thread from the end of each iteration's setup to the start of its cleanup (the measured block, plus whatever BenchmarkDotNet does in between).</summary>
    [GlobalCleanup]
    public void Report() =>
        Console.WriteLine($"// Scenario={Scenario}: allocated per measured block (setup end → cleanup start), by iteration: {string.Join(", ", _allocated.Select(b => $"{b:N0} B"))}");
}

/// <summary>The same blocks on the market quoted in TAO (index 345.75 TAO per unit): the hook checks only the health index's candidates.</summary>
public class PerpsTaoQuotedBlockBenchmarks : PerpsBlockBenchmarks
{
    protected override bool TaoQuoted => true;
}

/// <summary>
/// The quiet block of <see cref="PerpsBlockBenchmarks"/> in steady state: no restore, many blocks per iteration
/// (the height advances; one block in 300 also settles funding). A precise figure for the block's fixed cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class PerpsBlockSteadyBenchmarks
{
    private Engine _engine = null!;
    private Envelope[] _block = null!;

    /// <summary>False: the TAO/USD market (quote USD, every position checked each block); true: the same market quoted in TAO, whose block hook checks only its health index's candidates.</summary>
    protected virtual bool TaoQuoted => false;

    [GlobalSetup]
    public void Setup()
    {
        var setup = PerpsBlockSetup.Get(TaoQuoted);
        _engine = setup.Engine;
        _engine.Restore(setup.Quiet);
        _block = [new PostPrice(PerpsBlockSetup.Feed, PerpsBlockSetup.Price).From(PerpsBlockSetup.Feeder)];
        Console.WriteLine($"// QuietSteady: {_engine.StateOf<PerpsState>().Positions.Count:N0} open positions from block {_engine.Height}");
    }

    [Benchmark]
    public int QuietBlock() => _engine.ExecuteBlockCountingRejections(_block);

    [GlobalCleanup]
    public void Check()
    {
        var perps = _engine.StateOf<PerpsState>();
        Console.WriteLine($"// QuietSteady: ended at block {_engine.Height}, {perps.Positions.Count:N0} open, {perps.Liquidations} liquidations");
        if (perps.Liquidations != 0 || perps.Positions.Count != PerpsBlockSetup.Positions) throw new InvalidOperationException("the quiet block liquidated");
    }
}

/// <summary>
/// The engine with all four LIH modules and 100,000 open positions on one TAO/USD market, built once per process:
/// one subnet (netuid 7) whose emission funds the Insurance Pool (λ diversion) plus a treasury stream; caps up to
/// 1,000× unlocked (unlock reserves set to 0); 10M TAO of lender liquidity; a market 1e15 deep (the band's caps then
/// hold 5e9 TAO a side); 100,000 traders — one net position per account — each open one position (long or short at
/// random) of 0.01–0.1 TAO margin at leverage uniform in [2, 1,000] (six decimals), 10,000 per block, at index 345.75.
/// </summary>
internal sealed class PerpsBlockSetup
{
    public const int Positions = 100_000;
    public const string Feed = "TAO/USD";
    public const string Feeder = "feeder";
    public const string Market = "TAO-USD";
    private const int Netuid = 7;
    public static readonly Fixed Price = Fixed.Parse("345.75");

    private static readonly PerpsBlockSetup?[] _built = new PerpsBlockSetup?[2];

    public required Engine Engine { get; init; }
    /// <summary>Neither of the next two blocks is a funding block.</summary>
    public required EngineSnapshot Quiet { get; init; }
    /// <summary>The block after next settles funding.</summary>
    public required EngineSnapshot BeforeFunding { get; init; }
    /// <summary>The index that liquidates at least 100 (1,000) positions from the quiet snapshot, and how many it does.</summary>
    public required (Fixed Price, long Liquidated) Trigger100 { get; init; }
    public required (Fixed Price, long Liquidated) Trigger1000 { get; init; }

    public static PerpsBlockSetup Get(bool taoQuoted = false) => _built[taoQuoted ? 1 : 0] ??= Build(taoQuoted);

    private static PerpsBlockSetup Build(bool taoQuoted)
    {
        var watch = Stopwatch.StartNew();
        var perpsParameters = new PerpsParameters { Caps = [.. new PerpsParameters().Caps.Select(c => c with { UnlockReserveRao = 0 })] };
        var engine = new Engine(new EngineOptions { RecordEvents = false, CheckConservationEveryBlock = false },
            new SubnetModule(), new PerpsModule(perpsParameters), new InsuranceModule(new InsuranceParameters { FundedNetuid = Netuid }),
            new RiskControlModule());
        var traders = Enumerable.Range(0, Positions).Select(i => $"trader{i}").ToArray();
        Require(engine.ApplyGenesis([
            new GenesisAccount("dao", new Dictionary<string, Amount>()).AsGenesis(),
            new GenesisAccount(Feeder, new Dictionary<string, Amount>()).AsGenesis(),
            new GenesisAccount("lender", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(10_000_000) }).AsGenesis(),
            new GenesisAccount("sn-owner", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(1_000_000) }).AsGenesis(),
            new GenesisAccount("foundation", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(1_000_000) }).AsGenesis(),
            .. traders.Select(t => new GenesisAccount(t, new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(10) }).AsGenesis()),
            new GenesisRole("governor", "dao").AsGenesis(),
            new GenesisFeed(Feed, 100_000, Feeder).AsGenesis(),
        ]));
        Require(engine.ExecuteBlock([
            new PostPrice(Feed, Price).From(Feeder),
            new RegisterSubnet(Netuid, Amount.Tokens(100_000), Fixed.Parse("0.05")).From("sn-owner"),
            new FundTreasury(Amount.Tokens(100_000)).From("foundation"),
            new DepositPerpLiquidity(Amount.Tokens(10_000_000)).From("lender"),
            new CreateMarket(Market, Feed, Fixed.FromInt(1_000_000_000_000_000), QuoteIsTao: taoQuoted).From("dao"),
            new UnlockLeverageCap().From("dao"),
            new UnlockLeverageCap().From("dao"),
        ]).Results);
        // The risk controller raised L_max to the unlocked 1,000× at the end of that block.
        var random = new DeterministicRandom(11);
        for (int b = 0; b < Positions / 10_000; b++)
        {
            var block = new Envelope[10_000];
            for (int i = 0; i < block.Length; i++)
            {
                var leverage = new Fixed(2 * Fixed.ScaleRaw + (Int128)random.NextBelow(998_000_000) * 1_000_000_000_000); // 2–1,000, 6 decimals
                var margin = new Amount(10_000_000 + random.NextBelow(91) * 1_000_000); // 0.01–0.1 TAO
                var side = random.NextBelow(2) == 0 ? PerpSide.Long : PerpSide.Short;
                block[i] = new OpenPerp(Market, side, margin, leverage).From(traders[b * 10_000 + i]);
            }
            Require(engine.ExecuteBlock(block).Results);
        }
        var perps = engine.StateOf<PerpsState>();
        if (perps.Positions.Count != Positions) throw new InvalidOperationException($"{perps.Positions.Count} positions open");

        // Quiet snapshot: a few blocks on, well away from the next funding block.
        long interval = perpsParameters.FundingIntervalBlocks;
        engine.AdvanceBlocks(5);
        var market = perps.Markets[Market];
        if (engine.Height + 2 - market.LastFundingBlock >= interval) throw new InvalidOperationException("quiet snapshot next to a funding block");
        var quiet = engine.Snapshot();
        var quietHeight = engine.Height;
        // Funding snapshot: the block after next is the first of the market's funding interval to settle.
        engine.AdvanceBlocks(market.LastFundingBlock + interval - 2 - engine.Height);
        var beforeFunding = engine.Snapshot();

        var trigger100 = FindTrigger(engine, quiet, 100);
        var trigger1000 = FindTrigger(engine, quiet, 1_000);
        Console.WriteLine($"// PerpsBlockSetup: {Positions:N0} positions, L_max {perps.MaxLeverage}, quiet snapshot at block {quietHeight}, " +
                          $"funding snapshot at {beforeFunding.Height}, built in {watch.Elapsed.TotalSeconds:F1} s; index {trigger100.Price} liquidates " +
                          $"{trigger100.Liquidated}, {trigger1000.Price} liquidates {trigger1000.Liquidated}");
        return new PerpsBlockSetup { Engine = engine, Quiet = quiet, BeforeFunding = beforeFunding, Trigger100 = trigger100, Trigger1000 = trigger1000 };
    }

    /// <summary>
    /// The highest index (to 1e-6) at which the block after a warm one liquidates at least <paramref name="target"/>
    /// positions: the trigger is no longer a fixed price per position (equity through the vAMM, funding, fees), so it
    /// is found by running the block.
    /// </summary>
    private static (Fixed Price, long Liquidated) FindTrigger(Engine engine, EngineSnapshot quiet, long target)
    {
        long Run(Fixed price)
        {
            engine.Restore(quiet);
            engine.ExecuteBlock([new PostPrice(Feed, Price).From(Feeder)]);
            var before = engine.StateOf<PerpsState>().Liquidations;
            engine.ExecuteBlock([new PostPrice(Feed, price).From(Feeder)]);
            return engine.StateOf<PerpsState>().Liquidations - before;
        }
        Int128 lo = Price.Raw / 2, hi = Price.Raw; // Run(lo) ≥ target > Run(hi)
        while (hi - lo > 1_000_000_000_000)
        {
            var mid = new Fixed((lo + hi) / 2 / 1_000_000_000_000 * 1_000_000_000_000);
            if (Run(mid) >= target) lo = mid.Raw; else hi = mid.Raw;
        }
        var found = new Fixed(lo);
        var count = Run(found);
        engine.Restore(quiet);
        return (found, count);
    }

    private static void Require(IReadOnlyList<TxResult> results)
    {
        foreach (var r in results)
            if (!r.Accepted) throw new InvalidOperationException(r.ToString());
    }
}
