using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Capital;

/// <summary>
/// What a cover module reads from the capital model: the minimum capital requirement last recorded on the ledger.
/// The cover fund's capital ratio is its own capital (valued in <see cref="CapitalRequirementRecord.BaseToken"/>)
/// over <see cref="CapitalRequirementRecord.MinimumCapital"/>; below 100% new cover halts.
/// </summary>
public interface ICapitalRequirement
{
    /// <summary>The latest requirement recorded by the capital module, or null when none has been recorded yet.</summary>
    CapitalRequirementRecord? Latest(EngineView view);
}

/// <summary>
/// A requirement recorded on the ledger: the minimum capital in the base token's smallest units, the block at which
/// its inputs were locked, the block it was recorded at, and the SHA-256 (lower-case hex) of its canonical inputs, so
/// anyone can recompute and check it.
/// </summary>
public sealed record CapitalRequirementRecord(
    string BaseToken,
    Amount MinimumCapital,
    long InputsLockedAtBlock,
    long RecordedAtBlock,
    string InputsHash);
