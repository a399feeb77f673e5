using System.Collections;
using Ballast.Core.Hashing;

namespace Ballast.Core.State;

/// <summary>
/// A sorted map in module state: iteration is in key order (so every replay walks it the same way), every change is
/// journaled for the current transaction, snapshots copy it deeply, and the hash encodes it in key order.
/// Values that are <see cref="StateObject"/>s journal their own field writes.
/// </summary>
public sealed class StateMap<TKey, TValue> : IStateContainer, IJournaled, IEnumerable<KeyValuePair<TKey, TValue>> where TKey : notnull
{
    private readonly SortedDictionary<TKey, TValue> _items;
    private readonly List<(TKey Key, TValue Value, bool Existed)> _undo = [];
    private long _journalStamp;

    public StateMap() : this((IComparer<TKey>?)null) { }

    /// <param name="comparer">Key order; strings default to ordinal.</param>
    public StateMap(IComparer<TKey>? comparer) =>
        _items = new SortedDictionary<TKey, TValue>(comparer ?? (typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default));

    public int Count => _items.Count;
    public SortedDictionary<TKey, TValue>.KeyCollection Keys => _items.Keys;
    public SortedDictionary<TKey, TValue>.ValueCollection Values => _items.Values;
    public IComparer<TKey> Comparer => _items.Comparer;

    public TValue this[TKey key]
    {
        get => _items[key];
        set
        {
            Record(key);
            _items[key] = value;
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
        return _items.Remove(key);
    }

    public bool Remove(TKey key, out TValue value)
    {
        if (!_items.TryGetValue(key, out value!)) return false;
        Record(key);
        return _items.Remove(key);
    }

    public void Clear()
    {
        foreach (var key in _items.Keys.ToList()) Remove(key);
    }

    public SortedDictionary<TKey, TValue>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

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
