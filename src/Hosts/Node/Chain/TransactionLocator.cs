namespace Ballast.Node.Chain;

/// <summary>
/// Which block holds an included transaction, by its hash: every transaction of the log, in memory as the first 8
/// bytes of its hash → its block's height (about 30 bytes a transaction), so the log needs no index on hashes (an
/// index of random keys costs a whole page of write-ahead log per row at every commit). Two hashes that share their
/// first 8 bytes (cheap to make on purpose: 2^32 tries) keep both heights, so each is still found.
/// <para>
/// The map is kept in segments of at most <see cref="SegmentEntries"/> keys, a new one begun when the last is full: one
/// dictionary of every transaction doubled its arrays as it grew, and at millions of entries each doubling allocated
/// hundreds of megabytes and rehashed every key under the pool's lock (every submission waiting), a stall that grew
/// with the log. Not thread-safe: the chain uses it under its pool's lock.
/// </para>
/// </summary>
internal sealed class TransactionLocator
{
    /// <summary>Keys per segment: a full segment is ~30 MB and is never resized again.</summary>
    public const int SegmentEntries = 1 << 20;

    private readonly int _segmentEntries;
    private readonly List<Dictionary<ulong, long>> _full = []; // oldest first; never added to again
    private Dictionary<ulong, long> _current = [];
    private readonly Dictionary<ulong, List<long>> _shared = []; // keys added more than once, with every height

    public TransactionLocator(int segmentEntries = SegmentEntries) => _segmentEntries = Math.Max(1, segmentEntries);

    public int Count { get; private set; }

    /// <summary>Segments in use (the one being filled included).</summary>
    public int Segments => _full.Count + 1;

    public void Add(string hash, long height)
    {
        if (!TryKey(hash, out var key)) return;
        Count++;
        if (_shared.TryGetValue(key, out var several))
        {
            several.Add(height);
            return;
        }
        if (Holding(key) is { } segment)
        {
            _shared[key] = [segment[key], height];
            segment.Remove(key);
            return;
        }
        if (_current.Count >= _segmentEntries)
        {
            _full.Add(_current);
            // Sized once: the next segment will fill too (this node has seen a segment's worth of transactions).
            _current = new Dictionary<ulong, long>(_segmentEntries);
        }
        _current.Add(key, height);
    }

    /// <summary>The heights of the blocks that may hold <paramref name="hash"/> (empty when none does).</summary>
    public IReadOnlyList<long> Candidates(string hash) =>
        !TryKey(hash, out var key) ? []
        : _shared.TryGetValue(key, out var several) ? [.. several]
        : Holding(key) is { } segment ? [segment[key]]
        : [];

    /// <summary>The segment that holds <paramref name="key"/> once, newest first; null when none does.</summary>
    private Dictionary<ulong, long>? Holding(ulong key)
    {
        if (_current.ContainsKey(key)) return _current;
        for (int i = _full.Count - 1; i >= 0; i--)
            if (_full[i].ContainsKey(key)) return _full[i];
        return null;
    }

    public void Clear()
    {
        _full.Clear();
        _current = [];
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
