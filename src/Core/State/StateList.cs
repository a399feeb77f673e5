using System.Collections;
using Ballast.Core.Hashing;

namespace Ballast.Core.State;

/// <summary>A list in module state: every change journaled for the current transaction, deep-copied by snapshots, hashed in order.</summary>
public sealed class StateList<T> : IStateContainer, IJournaled, IReadOnlyList<T>
{
    private List<T> _items = [];
    private List<T>? _before;
    private long _journalStamp;

    public int Count => _items.Count;

    public T this[int index]
    {
        get => _items[index];
        set { Record(); _items[index] = value; }
    }

    public void Add(T item) { Record(); _items.Add(item); }
    public void RemoveAt(int index) { Record(); _items.RemoveAt(index); }
    public void RemoveRange(int index, int count) { Record(); _items.RemoveRange(index, count); }
    public void Clear() { if (_items.Count == 0) return; Record(); _items.Clear(); }
    public bool Contains(T item) => _items.Contains(item);
    public int IndexOf(T item) => _items.IndexOf(item);

    public List<T>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    // Lists in state are short (a PID window, a liquidation window's callers): the undo record is a copy of the list.
    private void Record()
    {
        var journal = StateJournal.Current;
        if (journal is not null && journal.BeforeWrite(ref _journalStamp, this)) _before = [.. _items];
    }

    void IJournaled.Commit(StateJournal journal) => _before = null;

    void IJournaled.Rollback(StateJournal journal)
    {
        if (_before is not null) _items = _before;
        _before = null;
    }

    public object DeepClone()
    {
        var copy = new StateList<T>();
        foreach (var item in _items) copy._items.Add(StateSchema.CloneValue(item));
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write(_items.Count);
        foreach (var item in _items) StateSchema.WriteTyped(hasher, item);
    }

    public object View() => _items.Select(item => StateSchema.ViewValue(item)).ToList();
}
