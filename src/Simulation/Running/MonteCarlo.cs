using Ballast.Core.Blocks;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Running;

/// <summary>
/// Runs a scenario's paths on <c>threads</c> worker threads. Path i's randomness derives from (seed, i) only and its
/// result lands in slot i, so the results — and every byte written from them — are the same for any number of
/// threads and any order of completion. Path 0 runs first on its own, so a scenario whose setup the engine refuses
/// fails before the parallel work starts.
/// </summary>
public sealed class MonteCarlo(Scenario scenario, int threads, Func<EngineOptions, Engine>? createEngine = null)
{
    private readonly PathRunner _runner = new(scenario, createEngine);

    public long BlocksDone => _runner.BlocksDone;
    public long TotalBlocks => scenario.HorizonBlocks * scenario.Paths;
    private int _pathsDone;
    public int PathsDone => Volatile.Read(ref _pathsDone);

    /// <summary>The sampled series' names, known once a path has run.</summary>
    public IReadOnlyList<string> SeriesNames => _runner.SeriesNames;

    public IReadOnlyList<PathResult> Run(CancellationToken cancel = default)
    {
        var results = new PathResult[scenario.Paths];
        results[0] = _runner.Run(0);
        Interlocked.Increment(ref _pathsDone);
        if (scenario.Paths > 1)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel };
            try
            {
                Parallel.For(1, scenario.Paths, options, i =>
                {
                    results[i] = _runner.Run(i);
                    Interlocked.Increment(ref _pathsDone);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is SimulationFailure or ScenarioException))
            {
                // Several paths may fail at once; report the lowest path, as a run with one thread would.
                throw e.InnerExceptions.OrderBy(x => x is SimulationFailure f ? f.Path : -1).First();
            }
        }
        return results;
    }
}
