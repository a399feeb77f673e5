namespace Ballast.Core.Blocks;

/// <summary>
/// The engine's event log. With <see cref="Recording"/> off (benchmarks, long simulations) an emit costs a branch
/// and, for record-struct events, allocates nothing.
/// </summary>
public sealed class EventLog
{
    private readonly List<EventRecord> _records = [];

    public bool Recording { get; set; } = true;
    public IReadOnlyList<EventRecord> Records => _records;
    public int Count => _records.Count;

    internal long Block { get; set; }
    internal int TxIndex { get; set; } = -1;

    public void Emit<T>(T @event) where T : IEvent
    {
        if (!Recording) return;
        _records.Add(new EventRecord(Block, TxIndex, @event));
    }

    internal void TruncateTo(int count)
    {
        if (_records.Count > count) _records.RemoveRange(count, _records.Count - count);
    }

    public void Clear() => _records.Clear();
}
