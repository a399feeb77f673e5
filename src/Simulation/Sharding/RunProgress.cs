namespace Ballast.Simulation.Sharding;

/// <summary>
/// A sharded run's progress as the stores show it: each shard's record (a shard found in two stores counts once, as
/// <see cref="Duplicated"/>), and how many are done, running, failed and missing. "Running" is what the store knows:
/// a shard whose process was killed stays running until it is rerun (the scheduler's own view says which).
/// </summary>
public sealed record RunProgress(ShardedRun Run, IReadOnlyList<ShardRecord> Shards, IReadOnlyList<int> Missing, IReadOnlyList<int> Duplicated)
{
    public int Done => Shards.Count(s => s.State == ShardState.Done);
    public int Running => Shards.Count(s => s.State == ShardState.Running);
    public int Failed => Shards.Count(s => s.State == ShardState.Failed);
    public bool Complete => Done == Run.Shards && Duplicated.Count == 0;

    /// <summary>Every run in the stores (or only those whose key starts with <paramref name="runKeyPrefix"/>), by name then key.</summary>
    public static IReadOnlyList<RunProgress> Of(IReadOnlyList<ShardStore> stores, string? runKeyPrefix = null)
    {
        var runs = stores.SelectMany(s => s.Runs()).DistinctBy(r => r.Key)
            .Where(r => runKeyPrefix is null || r.Key.StartsWith(runKeyPrefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal);
        var list = new List<RunProgress>();
        foreach (var run in runs)
        {
            var records = stores.SelectMany(s => s.Shards(run.Key)).ToList();
            var byShard = records.GroupBy(r => r.Shard).OrderBy(g => g.Key).ToList();
            list.Add(new RunProgress(run, byShard.Select(g => g.First()).ToList(),
                Enumerable.Range(0, run.Shards).Where(i => byShard.All(g => g.Key != i)).ToList(),
                byShard.Where(g => g.Count() > 1).Select(g => g.Key).ToList()));
        }
        return list;
    }
}
