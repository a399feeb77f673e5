using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>
/// The pool's λ, its epoch bookkeeping for the treasury backstop, and totals, each field declared once (journaled,
/// hashed, cloned from this declaration). The reserve is the pool account's TAO.
/// </summary>
internal sealed class InsuranceState : ModuleState
{
    /// <summary>The current share λ of the funded subnet's emission diverted to the pool.</summary>
    public Ppb LambdaPpb { get; set => Set(ref field, value); } = new(50_000_000);
    /// <summary>
    /// The floor a θ step sets for the rest of its epoch: λ after the step. The risk controller's λ is clamped to
    /// [max(λ_min, floor), λ_max], so the PID cannot undo the step before the epoch ends (then it is cleared).
    /// </summary>
    public Ppb LambdaFloorPpb { get; set => Set(ref field, value); }
    public long EpochStart { get; set => Set(ref field, value); }
    /// <summary>Σ ℓ/R_pre over the epoch's payouts.</summary>
    public Ppb EpochUtilizationPpb { get; set => Set(ref field, value); }
    public bool TopUpTriggered { get; set => Set(ref field, value); }
    /// <summary>Treasury TAO topped up into the pool this epoch: β caps the epoch's sum, not each top-up.</summary>
    public Amount EpochToppedUp { get; set => Set(ref field, value); }
    public Ppb LastUtilizationPpb { get; set => Set(ref field, value); }
    public Amount EmissionTao { get; set => Set(ref field, value); }
    public Amount EmissionAlpha { get; set => Set(ref field, value); }
    public Amount Streamed { get; set => Set(ref field, value); }
    public Amount ToppedUp { get; set => Set(ref field, value); }
    public Amount Premiums { get; set => Set(ref field, value); }
    public Amount PaidOut { get; set => Set(ref field, value); }
    public Amount Uncovered { get; set => Set(ref field, value); }
    /// <summary>TAO the last block's diverted emission was worth: λ·E(t).</summary>
    public Amount LastFundingTao { get; set => Set(ref field, value); }

    public override object Describe(EngineView view) => InsuranceQueries.Pool(view);
}
