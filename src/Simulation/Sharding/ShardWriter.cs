namespace Ballast.Simulation.Sharding;

/// <summary>
/// Serialises a shard's workers' writes into its store (a connection serves one thread at a time) and batches them:
/// a commit syncs to disk (about 10 ms on this machine's disk, docs/benchmarks.md), so units are written together once
/// <see cref="MaxBatch"/> have waited or <see cref="MaxDelay"/> has passed since the last write, and at the end. A unit
/// lost in a crash costs nothing: a rerun of the shard replaces all its rows anyway.
/// </summary>
public sealed class ShardWriter(ShardStore store, string runKey, int shard, int attempt, TimeProvider clock)
{
    public const int MaxBatch = 64;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly List<(int, byte[])> _pending = [];
    private long _lastWrite = clock.GetTimestamp();

    public void Write(int unit, byte[] data)
    {
        lock (_lock)
        {
            _pending.Add((unit, data));
            if (_pending.Count >= MaxBatch || clock.GetElapsedTime(_lastWrite) >= MaxDelay) FlushLocked();
        }
    }

    /// <summary>Writes every unit still waiting.</summary>
    public void Flush()
    {
        lock (_lock) FlushLocked();
    }

    private void FlushLocked()
    {
        if (_pending.Count > 0 && !store.WriteUnits(runKey, shard, attempt, _pending))
            throw new ShardingException($"shard {shard}: attempt {attempt} was replaced by a later attempt of the same shard; this process stops writing");
        _pending.Clear();
        _lastWrite = clock.GetTimestamp();
    }
}
