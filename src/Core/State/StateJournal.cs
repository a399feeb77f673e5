using Ballast.Core.Blocks;

namespace Ballast.Core.State;

/// <summary>What writes to module state do while the engine runs a piece of code.</summary>
public enum StateAccess
{
    /// <summary>
    /// Writes go through and are not recorded: a journal's state outside any scope. (Block hooks do not use it: they run
    /// with no journal current at all, <see cref="StateJournal.Suspend"/>, which costs a write one null check.)
    /// </summary>
    Untracked,
    /// <summary>Writes are recorded so the transaction can be undone to the unit (transaction handlers).</summary>
    Recorded,
    /// <summary>Writes are refused with <see cref="StateWriteRefusedException"/> (queries, keepers, agents, node readers).</summary>
    ReadOnly,
}

/// <summary>A state object or collection that keeps what it needs to undo the current transaction's writes.</summary>
internal interface IJournaled
{
    void Commit(StateJournal journal);
    void Rollback(StateJournal journal);
}

/// <summary>
/// The undo log of module state for one engine. Every <see cref="StateObject"/> setter and every
/// <see cref="StateMap{TKey,TValue}"/> or <see cref="StateList{T}"/> mutation asks the journal that is current on
/// this thread (set by the engine for the span of a handler, hook, query or keeper) what to do: record the old value
/// once per transaction, let it through, or refuse it. A rejected transaction is rolled back from these records,
/// together with the ledger's and the price oracle's own journals.
/// </summary>
public sealed class StateJournal
{
    [ThreadStatic] private static StateJournal? t_current;
    private static long s_stamps;

    private readonly List<IJournaled> _enlisted = [];
    private readonly Dictionary<Type, Stack<StateObject>> _undoCopies = [];

    internal static StateJournal? Current => t_current;

    public StateAccess Access { get; private set; } = StateAccess.Untracked;

    /// <summary>Changes whenever a transaction that wrote ends, so each object records its old value once per transaction.</summary>
    internal long Stamp { get; private set; } = Interlocked.Increment(ref s_stamps);

    /// <summary>True when the current transaction has written module state.</summary>
    public bool HasWrites => _enlisted.Count > 0;

    /// <summary>Makes this journal current on this thread with <paramref name="access"/> until the scope is disposed.</summary>
    public Scope Enter(StateAccess access)
    {
        var scope = new Scope(t_current, t_current?.Access ?? StateAccess.Untracked);
        t_current = this;
        Access = access;
        return scope;
    }

    /// <summary>
    /// Makes no journal current until the scope is disposed: writes go through unrecorded at the cost of one
    /// thread-static read (block hooks, where a failure halts the engine and nothing is undone).
    /// </summary>
    public static Scope Suspend()
    {
        var scope = new Scope(t_current, t_current?.Access ?? StateAccess.Untracked);
        t_current = null;
        return scope;
    }

    /// <summary>Restores the journal (and its access) that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(StateJournal? previous, StateAccess previousAccess) : IDisposable
    {
        public void Dispose()
        {
            t_current = previous;
            if (previous is not null) previous.Access = previousAccess;
        }
    }

    /// <summary>Called before a write. Returns true when the caller must record its undo information now.</summary>
    internal bool BeforeWrite(ref long objectStamp, IJournaled participant)
    {
        switch (Access)
        {
            case StateAccess.Untracked:
                return false;
            case StateAccess.ReadOnly:
                throw new StateWriteRefusedException(
                    $"{participant.GetType().Name} was written from a read-only view (a query, keeper or reader): only transaction handlers and block hooks change state");
            default:
                if (objectStamp == Stamp) return false;
                objectStamp = Stamp;
                _enlisted.Add(participant);
                return true;
        }
    }

    /// <summary>A copy of <paramref name="source"/>'s fields, from a pool so steady-state transactions allocate nothing.</summary>
    internal StateObject CopyForUndo(StateObject source, StateSchema schema)
    {
        var copy = _undoCopies.TryGetValue(schema.Type, out var pool) && pool.Count > 0 ? pool.Pop() : schema.NewUninitialized();
        schema.CopyFields(source, copy);
        return copy;
    }

    internal void ReturnUndoCopy(StateObject copy, StateSchema schema)
    {
        if (!_undoCopies.TryGetValue(schema.Type, out var pool)) _undoCopies[schema.Type] = pool = new Stack<StateObject>();
        if (pool.Count < 4096) pool.Push(copy);
    }

    /// <summary>For tests of the journal itself: <see cref="Commit"/> and <see cref="Rollback"/> as the engine calls them.</summary>
    public void CommitForTests() => Commit();
    public void RollbackForTests() => Rollback();

    /// <summary>Keeps the transaction's writes.</summary>
    internal void Commit()
    {
        if (_enlisted.Count == 0) return;
        foreach (var p in _enlisted) p.Commit(this);
        _enlisted.Clear();
        Stamp = Interlocked.Increment(ref s_stamps);
    }

    /// <summary>Undoes the transaction's writes, newest first.</summary>
    internal void Rollback()
    {
        if (_enlisted.Count == 0) return;
        for (int i = _enlisted.Count - 1; i >= 0; i--) _enlisted[i].Rollback(this);
        _enlisted.Clear();
        Stamp = Interlocked.Increment(ref s_stamps);
    }
}

/// <summary>A write to state from a read-only view: a bug in the caller, never a transaction's refusal.</summary>
public sealed class StateWriteRefusedException(string message) : InvariantViolationException(message);
