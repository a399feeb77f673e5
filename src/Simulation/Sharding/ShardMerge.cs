using Ballast.Simulation.Metrics;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Sweeps;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// Combines a run's shards from one or more stores into the results the single run produces: every shard 0…n−1
/// exactly once and done, each with exactly its range of units. Anything else is refused with the shards' states —
/// missing, running (or died), failed with its message, or present in two stores — and the command that fixes it.
/// The results are rebuilt from the exact units in unit order and summarised by the same code as the single run, so
/// every file written from them is byte-identical.
/// </summary>
public static class ShardMerge
{
    /// <summary>The run the stores hold; with several, <paramref name="runKeyPrefix"/> (a prefix of its key) chooses.</summary>
    public static ShardedRun FindRun(IReadOnlyList<ShardStore> stores, string? runKeyPrefix)
    {
        var runs = stores.SelectMany(s => s.Runs()).DistinctBy(r => r.Key).OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (runKeyPrefix is not null) runs = runs.Where(r => r.Key.StartsWith(runKeyPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (runs.Count == 1) return runs[0];
        if (runs.Count == 0)
            throw new ShardingException(runKeyPrefix is null ? "the results hold no sharded run" : $"no run whose key starts with {runKeyPrefix}");
        throw new ShardingException($"the results hold {runs.Count} runs; choose one with --run KEY: "
            + string.Join("; ", runs.Select(r => $"{r.ShortKey} {r.KindName} {r.Name} ({r.Shards} shards)")));
    }

    /// <summary>Each shard 0…n−1 of <paramref name="run"/> exactly once and done; otherwise a refusal naming every shard that is not.</summary>
    public static IReadOnlyList<FoundShard> CompleteShards(IReadOnlyList<ShardStore> stores, ShardedRun run)
    {
        var found = stores.SelectMany(s => s.Shards(run.Key).Select(r => new FoundShard(r, s))).ToList();
        var problems = new List<string>();
        var complete = new List<FoundShard>();
        foreach (var stray in found.Where(f => f.Record.Shard < 0 || f.Record.Shard >= run.Shards))
            problems.Add($"shard {stray.Record.Shard} in {stray.Record.Store} is not one of 0…{run.Shards - 1}");
        for (int i = 0; i < run.Shards; i++)
        {
            var copies = found.Where(f => f.Record.Shard == i).ToList();
            var name = $"shard {i}/{run.Shards}";
            if (copies.Count == 0) problems.Add($"{name} is missing (never started here): run it with --shard {i}/{run.Shards}");
            else if (copies.Count > 1) problems.Add($"{name} is duplicated, in {string.Join(" and ", copies.Select(c => c.Record.Store))}: remove the stale copy");
            else
            {
                var r = copies[0].Record;
                switch (r.State)
                {
                    case ShardState.Done:
                        complete.Add(copies[0]);
                        break;
                    case ShardState.Running:
                        problems.Add($"{name} is running or died (attempt {r.Attempt} on {r.Host} since {r.StartedUtc}, {r.UnitsDone} unit(s) written): wait for it, or rerun it with --shard {i}/{run.Shards}");
                        break;
                    default:
                        problems.Add($"{name} failed (attempt {r.Attempt} on {r.Host}): {r.Message}; rerun it with --shard {i}/{run.Shards}");
                        break;
                }
            }
        }
        if (problems.Count > 0)
            throw new ShardingException($"run {run.ShortKey} ({run.KindName} {run.Name}) is incomplete: {complete.Count} of {run.Shards} shard(s) done; " + string.Join("; ", problems));
        var builds = complete.GroupBy(c => c.Record.Version).ToList();
        if (builds.Count > 1)
            throw new ShardingException($"run {run.ShortKey} ({run.KindName} {run.Name}) was run by {builds.Count} builds of ballast, which may compute different numbers: "
                + string.Join("; ", builds.Select(b => $"{b.Key} ran shard(s) {string.Join(", ", b.Select(c => c.Record.Shard))}"))
                + "; rerun the shards of the other builds with one build");
        return complete;
    }

    /// <summary>The scenario the run was run with, loaded from its stored text (its data files are read from the stored directory).</summary>
    public static Scenario LoadScenario(ShardedRun run)
    {
        var scenario = ScenarioLoader.Load(run.ScenarioFile, run.ScenarioText, run.ScenarioDirectory, run.Paths);
        CheckIdentity(run, scenario);
        return scenario;
    }

    /// <summary>A simulation's results from its shards: <paramref name="scenario"/> must be the one the shards ran.</summary>
    public static RunResults MergeSimulation(IReadOnlyList<ShardStore> stores, ShardedRun run, Scenario scenario)
    {
        if (run.Kind != RunKind.Simulate) throw new ShardingException($"run {run.ShortKey} is a sweep, not a simulation");
        CheckIdentity(run, scenario);
        var paths = new List<PathResult>(run.Units);
        IReadOnlyList<string>? seriesNames = null;
        foreach (var (record, store) in CompleteShards(stores, run))
        {
            var units = ReadUnits(store, run, record, UnitCodec.DecodePath);
            foreach (var (unit, path) in units)
                if (path.Path != unit) throw new ShardingException($"shard {record.Shard} in {record.Store}: unit {unit} holds path {path.Path}");
            paths.AddRange(units.Select(u => u.Value));
            if (units.Count == 0) continue;
            if (seriesNames is null) seriesNames = record.SeriesNames;
            else if (!seriesNames.SequenceEqual(record.SeriesNames))
                throw new ShardingException($"shard {record.Shard} in {record.Store} sampled other series than shard 0's: were they run by different versions of ballast?");
        }
        return RunResults.Of(scenario, seriesNames ?? [], paths);
    }

    /// <summary>A sweep's points from its shards, in grid order.</summary>
    public static IReadOnlyList<SweepPoint> MergeSweep(IReadOnlyList<ShardStore> stores, ShardedRun run, Scenario scenario)
    {
        if (run.Kind != RunKind.Sweep) throw new ShardingException($"run {run.ShortKey} is a simulation, not a sweep");
        CheckIdentity(run, scenario);
        var grid = SweepRunner.Grid(scenario);
        var points = new List<SweepPoint>(grid.Count);
        foreach (var (record, store) in CompleteShards(stores, run))
            foreach (var (unit, (hash, summary)) in ReadUnits(store, run, record, ShardRunner.DecodePoint))
                points.Add(new SweepPoint(unit, grid[unit], summary, hash));
        return points;
    }

    private static List<(int Unit, T Value)> ReadUnits<T>(ShardStore store, ShardedRun run, ShardRecord record, Func<byte[], T> decode)
    {
        var shard = new Shard(record.Shard, run.Shards);
        var (start, end) = (shard.Start(run.Units), shard.End(run.Units));
        var units = store.Units(run.Key, record.Shard, record.Attempt).Select(u => (u.Unit, decode(u.Data))).ToList();
        if (units.Count != end - start || units.Where((u, k) => u.Unit != start + k).Any())
            throw new ShardingException($"shard {shard} in {record.Store} holds units {string.Join(",", units.Select(u => u.Unit))}, not its range {start}…{end - 1}");
        return units;
    }

    private static void CheckIdentity(ShardedRun run, Scenario scenario)
    {
        var expected = run.Kind == RunKind.Simulate
            ? ShardedRun.ForSimulation(scenario, run.Shards)
            : ShardedRun.ForSweep(scenario, run.Shards, SweepRunner.Grid(scenario).Count, run.Options);
        if (expected.Key != run.Key)
            throw new ShardingException($"the scenario given is not the one run {run.ShortKey} ran (its identity is {expected.ShortKey}): merge with the same file, text, seed, paths and horizon");
    }
}
