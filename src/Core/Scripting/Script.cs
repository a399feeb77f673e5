using Ballast.Core.Blocks;

namespace Ballast.Core.Scripting;

/// <summary>
/// A script for <c>ballast exec</c>: genesis transactions, then steps — a block of transactions, an advance of N
/// empty blocks, or a checkpoint that records the state at that point. See <c>examples/README.md</c>.
/// </summary>
public sealed record Script(
    string? Description,
    ulong Seed,
    long GenesisUnixSeconds,
    int BlockSeconds,
    IReadOnlyList<Envelope> Genesis,
    IReadOnlyList<ScriptStep> Steps);

/// <summary>
/// One step: exactly one of a block of transactions, an advance, or a checkpoint label. Keepers run before every
/// block of a block or advance step and add their transactions after the step's own.
/// </summary>
public sealed record ScriptStep(int Line, IReadOnlyList<Envelope>? Block, long? Advance, string? Checkpoint, IReadOnlyList<KeeperRun> Keepers);

/// <summary>A keeper and the accounts it signs with, taken in turn block by block.</summary>
public sealed record KeeperRun(string Keeper, IReadOnlyList<string> Accounts);
