using Ballast.Core.Governance;

namespace Ballast.Insurance;

/// <summary>
/// Parameters of the emission-funded Insurance Pool (seed 000 §2.2–2.3). Shares in ppb (1e9 = 100%), amounts in rao.
/// Defaults are Ballast's choice (the seed gives none): documented in docs/lih.md.
/// </summary>
public sealed record InsuranceParameters
{
    public const long Ppb = 1_000_000_000;

    /// <summary>The subnet whose emission (alpha_out) funds the pool; 0 for none. The default value is 0.</summary>
    public long FundedNetuid { get; init; }
    /// <summary>λ's floor. The default value is 10,000,000 ppb (1%).</summary>
    public long LambdaMinPpb { get; init; } = 10_000_000;
    /// <summary>λ's ceiling. The default value is 500,000,000 ppb (50%).</summary>
    public long LambdaMaxPpb { get; init; } = 500_000_000;
    /// <summary>Target reserve R*: the treasury stream runs until the reserve reaches it. The default value is 10,000 TAO.</summary>
    public long TargetReserveRao { get; init; } = 10_000_000_000_000;
    /// <summary>Treasury stream τ per block while the reserve is below R*. The default value is 0.1 TAO.</summary>
    public long TreasuryStreamRaoPerBlock { get; init; } = 100_000_000;
    /// <summary>θ: a payout with utilisation ℓ/R_pre above this raises λ. The default value is 200,000,000 ppb (20%).</summary>
    public long UtilizationThresholdPpb { get; init; } = 200_000_000;
    /// <summary>How much λ rises after such a payout. The default value is 20,000,000 ppb (2 points).</summary>
    public long LambdaStepPpb { get; init; } = 20_000_000;
    /// <summary>Epoch for the treasury backstop. The default value is 216,000 blocks (30 days).</summary>
    public long EpochBlocks { get; init; } = 216_000;
    /// <summary>γ: cumulative utilisation over an epoch above this lets governance top up. The default value is 1,000,000,000 ppb (100%).</summary>
    public long TopUpTriggerPpb { get; init; } = 1_000_000_000;
    /// <summary>β: a top-up moves at most this share of the dormant treasury. The default value is 200,000,000 ppb (20%).</summary>
    public long TopUpMaxPpb { get; init; } = 200_000_000;

    public static ParameterSet<InsuranceParameters> CreateSet(InsuranceParameters values) => new(
        InsuranceModule.ModuleName,
        values,
        [
            ParameterSpec<InsuranceParameters>.Integer(nameof(FundedNetuid), "netuid", 0, 65_535, p => p.FundedNetuid, (p, v) => p with { FundedNetuid = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(LambdaMinPpb), "ppb", 0, Ppb, p => p.LambdaMinPpb, (p, v) => p with { LambdaMinPpb = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(LambdaMaxPpb), "ppb", 0, Ppb, p => p.LambdaMaxPpb, (p, v) => p with { LambdaMaxPpb = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(TargetReserveRao), "rao", 0, 21_000_000_000_000_000, p => p.TargetReserveRao, (p, v) => p with { TargetReserveRao = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(TreasuryStreamRaoPerBlock), "rao per block", 0, 1_000_000_000_000, p => p.TreasuryStreamRaoPerBlock, (p, v) => p with { TreasuryStreamRaoPerBlock = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(UtilizationThresholdPpb), "ppb", 0, Ppb, p => p.UtilizationThresholdPpb, (p, v) => p with { UtilizationThresholdPpb = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(LambdaStepPpb), "ppb", 0, Ppb, p => p.LambdaStepPpb, (p, v) => p with { LambdaStepPpb = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(EpochBlocks), "blocks", 1, 10_000_000, p => p.EpochBlocks, (p, v) => p with { EpochBlocks = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(TopUpTriggerPpb), "ppb", 0, 1_000 * Ppb, p => p.TopUpTriggerPpb, (p, v) => p with { TopUpTriggerPpb = v }),
            ParameterSpec<InsuranceParameters>.Integer(nameof(TopUpMaxPpb), "ppb", 0, Ppb, p => p.TopUpMaxPpb, (p, v) => p with { TopUpMaxPpb = v }),
        ],
        p => p.LambdaMinPpb > p.LambdaMaxPpb ? "LambdaMinPpb is above LambdaMaxPpb" : null);
}
