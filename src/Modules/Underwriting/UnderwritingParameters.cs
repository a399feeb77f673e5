using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Underwriting;

/// <summary>
/// The underwriting module's governed parameters (one record, each declared once with its unit and range). A vault's
/// own terms (α, the approval threshold, the leverage limit, the validator stake) are its mandate, fixed at creation.
/// Defaults follow RAMM-Finance/core's test set-up where it has one (σ = 5% validator discount, one validator), and are
/// Ballast's choice otherwise (docs/underwriting.md).
/// </summary>
public sealed record UnderwritingParameters
{
    /// <summary>The score a manager needs to buy in the reputable-only first part of an assessment.</summary>
    [Parameter("score", "0", "1000000")]
    public Fixed ReputableScoreMin { get; init; } = Fixed.One;

    /// <summary>The reputable-only part ends once net long reaches this share of the approval threshold (25%).</summary>
    [Parameter("ppb of the approval threshold", "0", "1000000000")]
    public Ppb ReputablePhasePpb { get; init; } = new(250_000_000);

    /// <summary>A manager's budget per instrument at score 0 (what its assessment purchases may cost in total): 100 TAO.</summary>
    [Parameter("rao", "0", "1000000000000000000")]
    public long ManagerBudgetBaseRao { get; init; } = 100_000_000_000;

    /// <summary>Budget added per point of reputation: 100 TAO.</summary>
    [Parameter("rao per score point", "0", "1000000000000000000")]
    public long ManagerBudgetPerScoreRao { get; init; } = 100_000_000_000;

    /// <summary>Leverage limit added per point of reputation above 1× (capped by the vault's mandate).</summary>
    [Parameter("leverage per score point", "0", "100")]
    public Fixed LeveragePerScore { get; init; } = Fixed.Parse("0.5");

    /// <summary>k in score ← score + k·(¼ − Brier): a perfect forecast gains k/4, the worst loses 3k/4.</summary>
    [Parameter("score", "0", "1000")]
    public Fixed ReputationStep { get; init; } = Fixed.FromInt(4);

    /// <summary>Validators drawn per instrument (RAMM's test default: 1).</summary>
    [Parameter("validators", "1", "64")]
    public int ValidatorCount { get; init; } = 1;

    /// <summary>Only managers whose score is at or above this percentile of positive scores may be drawn (50%: the upper half).</summary>
    [Parameter("ppb", "0", "1000000000")]
    public Ppb ValidatorPercentilePpb { get; init; } = new(500_000_000);

    /// <summary>The discount validators get on their longZCB purchase (σ = 5%), paid by the vault.</summary>
    [Parameter("ppb", "0", "500000000")]
    public Ppb ValidatorDiscountPpb { get; init; } = new(50_000_000);

    /// <summary>Blocks an assessment may take before an unapproved market can be closed (7 days).</summary>
    [Parameter("blocks", "1", "10000000")]
    public long AssessmentBlocks { get; init; } = 50_400;

    /// <summary>T: ticks of the post-assessment price grid (tick k prices a longZCB at k/T).</summary>
    [Parameter("ticks", "2", "100000")]
    public int TickCount { get; init; } = 100;

    /// <summary>The selling fee's rate at approval, decaying to 0 at maturity (5%).</summary>
    [Parameter("ppb of notional", "0", "1000000000")]
    public Ppb SellingFeeMaxPpb { get; init; } = new(50_000_000);

    /// <summary>shortZCB an account may hold per unit of its locked VT's value (100%).</summary>
    [Parameter("ppb of locked value", "0", "100000000000")]
    public Ppb ShortCapPerLockedPpb { get; init; } = new(1_000_000_000);

    /// <summary>The constant in ĉ = constant·net long (§7.1.6): the leverage longZCB holds as the loan's junior tranche.</summary>
    [Parameter("multiple of net long", "0", "1000")]
    public Fixed ImpliedSupplyPerNetLong { get; init; } = Fixed.Parse("2.5");

    /// <summary>The governed set: <paramref name="values"/> (or the defaults) checked against the declarations.</summary>
    public static ParameterSet<UnderwritingParameters> CreateSet(UnderwritingParameters? values = null) =>
        ParameterSet<UnderwritingParameters>.Declared(UnderwritingModule.ModuleName, values, null);
}
