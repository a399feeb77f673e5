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

    internal void Add(int transactions, int rejected, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _blocks);
        Interlocked.Add(ref _transactions, transactions);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
    }
}
