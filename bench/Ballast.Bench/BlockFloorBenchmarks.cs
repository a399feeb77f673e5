using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Subnets;

namespace Ballast.Bench;

/// <summary>
/// The floor of a block in the general engine, on the engine <c>ballast simulate scenarios/radcad-margin-day.yaml</c>
/// builds for path 0 (the subnets and margin modules, 1,000 margin longs open, the LP's deposit, the pin's and the
/// liquidator's accounts; the simulator's engine options: events recorded, conservation checked every block),
/// stopped before the horizon's first block. Each operation is one whole block as the simulator runs it (the
/// transactions, every block hook, the conservation check, the events cleared):
/// <c>EmptyBlock</c> holds nothing (hooks only: the subnet emission, the margin hook; one block in 360 is an accrual
/// block, see <see cref="AccrualBlockBenchmarks"/>); <c>SwapToPriceBlock</c> holds the pin's <c>subnets.swapToPrice</c>,
/// moving the pool 0.1% up and down on alternate blocks as the GBM does; <c>RefusedLiquidateBlock</c> holds one
/// <c>margin.liquidate</c> of a healthy position, refused (its sentence never read). A day of 7,200 blocks cannot cost
/// less than 7,200 × (empty + swapToPrice − empty) in this engine.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BlockFloorBenchmarks
{
    private Engine _engine = null!;
    private Envelope[] _up = null!, _down = null!, _liquidate = null!;
    private bool _goUp = true;

    [GlobalSetup]
    public void Setup()
    {
        _engine = RadcadDay.Engine();
        var spot = _engine.View.Port<ISubnetMarkets>().SpotPrice(_engine.View, RadcadDay.Netuid);
        var budget = Amount.Tokens(10_000_000);
        _up = [new SwapToPrice(RadcadDay.Netuid, spot.Mul(Fixed.Parse("1.001"), Rounding.Down), budget).From(RadcadDay.PinAccount)];
        _down = [new SwapToPrice(RadcadDay.Netuid, spot, budget).From(RadcadDay.PinAccount)];
        long position = _engine.StateOf<MarginState>().Positions.Keys.Min();
        _liquidate = [new Liquidate(position).From(RadcadDay.LiquidatorAccount)];
        // Each block must do what it says: the swaps accepted, the liquidation refused as not liquidatable.
        if (_engine.ExecuteBlockCountingRejections(_up) + _engine.ExecuteBlockCountingRejections(_down) != 0)
            throw new InvalidOperationException("the pin's swapToPrice was refused");
        var refused = _engine.ExecuteBlock(_liquidate).Results[0];
        if (refused.Error != MarginErrors.NotLiquidatable) throw new InvalidOperationException($"margin.liquidate: {refused}");
        _engine.Events.Clear();
    }

    [Benchmark(Baseline = true)]
    public int EmptyBlock() => Block([]);

    [Benchmark]
    public int SwapToPriceBlock()
    {
        _goUp = !_goUp;
        return Block(_goUp ? _up : _down);
    }

    [Benchmark]
    public int RefusedLiquidateBlock() => Block(_liquidate);

    private int Block(Envelope[] transactions)
    {
        int rejected = _engine.ExecuteBlockCountingRejections(transactions);
        _engine.Events.Clear();
        return rejected;
    }
}

/// <summary>
/// One block of the radCAD day's engine (see <see cref="BlockFloorBenchmarks"/>) in which the margin hook accrues
/// borrowing fees over the 1,000 positions (every 360 blocks). Each iteration runs, unmeasured, the empty blocks up
/// to the one before an accrual block, then measures the accrual block alone.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 30)]
[InvocationCount(1)]
public class AccrualBlockBenchmarks
{
    private Engine _engine = null!;

    [GlobalSetup]
    public void Setup() => _engine = RadcadDay.Engine();

    [IterationSetup]
    public void ToBlockBeforeAccrual()
    {
        var state = _engine.StateOf<MarginState>();
        long interval = _engine.Parameters.Get<MarginParameters>().BorrowAccrualIntervalBlocks;
        while (_engine.Height + 1 - state.LastAccrualBlock < interval) _engine.ExecuteBlockCountingRejections([]);
        _engine.Events.Clear();
    }

    [Benchmark]
    public int AccrualBlock()
    {
        long before = _engine.StateOf<MarginState>().LastAccrualBlock;
        int rejected = _engine.ExecuteBlockCountingRejections([]);
        _engine.Events.Clear();
        if (_engine.StateOf<MarginState>().LastAccrualBlock == before) throw new InvalidOperationException("the block did not accrue");
        return rejected;
    }
}

/// <summary>
/// A path's fixed cost before its first horizon block, for the radCAD day: <c>BuildEngine</c> builds the simulator's
/// engine (the core and every protocol module, as <c>SimulationEngines.Create</c> does for each path);
/// <c>GenesisAndSetup</c> runs a whole path up to the horizon (that engine, genesis with 1,002 accounts, the setup
/// blocks, the 1,000 opens, the settling block), as <c>PathRunner.RunTo(path, 0)</c> does.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PathSetupBenchmarks
{
    private PathRunner _runner = null!;
    private int _path;

    [GlobalSetup]
    public void Setup() => _runner = new PathRunner(RadcadDay.Scenario());

    [Benchmark]
    public Engine BuildEngine() => SimulationEngines.Create(new EngineOptions { RecordEvents = true });

    [Benchmark]
    public long GenesisAndSetup() => _runner.RunTo(_path++ & 63, 0).Height;
}

/// <summary>The engine of <c>scenarios/radcad-margin-day.yaml</c>'s path 0 after genesis, setup and the settling block.</summary>
internal static class RadcadDay
{
    public const int Netuid = 3;
    public const string PinAccount = "pin-SN3";
    public const string LiquidatorAccount = "liq";

    public static Scenario Scenario() => ScenarioLoader.LoadFile(Path.Combine(RepositoryRoot(), "scenarios", "radcad-margin-day.yaml"));

    public static Engine Engine() => new PathRunner(Scenario()).RunTo(0, 0);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scenarios", "radcad-margin-day.yaml"))) return dir.FullName;
        throw new InvalidOperationException($"no scenarios/radcad-margin-day.yaml above {AppContext.BaseDirectory}");
    }
}
