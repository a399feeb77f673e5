using System.Text;
using Ballast.Core.Blocks;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Sweeps;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// Runs one shard of a simulation (its paths) or of a sweep (its grid points) and writes each unit's exact result into
/// a <see cref="ShardStore"/> as it completes. A path's randomness derives from (seed, path) only, and a grid point's
/// from the same seed at every point, so a unit computed in any shard is the unit the single run computes. A broken
/// invariant or a refused setup marks the shard failed (with the sentence) and is rethrown for the host's exit code; a
/// rerun of the shard replaces its rows.
/// </summary>
public static class ShardRunner
{
    public static ShardReport RunSimulation(Scenario scenario, Shard shard, ShardStore store, int threads, ShardHost host,
        Func<EngineOptions, Engine>? createEngine = null, Action<int>? onUnitDone = null, CancellationToken cancel = default)
    {
        var run = ShardedRun.ForSimulation(scenario, shard.Count, DirectoryOf(scenario));
        var (start, end) = (shard.Start(scenario.Paths), shard.End(scenario.Paths));
        return Execute(run, shard, store, host, start, end, writer =>
        {
            if (start == end) return [];
            var runner = new PathRunner(scenario, createEngine);
            // The shard's first path runs alone, as the single run's path 0 does, so a refused setup fails before the rest.
            writer.Write(start, UnitCodec.EncodePath(runner.Run(start)));
            onUnitDone?.Invoke(start);
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel };
            try
            {
                Parallel.For(start + 1, end, options, i =>
                {
                    writer.Write(i, UnitCodec.EncodePath(runner.Run(i)));
                    onUnitDone?.Invoke(i);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is SimulationFailure or ScenarioException or ShardingException or System.Data.Common.DbException))
            {
                // Several paths may fail at once: report the lowest path, as one thread would; a store's refusal first.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions.OrderBy(x => x is SimulationFailure f ? f.Path : -1).First()).Throw();
            }
            return runner.SeriesNames;
        });
    }

    public static ShardReport RunSweep(Scenario scenario, Shard shard, ShardStore store, int threads, ShardHost host, SweepOptions options,
        Func<EngineOptions, Engine>? createEngine = null, Action<int>? onUnitDone = null)
    {
        if (scenario.Sweep.IsDefaultOrEmpty) throw new ScenarioException(scenario.File, 1, "sweep: the scenario has no sweep grid (sweep: {module.Parameter: [values], …})");
        var grid = SweepRunner.Grid(scenario);
        var run = ShardedRun.ForSweep(scenario, shard.Count, grid.Count, options.ToJson(), DirectoryOf(scenario));
        var (start, end) = (shard.Start(grid.Count), shard.End(grid.Count));
        return Execute(run, shard, store, host, start, end, writer =>
        {
            for (int i = start; i < end; i++)
            {
                var results = Simulator.Run(SweepRunner.At(scenario, grid[i]), threads, createEngine: createEngine);
                writer.Write(i, EncodePoint(results.Hash, results.Summary));
                onUnitDone?.Invoke(i);
            }
            return [];
        });
    }

    /// <summary>A grid point's unit: its results hash, then its summary.</summary>
    public static byte[] EncodePoint(string hash, RunSummary summary)
    {
        var hashBytes = Encoding.ASCII.GetBytes(hash);
        return [(byte)hashBytes.Length, .. hashBytes, .. UnitCodec.EncodeSummary(summary)];
    }

    public static (string Hash, RunSummary Summary) DecodePoint(byte[] data) =>
        (Encoding.ASCII.GetString(data, 1, data[0]), UnitCodec.DecodeSummary(data[(1 + data[0])..]));

    private static ShardReport Execute(ShardedRun run, Shard shard, ShardStore store, ShardHost host, int start, int end,
        Func<ShardWriter, IReadOnlyList<string>> work)
    {
        store.Register(run);
        int attempt = store.Begin(run.Key, shard.Index, host.Name, host.Version, host.Now());
        var writer = new ShardWriter(store, run.Key, shard.Index, attempt, host.Clock);
        try
        {
            var seriesNames = work(writer);
            writer.Flush();
            store.Complete(run.Key, shard.Index, attempt, end - start, seriesNames, host.Now());
        }
        catch (Exception e) when (e is SimulationFailure or ScenarioException or ShardingException)
        {
            store.Fail(run.Key, shard.Index, attempt, e.Message, host.Now());
            throw;
        }
        return new ShardReport(run, shard, start, end, attempt);
    }

    private static string DirectoryOf(Scenario s) => Path.GetDirectoryName(Path.GetFullPath(s.File)) ?? ".";
}
