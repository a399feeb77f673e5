using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.State;

namespace Ballast.Core.Modules;

/// <summary>
/// A module's root state: a <see cref="StateObject"/> whose fields (journaled properties, <see cref="StateMap{TKey,TValue}"/>s,
/// <see cref="StateList{T}"/>s and nested state objects) are declared once. From that declaration the engine clones it
/// for snapshots, hashes it, shows it (<see cref="Describe"/>) and undoes a rejected transaction's writes to it.
/// Module states are internal to their module; other modules reach it through its ports and queries.
/// </summary>
public abstract class ModuleState : StateObject
{
    /// <summary>A deep copy, independent of this one, with derived caches rebuilt.</summary>
    public ModuleState Clone()
    {
        var copy = (ModuleState)DeepClone();
        copy.RebuildDerived();
        return copy;
    }

    /// <summary>Canonical encoding of every declared field, in declaration order.</summary>
    public void WriteHash(StateHasher hasher) => StateSchema.Of(GetType()).WriteHash(hasher, this);

    /// <summary>
    /// Rebuilds fields marked <see cref="DerivedAttribute"/> from the others: after a clone, and after a transaction
    /// that wrote this state was rolled back (the caches may hold its writes).
    /// </summary>
    protected internal virtual void RebuildDerived() { }

    /// <summary>
    /// What people and programs see of the state (the exec report, the node): by default every declared field; a
    /// module may override it to add values computed from the ledger or prices (a typed record).
    /// </summary>
    public virtual object Describe(EngineView view) => StateSchema.Of(GetType()).View(this);
}
