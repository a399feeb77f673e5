namespace Ballast.Node.Chain;

/// <summary>Blocks, transactions and time spent executing and committing them, since the node started.</summary>
public sealed class MiningStats
{
    private long _blocks, _transactions, _rejected, _ticks, _snapshots;

    /// <summary>State snapshots stored since start.</summary>
    public long Snapshots => Interlocked.Read(ref _snapshots);

    internal void Snapshot() => Interlocked.Increment(ref _snapshots);

    public long Blocks => Interlocked.Read(ref _blocks);
    public long Transactions => Interlocked.Read(ref _transactions);
    public long Rejected => Interlocked.Read(ref _rejected);
    public double CommitSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;

    private long _waitTicks, _executeTicks, _recordTicks, _storeTicks; // Stopwatch ticks

    /// <summary>Seconds the miner waited for readers to release the engine before a block.</summary>
    public double WaitSeconds => Seconds(ref _waitTicks);
    /// <summary>Seconds executing blocks and hashing the state.</summary>
    public double ExecuteSeconds => Seconds(ref _executeTicks);
    /// <summary>Seconds making receipts and events (their JSON) for readers.</summary>
    public double RecordSeconds => Seconds(ref _recordTicks);
    /// <summary>Seconds appending blocks to the store, the flush included.</summary>
    public double StoreSeconds => Seconds(ref _storeTicks);

    private static double Seconds(ref long ticks) => (double)Interlocked.Read(ref ticks) / System.Diagnostics.Stopwatch.Frequency;

    internal void AddParts(long wait, long execute, long record, long store)
    {
        Interlocked.Add(ref _waitTicks, wait);
        Interlocked.Add(ref _executeTicks, execute);
        Interlocked.Add(ref _recordTicks, record);
        Interlocked.Add(ref _storeTicks, store);
    }

    internal void Add(int transactions, int rejected, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _blocks);
        Interlocked.Add(ref _transactions, transactions);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
    }
}
