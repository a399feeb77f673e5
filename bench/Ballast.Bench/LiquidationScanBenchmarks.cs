using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Margin;
using Ballast.Subnets;

namespace Ballast.Bench;

/// <summary>
/// The per-block liquidation scan of the margin protocol with 100,000 open positions on one pair, after the price
/// has moved so that <see cref="Crossing"/> positions are below their threshold. <c>IndexScan</c> is the keeper's
/// query through the liquidation index (<see cref="MarginQueries.LiquidationCandidates"/>); <c>FullScan</c> checks
/// every position's health, the baseline the index must beat. The index's cost should grow with Crossing, the full
/// scan's with all positions.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class LiquidationScanBenchmarks
{
    public const int Positions = 100_000;
    private const int Netuid = 3;

    [Params(0, 100, 1_000, 10_000)]
    public int Crossing { get; set; }

    private Engine _engine = null!;
    private static Engine? _built;
    private static Fixed[]? _liquidationPrices;

    [GlobalSetup]
    public void Setup()
    {
        if (_built is null) (_built, _liquidationPrices) = Build();
        _engine = _built;
        // Move the pool to just below the Crossing-th highest liquidation price (or keep it above them all).
        var target = Crossing == 0
            ? _liquidationPrices![0].Mul(Fixed.Parse("1.05"), Rounding.Down)
            : _liquidationPrices![Crossing - 1].Mul(Fixed.Parse("0.999999"), Rounding.Down);
        var result = _engine.ExecuteBlock([new SwapToPrice(Netuid, target, new Amount(UInt128.MaxValue >> 8)).From("market")]).Results[0];
        if (!result.Accepted && result.Error != SubnetErrors.TradeTooSmall) throw new InvalidOperationException(result.ToString());
        var found = MarginQueries.LiquidationCandidates(_engine.Context, Netuid).Count;
        Console.WriteLine($"// Crossing={Crossing}: the index finds {found} liquidatable positions of {_engine.StateOf<MarginState>().Positions.Count}");
    }

    [Benchmark]
    public int IndexScan() => MarginQueries.LiquidationCandidates(_engine.Context, Netuid).Count;

    /// <summary>Re-keying the whole index, as happens once per borrow accrual period (360 blocks).</summary>
    [Benchmark]
    public int Rebuild()
    {
        _engine.StateOf<MarginState>().Indexes.Remove(Netuid);
        return MarginQueries.LiquidationCandidates(_engine.Context, Netuid).Count;
    }

    [Benchmark(Baseline = true)]
    public int FullScan()
    {
        var ctx = _engine.Context;
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var threshold = state.Pairs[Netuid].LiquidationThresholdPpb;
        int n = 0;
        foreach (var position in state.Positions.Values)
            if (Books.HealthPpb(ctx, state, p, position, out _, out _) < threshold) n++;
        return n;
    }

    /// <summary>
    /// One pool with deep reserves, 1e9 TAO of LP liquidity and 100,000 positions of 1.2×–2× (liquidation prices
    /// spread between about 45% and 82% below entry; 0.1–2 TAO of collateral each into a 500,000-TAO pool); cooldowns off so one trader may open many.
    /// </summary>
    private static (Engine, Fixed[]) Build()
    {
        var options = new EngineOptions { RecordEvents = false, CheckConservationEveryBlock = false };
        var parameters = MarginParameters.Mainnet with { UserCooldownBlocks = 0 };
        var engine = new Engine(options, new SubnetModule(), new MarginModule(parameters));
        var traders = Enumerable.Range(0, 100).Select(i => $"trader{i}").ToArray();
        engine.ApplyGenesis([
            new GenesisAccount("market", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(10_000_000_000) }).AsGenesis(),
            new GenesisAccount("lp", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(1_000_000_000) }).AsGenesis(),
            new GenesisAccount("manager", new Dictionary<string, Amount>()).AsGenesis(),
            .. traders.Select(t => new GenesisAccount(t, new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(1_000_000) }).AsGenesis()),
            new GenesisMarginConfig(Manager: "manager").AsGenesis(),
        ]);
        Require(engine.ExecuteBlock([
            new RegisterSubnet(Netuid, Amount.Tokens(500_000), Fixed.Parse("0.05")).From("market"),
            new DepositLiquidity(Amount.Tokens(1_000_000_000)).From("lp"),
        ]));
        Require(engine.ExecuteBlock([
            new AddPair(Netuid, Fixed.FromInt(10)).From("manager"),
            // The market account buys the alpha it will later sell to move the price down.
            new Swap(Netuid, SwapDirection.TaoToAlpha, Amount.Tokens(1_500_000), Amount.Zero).From("market"),
        ]));
        var random = new DeterministicRandom(7);
        for (int b = 0; b < Positions / 10_000; b++)
        {
            var block = new Envelope[10_000];
            for (int i = 0; i < block.Length; i++)
            {
                var leverage = new Fixed(Fixed.ScaleRaw + (Int128)(random.NextBelow(800) + 200) * 1_000_000_000_000_000); // 1.2–2.0
                var collateral = new Amount(100_000_000 + random.NextBelow(20) * 100_000_000); // 0.1–2 TAO
                block[i] = new OpenPosition(Netuid, collateral, leverage, 1_000).From(traders[i % traders.Length]);
            }
            Require(engine.ExecuteBlock(block));
        }
        var state = engine.StateOf<MarginState>();
        var prices = state.Positions.Values
            .Select(p => Ballast.Margin.Liquidation.LiquidationIndex.LiquidationPrice(p, state.Pairs[Netuid].LiquidationThresholdPpb, state.BorrowIndex))
            .OrderByDescending(p => p)
            .ToArray();
        return (engine, prices);
    }

    private static void Require(BlockResult result)
    {
        var rejected = result.Results.FirstOrDefault(r => !r.Accepted);
        if (!rejected.Accepted && rejected.Error is not null) throw new InvalidOperationException(rejected.ToString());
    }
}
