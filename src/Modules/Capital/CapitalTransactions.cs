using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Capital;

/// <summary>
/// Records a capital requirement (the actuary or a governor): the engine validates <paramref name="Inputs"/>, recomputes
/// the model and stores the result with the SHA-256 of the canonical inputs. When the actuary states the
/// <paramref name="MinimumCapital"/> or <paramref name="InputsHash"/> it computed off-chain (<c>ballast capital</c>
/// prints both), a recomputation that differs refuses the record.
/// </summary>
/// <param name="Inputs">The model's inputs, locked at their named block.</param>
/// <param name="MinimumCapital">The result computed off-chain, in base units, checked when given.</param>
/// <param name="InputsHash">The SHA-256 of the canonical inputs computed off-chain, checked when given.</param>
public sealed record RecordCapital(CapitalInputs Inputs, Amount? MinimumCapital = null, string? InputsHash = null) : ITransaction;

/// <summary>
/// <c>capital.recorded</c>: a requirement was recorded: its index, base token, minimum capital and the combined figure
/// before the floor, the lock block, the inputs' SHA-256 and who recorded it.
/// </summary>
public sealed record CapitalRecorded(
    int Index,
    string BaseToken,
    Amount MinimumCapital,
    Amount Combined,
    bool FloorBinding,
    long InputsLockedAtBlock,
    string InputsHash,
    string RecordedBy) : IEvent;
