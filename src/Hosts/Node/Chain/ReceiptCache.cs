namespace Ballast.Node.Chain;

/// <summary>
/// The latest receipts by transaction hash, at most <see cref="Capacity"/> (the oldest leave first): what submitters
/// and readers ask for is almost always recent, and every receipt is also in the log (read by hash when not here),
/// so memory and the garbage collector's work stay bounded however long the node runs. Not thread-safe: the chain
/// uses it under its pool's lock.
/// </summary>
internal sealed class ReceiptCache(int capacity)
{
    private readonly Dictionary<string, Receipt> _byHash = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Capacity { get; } = capacity;

    public int Count => _byHash.Count;

    public bool TryGetValue(string hash, out Receipt receipt) => _byHash.TryGetValue(hash, out receipt!);

    public void Add(Receipt receipt)
    {
        if (!_byHash.TryAdd(receipt.Hash, receipt)) return;
        _order.Enqueue(receipt.Hash);
        while (_order.Count > Capacity) _byHash.Remove(_order.Dequeue());
    }

    public void Clear()
    {
        _byHash.Clear();
        _order.Clear();
    }
}
