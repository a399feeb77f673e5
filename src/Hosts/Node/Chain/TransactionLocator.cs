namespace Ballast.Node.Chain;

/// <summary>
/// Which block holds an included transaction, by its hash: every transaction of the log, in memory as the first 8
/// bytes of its hash → its block's height (about 30 bytes a transaction), so the log needs no index on hashes (an
/// index of random keys costs a whole page of write-ahead log per row at every commit). Two hashes that share their
/// first 8 bytes (cheap to make on purpose: 2^32 tries) keep both heights, so each is still found. Not
/// thread-safe: the chain uses it under its pool's lock.
/// </summary>
internal sealed class TransactionLocator
{
    private readonly Dictionary<ulong, long> _heights = [];
    private readonly Dictionary<ulong, List<long>> _shared = [];

    public int Count { get; private set; }

    public void Add(string hash, long height)
    {
        if (!TryKey(hash, out var key)) return;
        Count++;
        if (_shared.TryGetValue(key, out var several))
        {
            several.Add(height);
            return;
        }
        if (!_heights.TryAdd(key, height))
        {
            _shared[key] = [_heights[key], height];
            _heights.Remove(key);
        }
    }

    /// <summary>The heights of the blocks that may hold <paramref name="hash"/> (empty when none does).</summary>
    public IReadOnlyList<long> Candidates(string hash) =>
        !TryKey(hash, out var key) ? []
        : _heights.TryGetValue(key, out var height) ? [height]
        : _shared.TryGetValue(key, out var several) ? [.. several]
        : [];

    public void Clear()
    {
        _heights.Clear();
        _shared.Clear();
        Count = 0;
    }

    /// <summary>A transaction hash is 64 lower-case hex digits; its first 16 are the key.</summary>
    private static bool TryKey(string hash, out ulong key)
    {
        key = 0;
        return hash.Length == 64 && ulong.TryParse(hash.AsSpan(0, 16), System.Globalization.NumberStyles.AllowHexSpecifier, null, out key);
    }
}
