using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Underwriting.Model;

/// <summary>
/// A vault: its asset sits in the module account <see cref="Account"/>, VT is the ledger token <see cref="VtToken"/>.
/// Its assets are the idle balance plus the principal deployed in instruments plus what managers borrowed; VT mints
/// and burns at assets/supply. Locked VT sits in <see cref="LockAccount"/>, per holder in <see cref="Locked"/>
/// (free to cap shorts and cut fees) and validators' stakes per instrument in the instrument's seats.
/// </summary>
internal sealed class Vault : StateObject
{
    public required long Id { get; init; }
    public required string Asset { get; init; }
    public required string VtToken { get; init; }
    public required VaultMandate Mandate { get; init; }
    public string Account => $"underwriting:vault:{Id}";
    public string LockAccount => $"underwriting:locked:{Id}";

    /// <summary>Principal out in approved, unresolved instruments.</summary>
    public Amount Deployed { get; set => Set(ref field, value); }
    /// <summary>What leveraged managers borrowed and have not repaid.</summary>
    public Amount Lent { get; set => Set(ref field, value); }
    /// <summary>Rounding dust kept at resolutions, in total.</summary>
    public Amount Dust { get; set => Set(ref field, value); }
    /// <summary>Selling fees received.</summary>
    public Amount Fees { get; set => Set(ref field, value); }
    /// <summary>Validator discounts the vault paid, in total.</summary>
    public Amount Discounts { get; set => Set(ref field, value); }
    /// <summary>Per holder: VT locked with the vault, not staked.</summary>
    public StateMap<string, Amount> Locked { get; } = new();
}

/// <summary>The investment mandate set at a vault's creation (seed 002 §6.5).</summary>
public sealed record VaultMandate(Ppb AlphaPpb, Ppb ApprovalThresholdPpb, Fixed MaxManagerLeverage, Amount ValidatorStakeVt, bool AllowCreditLines, bool AllowAssets);
