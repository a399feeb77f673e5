namespace Ballast.Node.Chain;

/// <summary>Blocks, transactions and time spent on them by part of the pipeline, since the node started.</summary>
public sealed class MiningStats
{
    /// <summary>Each block from the start of its execution to its publication (durable, receipts handed out).</summary>
    public Api.LatencyHistogram BlockLatency { get; } = new("ballast_node_block_latency_seconds", "Time from the start of a block's execution to its publication (durable), per block.");

    private long _blocks, _transactions, _rejected, _ticks, _snapshots;

    /// <summary>State snapshots stored since start.</summary>
    public long Snapshots => Interlocked.Read(ref _snapshots);

    internal void Snapshot() => Interlocked.Increment(ref _snapshots);

    private long _snapshotsAbandoned;

    /// <summary>
    /// Snapshots given up since start: still being written at the lowest priority when the next fell due (that one is
    /// then written at normal priority). More than a few means the machine has no idle time for background work.
    /// </summary>
    public long SnapshotsAbandoned => Interlocked.Read(ref _snapshotsAbandoned);

    internal void SnapshotAbandoned() => Interlocked.Increment(ref _snapshotsAbandoned);

    private long _snapshotTakeTicks, _snapshotWriteTicks; // Stopwatch ticks

    /// <summary>Seconds copying the state for snapshots (the miner, under the engine's lock: every block waits).</summary>
    public double SnapshotTakeSeconds => Seconds(ref _snapshotTakeTicks);
    /// <summary>Seconds serializing and storing snapshots (a background thread, of the lowest priority unless the one before was given up; no one waits).</summary>
    public double SnapshotWriteSeconds => Seconds(ref _snapshotWriteTicks);

    internal void AddSnapshotTake(long ticks) => Interlocked.Add(ref _snapshotTakeTicks, ticks);
    internal void AddSnapshotWrite(long ticks) => Interlocked.Add(ref _snapshotWriteTicks, ticks);

    public long Blocks => Interlocked.Read(ref _blocks);
    public long Transactions => Interlocked.Read(ref _transactions);
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Seconds from the start of each block's execution to its publication, summed over blocks.</summary>
    public double CommitSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;

    private long _waitTicks, _executeTicks, _recordTicks, _serializeTicks, _handoffTicks, _storeTicks, _publishTicks; // Stopwatch ticks

    /// <summary>Seconds the miner waited for readers to release the engine before a block.</summary>
    public double WaitSeconds => Seconds(ref _waitTicks);
    /// <summary>Seconds executing blocks and hashing the state (the miner, under the engine's lock).</summary>
    public double ExecuteSeconds => Seconds(ref _executeTicks);
    /// <summary>Seconds making receipts and events for readers (the miner, under the engine's lock; with a due snapshot's copy of the state).</summary>
    public double RecordSeconds => Seconds(ref _recordTicks);
    /// <summary>Seconds making the receipts' JSON and the log's rows (the miner, off the engine's lock).</summary>
    public double SerializeSeconds => Seconds(ref _serializeTicks);
    /// <summary>Seconds the miner waited for the committer to finish the block before (the pipeline is full).</summary>
    public double HandoffSeconds => Seconds(ref _handoffTicks);
    /// <summary>Seconds appending blocks to the store, the flush included (the committer).</summary>
    public double StoreSeconds => Seconds(ref _storeTicks);
    /// <summary>Seconds publishing durable blocks: receipts to submitters, blocks and events to readers and the stream (the committer).</summary>
    public double PublishSeconds => Seconds(ref _publishTicks);

    private static double Seconds(ref long ticks) => (double)Interlocked.Read(ref ticks) / System.Diagnostics.Stopwatch.Frequency;

    internal void AddMinerParts(long wait, long execute, long record, long serialize)
    {
        Interlocked.Add(ref _waitTicks, wait);
        Interlocked.Add(ref _executeTicks, execute);
        Interlocked.Add(ref _recordTicks, record);
        Interlocked.Add(ref _serializeTicks, serialize);
    }

    internal void AddHandoff(long handoff) => Interlocked.Add(ref _handoffTicks, handoff);

    internal void AddCommitterParts(long store, long publish)
    {
        Interlocked.Add(ref _storeTicks, store);
        Interlocked.Add(ref _publishTicks, publish);
    }

    internal void Add(int transactions, int rejected, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _blocks);
        Interlocked.Add(ref _transactions, transactions);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
        BlockLatency.Observe(elapsed);
    }
}
