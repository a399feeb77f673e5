using System.Collections;
using Ballast.Core.Hashing;

namespace Ballast.Core.State;

/// <summary>
/// An append-only list in module state (records kept forever: every capital requirement recorded). Unlike
/// <see cref="StateList{T}"/>, whose hash writes every item and whose undo record copies the list, its cost per block
/// does not grow with its length: an append extends a SHA-256 chain (<see cref="HashChain"/>) over the items' canonical
/// encodings, the state hash writes the count and the chain's head, and the undo record is the count and head before
/// the transaction's first append. Equal heads mean equal items in the same order unless SHA-256 has a collision.
/// </summary>
public sealed class StateLog<T> : IStateContainer, IJournaled, IReadOnlyList<T>
{
    private readonly List<T> _items = [];
    private HashChain _head;
    private (int Count, HashChain Head)? _before;
    private long _journalStamp;

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    /// <summary>The chain's head over every item appended so far (a state file keeps the items and recomputes it).</summary>
    public HashChain Head => _head;

    public void Add(T item)
    {
        var journal = StateJournal.Current;
        if (journal is not null && journal.BeforeWrite(ref _journalStamp, this)) _before = (_items.Count, _head);
        _head = Link(_head, item);
        _items.Add(item);
    }

    private static HashChain Link(HashChain head, T item)
    {
        using var hasher = new StateHasher();
        hasher.Write(head);
        StateSchema.WriteTyped(hasher, item);
        return hasher.FinishChain();
    }

    void IJournaled.Commit(StateJournal journal) => _before = null;

    void IJournaled.Rollback(StateJournal journal)
    {
        if (_before is { } before)
        {
            _items.RemoveRange(before.Count, _items.Count - before.Count);
            _head = before.Head;
        }
        _before = null;
    }

    public List<T>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public object DeepClone()
    {
        var copy = new StateLog<T> { _head = _head };
        foreach (var item in _items) copy._items.Add(StateSchema.CloneValue(item));
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write(_items.Count);
        hasher.Write(_head);
    }

    public object View() => _items.Select(item => StateSchema.ViewValue(item)).ToList();
}
