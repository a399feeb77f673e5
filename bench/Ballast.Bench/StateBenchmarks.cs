using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;

namespace Ballast.Bench;

/// <summary>
/// Whole-state operations on the perps setup (100,000 open positions, subnets, insurance, controller): the state hash
/// (checkpoints, the node's block hashes, the debug check after rejections) and a snapshot (what-if runs, the
/// simulator's restarts).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
[MemoryDiagnoser]
public class StateBenchmarks
{
    private Engine _engine = null!;

    [GlobalSetup]
    public void Setup() => _engine = PerpsBlockSetup.Get().Engine;

    [Benchmark]
    public string StateHash() => _engine.StateHash();

    [Benchmark]
    public EngineSnapshot Snapshot() => _engine.Snapshot();
}
