namespace Ballast.Core.State;

/// <summary>
/// A list of values kept in fixed chunks that a clone shares with its original until either side writes into one.
/// It exists for long append-mostly histories (a price source's TWAP observations: one per block, 216,000 kept): a
/// clone of such a list as a <see cref="List{T}"/> copies every element, so the node's snapshot of the state (taken
/// under the engine's lock, every few seconds under load) grew with the history to tens of megabytes copied while
/// every block waited. Here a clone copies one reference per chunk; the first write into a shared chunk (an append
/// into a partly filled last chunk, setting the last element, or writes after truncating into an older chunk) copies
/// that chunk alone.
/// <para>
/// Supported edits are the ones a history needs: append, set the last element, remove a prefix (pruning), truncate a
/// suffix (undo). Chunks before <see cref="_ownedFrom"/> may be shared and are never written; writes happen only at the
/// tail, so the chunk written is always the last one, and making it owned makes every chunk from it on owned.
/// Not thread-safe for writes; a clone may be read on another thread while its original is written.
/// </para>
/// </summary>
public sealed class CopyOnWriteChunkList<T> where T : struct
{
    /// <summary>Elements per chunk: small enough that a chunk of 48-byte values stays off the large-object heap.</summary>
    public const int ChunkSize = 1024;

    private T[][] _chunks = [];
    private int _chunkCount;
    private int _offset; // index in chunk 0 of element 0 (a pruned prefix leaves dead slots before it)
    private int _ownedFrom; // chunks [0, _ownedFrom) may be shared with a clone: copied before any write

    /// <summary>The number of elements.</summary>
    public int Count { get; private set; }

    /// <summary>Chunks this list shares with a clone (or a clone with it): for tests and diagnostics.</summary>
    public int SharedChunks => Math.Min(_ownedFrom, _chunkCount);

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            int p = _offset + index;
            return _chunks[p / ChunkSize][p % ChunkSize];
        }
    }

    /// <summary>The last element (the list must not be empty).</summary>
    public T Last => this[Count - 1];

    public void Add(T value)
    {
        int p = _offset + Count;
        int chunk = p / ChunkSize;
        if (chunk == _chunkCount)
        {
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
            _chunks[_chunkCount++] = new T[ChunkSize];
        }
        Writable(chunk)[p % ChunkSize] = value;
        Count++;
    }

    /// <summary>Replaces the last element (the list must not be empty).</summary>
    public void SetLast(T value)
    {
        if (Count == 0) throw new InvalidOperationException("the list is empty");
        int p = _offset + Count - 1;
        Writable(p / ChunkSize)[p % ChunkSize] = value;
    }

    /// <summary>Removes the first <paramref name="count"/> elements: whole chunks before the new first element are released.</summary>
    public void RemovePrefix(int count)
    {
        if ((uint)count > (uint)Count) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == Count)
        {
            Clear();
            return;
        }
        int p = _offset + count;
        int dropped = p / ChunkSize;
        if (dropped > 0)
        {
            Array.Copy(_chunks, dropped, _chunks, 0, _chunkCount - dropped);
            Array.Clear(_chunks, _chunkCount - dropped, dropped);
            _chunkCount -= dropped;
            _ownedFrom = Math.Max(0, _ownedFrom - dropped);
        }
        _offset = p % ChunkSize;
        Count -= count;
    }

    /// <summary>Keeps the first <paramref name="count"/> elements and removes the rest.</summary>
    public void Truncate(int count)
    {
        if ((uint)count > (uint)Count) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == 0)
        {
            Clear();
            return;
        }
        int needed = (_offset + count - 1) / ChunkSize + 1;
        // Slots past the new end in a chunk still owned need no clearing: values hold no references, and an append
        // overwrites the slot before the count covers it.
        Array.Clear(_chunks, needed, _chunkCount - needed);
        _chunkCount = needed;
        _ownedFrom = Math.Min(_ownedFrom, _chunkCount);
        Count = count;
    }

    public void Clear()
    {
        _chunks = [];
        _chunkCount = 0;
        _offset = 0;
        _ownedFrom = 0;
        Count = 0;
    }

    /// <summary>
    /// A list of the elements from <paramref name="start"/> on that shares this one's chunks: O(chunks), not O(elements).
    /// From now on both lists copy a shared chunk before writing into it.
    /// </summary>
    public CopyOnWriteChunkList<T> Clone(int start = 0)
    {
        if ((uint)start > (uint)Count) throw new ArgumentOutOfRangeException(nameof(start));
        var copy = new CopyOnWriteChunkList<T>();
        if (start == Count) return copy;
        int p = _offset + start;
        int first = p / ChunkSize;
        int last = (_offset + Count - 1) / ChunkSize;
        copy._chunkCount = last - first + 1;
        copy._chunks = new T[Math.Max(4, copy._chunkCount)][];
        Array.Copy(_chunks, first, copy._chunks, 0, copy._chunkCount);
        copy._offset = p % ChunkSize;
        copy.Count = Count - start;
        copy._ownedFrom = copy._chunkCount;
        _ownedFrom = _chunkCount;
        return copy;
    }

    /// <summary>Elements [<paramref name="start"/>, Count), in order, without copying them into a new list.</summary>
    public IEnumerable<T> From(int start)
    {
        if ((uint)start > (uint)Count) throw new ArgumentOutOfRangeException(nameof(start));
        for (int i = start; i < Count; i++) yield return this[i];
    }

    /// <summary>The chunk, copied first when it may be shared; then it and every later chunk are this list's own.</summary>
    private T[] Writable(int chunk)
    {
        if (chunk < _ownedFrom)
        {
            _chunks[chunk] = (T[])_chunks[chunk].Clone();
            _ownedFrom = chunk;
        }
        return _chunks[chunk];
    }
}
