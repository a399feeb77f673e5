using Ballast.Core.Hashing;

namespace Ballast.Core.Modules;

/// <summary>
/// A module's mutable state. The engine owns it: snapshots clone it, the state hash includes it, and the
/// <c>exec</c> output shows <see cref="Describe"/>. Handlers must check every precondition before changing it
/// (the ledger journals its own changes; module state is not journaled).
/// </summary>
public abstract class ModuleState
{
    /// <summary>A deep copy, independent of this one.</summary>
    public abstract ModuleState Clone();

    /// <summary>Canonical encoding of every field, in a fixed order.</summary>
    public abstract void WriteHash(StateHasher hasher);

    /// <summary>A JSON-serialisable view for people and programs (ordered, deterministic).</summary>
    public abstract object Describe(Blocks.EngineContext ctx);
}
