namespace Ballast.Node.Chain;

/// <summary>
/// The blocks the node serves from memory: the chain's first (its genesis, or the state it started from) and the
/// latest <see cref="Capacity"/> durable blocks; older ones are read from the log when asked for. Automining under
/// load, a node makes close to a thousand blocks a second: kept all, with their transactions' hashes, the block list
/// grew by about two megabytes a second for as long as the node ran. Trimmed a quarter at a time, like the events.
/// Not thread-safe: the chain uses it under its published view's lock.
/// </summary>
internal sealed class BlockWindow(int capacity)
{
    private readonly List<BlockInfo> _latest = [];

    /// <summary>How many of the latest blocks are kept (at most a quarter more between trims).</summary>
    public int Capacity { get; } = Math.Max(1, capacity);

    /// <summary>The chain's first block, always kept.</summary>
    public BlockInfo? First { get; private set; }

    /// <summary>Blocks held besides the first.</summary>
    public int Count => _latest.Count;

    /// <summary>Starts over from the chain's first block.</summary>
    public void Start(BlockInfo first)
    {
        _latest.Clear();
        First = first;
    }

    /// <summary>Adds the next block (its height follows the last one's), dropping the oldest when the window is full.</summary>
    public void Add(BlockInfo block)
    {
        if (_latest.Count > 0 && block.Height != _latest[^1].Height + 1)
            throw new InvalidOperationException($"block {block.Height} does not follow block {_latest[^1].Height}");
        _latest.Add(block);
        if (_latest.Count > Capacity + Capacity / 4) _latest.RemoveRange(0, _latest.Count - Capacity);
    }

    /// <summary>The block at <paramref name="height"/> when it is held; null when it is not (older: in the log only).</summary>
    public BlockInfo? Get(long height)
    {
        if (First is { } first && first.Height == height) return first;
        if (_latest.Count == 0) return null;
        long index = height - _latest[0].Height;
        return index >= 0 && index < _latest.Count ? _latest[(int)index] : null;
    }
}
