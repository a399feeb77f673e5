namespace Ballast.Core.State;

/// <summary>
/// Base of every mutable object in module state (a market, a position, a module's root state). Declare each field
/// once, as a property whose setter goes through <see cref="Set{T}"/>:
/// <code>public Amount Margin { get; set => Set(ref field, value); }</code>
/// and the engine does the rest from that one declaration (see <see cref="StateSchema"/>): the transaction journal
/// records the object's old fields before its first write in a transaction, snapshots deep-copy it, the state hash
/// encodes every field in declaration order, and the generic view shows it. Caches that can be rebuilt from the
/// other fields are marked <see cref="DerivedAttribute"/>: not hashed, not cloned.
/// </summary>
public abstract class StateObject : IJournaled
{
    private long _journalStamp;
    private StateObject? _before;

    /// <summary>Writes <paramref name="value"/> into <paramref name="slot"/> (a field of this object), journaled.</summary>
    protected void Set<T>(ref T slot, T value)
    {
        var journal = StateJournal.Current;
        if (journal is not null && journal.BeforeWrite(ref _journalStamp, this))
            _before = journal.CopyForUndo(this, StateSchema.Of(GetType()));
        slot = value;
    }

    /// <summary>Records this object's fields before a write made some other way (rare: prefer <see cref="Set{T}"/>).</summary>
    protected void Touch()
    {
        var journal = StateJournal.Current;
        if (journal is not null && journal.BeforeWrite(ref _journalStamp, this))
            _before = journal.CopyForUndo(this, StateSchema.Of(GetType()));
    }

    void IJournaled.Commit(StateJournal journal)
    {
        if (_before is not null) journal.ReturnUndoCopy(_before, StateSchema.Of(GetType()));
        _before = null;
    }

    void IJournaled.Rollback(StateJournal journal)
    {
        if (_before is null) return;
        var schema = StateSchema.Of(GetType());
        var before = _before;
        schema.CopyFields(before, this);
        journal.ReturnUndoCopy(before, schema);
        _before = null;
    }

    /// <summary>A deep copy: nested state objects and collections are copied, immutable values shared.</summary>
    public StateObject DeepClone() => StateSchema.Of(GetType()).Clone(this);
}

/// <summary>A field or property that is a cache derived from the others: excluded from hash and clone, rebuilt by its owner.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class DerivedAttribute : Attribute;
