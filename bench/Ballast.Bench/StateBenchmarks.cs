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

    private byte[] _stateFile = null!;
    private Engine _target = null!;

    [GlobalSetup(Targets = [nameof(StateFileLoad)])]
    public void SetupLoad()
    {
        _engine = PerpsBlockSetup.Get().Engine;
        _stateFile = Core.State.Persistence.EngineStateFile.Write(_engine);
        _target = _engine; // the setup is built once per process: loading replaces its state with the same state
    }

    /// <summary>The node's periodic snapshot and <c>GET /dev/state</c>: the whole state as a state file.</summary>
    [Benchmark]
    public int StateFileWrite() => Core.State.Persistence.EngineStateFile.Write(_engine).Length;

    /// <summary>A restart from a stored snapshot, or <c>--state FILE</c>: the state file loaded (and its hash checked).</summary>
    [Benchmark]
    public long StateFileLoad() => Core.State.Persistence.EngineStateFile.Load(_target, _stateFile).Height;
}
