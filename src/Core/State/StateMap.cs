using System.Collections;
using Ballast.Core.Hashing;

namespace Ballast.Core.State;

/// <summary>
/// A sorted map in module state: iteration is in key order (so every replay walks it the same way), every change is
/// journaled for the current transaction, snapshots copy it deeply, and the hash encodes it in key order.
/// Values that are <see cref="StateObject"/>s journal their own field writes.
/// A map walked twice with no change between keeps an array of its entries in key order until the next change, and
/// later walks read it (block hooks walk the same maps every block: a sorted tree's enumerator allocates its stack
/// and chases pointers each time); as with the tree, changing the map while enumerating it throws.
/// </summary>
public sealed class StateMap<TKey, TValue> : IStateContainer, IJournaled, IEnumerable<KeyValuePair<TKey, TValue>> where TKey : notnull
{
    private readonly SortedDictionary<TKey, TValue> _items;
    private readonly List<(TKey Key, TValue Value, bool Existed)> _undo = [];
    private long _journalStamp;
    private KeyValuePair<TKey, TValue>[]? _ordered; // the entries in key order; null after a change until a second read
    private int _version;
    private int _readsSinceChange;
    private KeyCollection? _keys;
    private ValueCollection? _values;

    public StateMap() : this((IComparer<TKey>?)null) { }

    /// <param name="comparer">Key order; strings default to ordinal.</param>
    public StateMap(IComparer<TKey>? comparer) =>
        _items = new SortedDictionary<TKey, TValue>(comparer ?? (typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default));

    public int Count => _items.Count;
    /// <summary>The keys in order.</summary>
    public KeyCollection Keys => _keys ??= new KeyCollection(this);
    /// <summary>The values in key order.</summary>
    public ValueCollection Values => _values ??= new ValueCollection(this);
    public IComparer<TKey> Comparer => _items.Comparer;

    public TValue this[TKey key]
    {
        get => _items[key];
        set
        {
            Record(key);
            _items[key] = value;
            Changed();
        }
    }

    public bool TryGetValue(TKey key, out TValue value) => _items.TryGetValue(key, out value!);
    public bool ContainsKey(TKey key) => _items.ContainsKey(key);
    public TValue? GetValueOrDefault(TKey key) => _items.TryGetValue(key, out var v) ? v : default;
    public TValue GetValueOrDefault(TKey key, TValue fallback) => _items.TryGetValue(key, out var v) ? v : fallback;

    public void Add(TKey key, TValue value)
    {
        if (_items.ContainsKey(key)) throw new ArgumentException($"key {key} is already in the map", nameof(key));
        Record(key);
        _items.Add(key, value);
        Changed();
    }

    public bool TryAdd(TKey key, TValue value)
    {
        if (_items.ContainsKey(key)) return false;
        Add(key, value);
        return true;
    }

    public bool Remove(TKey key)
    {
        if (!_items.ContainsKey(key)) return false;
        Record(key);
        Changed();
        return _items.Remove(key);
    }

    public bool Remove(TKey key, out TValue value)
    {
        if (!_items.TryGetValue(key, out value!)) return false;
        Record(key);
        Changed();
        return _items.Remove(key);
    }

    public void Clear()
    {
        foreach (var key in _items.Keys.ToList()) Remove(key);
    }

    public Enumerator GetEnumerator() => new(this);
    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Changed()
    {
        _ordered = null;
        _version++;
        _readsSinceChange = 0;
    }

    // The first walk after a change goes through the tree; a second walk with no change between builds the array. A
    // map changed between every two walks (positions opened one by one, each open looking through the positions)
    // never copies itself, and a map walked every block but rarely changed (the subnets) walks an array.
    private KeyValuePair<TKey, TValue>[]? OrderedIfReadAgain() =>
        _ordered ?? (_readsSinceChange++ == 0 ? null : _ordered = CopyInOrder());

    private KeyValuePair<TKey, TValue>[] CopyInOrder()
    {
        var entries = new KeyValuePair<TKey, TValue>[_items.Count];
        _items.CopyTo(entries, 0);
        return entries;
    }

    /// <summary>Walks the entries in key order (the kept array, or the tree); throws if the map changes meanwhile.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        private readonly StateMap<TKey, TValue> _map;
        private readonly KeyValuePair<TKey, TValue>[]? _entries;
        private SortedDictionary<TKey, TValue>.Enumerator _tree; // used when _entries is null
        private readonly int _version;
        private int _index;

        internal Enumerator(StateMap<TKey, TValue> map)
        {
            _map = map;
            _entries = map.OrderedIfReadAgain();
            _tree = _entries is null ? map._items.GetEnumerator() : default;
            _version = map._version;
            _index = -1;
        }

        public readonly KeyValuePair<TKey, TValue> Current => _entries is null ? _tree.Current : _entries[_index];
        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_map._version != _version) throw new InvalidOperationException("the state map changed while it was being enumerated");
            return _entries is null ? _tree.MoveNext() : ++_index < _entries.Length;
        }

        public void Reset()
        {
            if (_entries is null) ((IEnumerator)_tree).Reset();
            _index = -1;
        }

        public readonly void Dispose() { }
    }

    /// <summary>The keys in order (a live view of the map).</summary>
    public sealed class KeyCollection(StateMap<TKey, TValue> map) : IReadOnlyCollection<TKey>, ICollection<TKey>
    {
        public int Count => map.Count;
        public bool IsReadOnly => true;
        public KeyEnumerator GetEnumerator() => new(map.GetEnumerator());
        IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() => GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public bool Contains(TKey item) => map.ContainsKey(item);
        public void CopyTo(TKey[] array, int arrayIndex)
        {
            foreach (var (key, _) in map) array[arrayIndex++] = key;
        }
        void ICollection<TKey>.Add(TKey item) => throw new NotSupportedException("the keys of a state map are read-only");
        void ICollection<TKey>.Clear() => throw new NotSupportedException("the keys of a state map are read-only");
        bool ICollection<TKey>.Remove(TKey item) => throw new NotSupportedException("the keys of a state map are read-only");
    }

    /// <summary>The values in key order (a live view of the map).</summary>
    public sealed class ValueCollection(StateMap<TKey, TValue> map) : IReadOnlyCollection<TValue>, ICollection<TValue>
    {
        public int Count => map.Count;
        public bool IsReadOnly => true;
        public ValueEnumerator GetEnumerator() => new(map.GetEnumerator());
        IEnumerator<TValue> IEnumerable<TValue>.GetEnumerator() => GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public bool Contains(TValue item)
        {
            var comparer = EqualityComparer<TValue>.Default;
            foreach (var (_, value) in map) if (comparer.Equals(value, item)) return true;
            return false;
        }
        public void CopyTo(TValue[] array, int arrayIndex)
        {
            foreach (var (_, value) in map) array[arrayIndex++] = value;
        }
        void ICollection<TValue>.Add(TValue item) => throw new NotSupportedException("the values of a state map are read-only");
        void ICollection<TValue>.Clear() => throw new NotSupportedException("the values of a state map are read-only");
        bool ICollection<TValue>.Remove(TValue item) => throw new NotSupportedException("the values of a state map are read-only");
    }

    /// <summary>Walks the keys in order.</summary>
    public struct KeyEnumerator(Enumerator inner) : IEnumerator<TKey>
    {
        private Enumerator _inner = inner;
        public readonly TKey Current => _inner.Current.Key;
        readonly object IEnumerator.Current => Current!;
        public bool MoveNext() => _inner.MoveNext();
        public void Reset() => _inner.Reset();
        public readonly void Dispose() { }
    }

    /// <summary>Walks the values in key order.</summary>
    public struct ValueEnumerator(Enumerator inner) : IEnumerator<TValue>
    {
        private Enumerator _inner = inner;
        public readonly TValue Current => _inner.Current.Value;
        readonly object IEnumerator.Current => Current!;
        public bool MoveNext() => _inner.MoveNext();
        public void Reset() => _inner.Reset();
        public readonly void Dispose() { }
    }

    private void Record(TKey key)
    {
        var journal = StateJournal.Current;
        if (journal is null) return;
        journal.BeforeWrite(ref _journalStamp, this); // enlists once per transaction (or refuses a read-only write)
        if (journal.Access == StateAccess.Recorded)
            _undo.Add(_items.TryGetValue(key, out var old) ? (key, old, true) : (key, default!, false));
    }

    void IJournaled.Commit(StateJournal journal) => _undo.Clear();

    void IJournaled.Rollback(StateJournal journal)
    {
        for (int i = _undo.Count - 1; i >= 0; i--)
        {
            var (key, value, existed) = _undo[i];
            if (existed) _items[key] = value; else _items.Remove(key);
        }
        if (_undo.Count > 0) Changed();
        _undo.Clear();
    }

    public object DeepClone()
    {
        var copy = new StateMap<TKey, TValue>(_items.Comparer);
        foreach (var (k, v) in _items) copy._items.Add(k, StateSchema.CloneValue(v));
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write(_items.Count);
        foreach (var (k, v) in _items)
        {
            StateSchema.WriteTyped(hasher, k);
            StateSchema.WriteTyped(hasher, v);
        }
    }

    public object View()
    {
        var view = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in _items) view[Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = StateSchema.ViewValue(v);
        return view;
    }
}
