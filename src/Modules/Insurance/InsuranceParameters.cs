using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>
/// Parameters of the emission-funded Insurance Pool (seed 000 §2.2–2.3), each declared once: unit, range, default.
/// Shares are <see cref="Ppb"/> (1e9 = 100%), amounts in rao. Defaults are Ballast's choice (the seed gives none):
/// documented in docs/lih.md.
/// </summary>
public sealed record InsuranceParameters
{
    /// <summary>The subnet whose emission (alpha_out) funds the pool; 0 for none.</summary>
    [Parameter("netuid", "0", "65535")]
    public int FundedNetuid { get; init; }

    /// <summary>λ's floor: 1%.</summary>
    [Parameter("ppb", "0", "1000000000")]
    public Ppb LambdaMinPpb { get; init; } = new(10_000_000);

    /// <summary>λ's ceiling: 50%.</summary>
    [Parameter("ppb", "0", "1000000000")]
    public Ppb LambdaMaxPpb { get; init; } = new(500_000_000);

    /// <summary>Target reserve R*: the treasury stream runs until the reserve reaches it (10,000 TAO).</summary>
    [Parameter("rao", "0", "21000000000000000")]
    public long TargetReserveRao { get; init; } = 10_000_000_000_000;

    /// <summary>Treasury stream τ per block while the reserve is below R* (0.1 TAO).</summary>
    [Parameter("rao per block", "0", "1000000000000")]
    public long TreasuryStreamRaoPerBlock { get; init; } = 100_000_000;

    /// <summary>θ: a payout with utilisation ℓ/R_pre above this raises λ (20%).</summary>
    [Parameter("ppb", "0", "1000000000")]
    public Ppb UtilizationThresholdPpb { get; init; } = new(200_000_000);

    /// <summary>How much λ rises after such a payout (2 points); λ then stays at least there until the epoch ends (the θ floor).</summary>
    [Parameter("ppb", "0", "1000000000")]
    public Ppb LambdaStepPpb { get; init; } = new(20_000_000);

    /// <summary>Epoch of the treasury backstop: 216,000 blocks (30 days).</summary>
    [Parameter("blocks", "1", "10000000")]
    public long EpochBlocks { get; init; } = 216_000;

    /// <summary>γ: cumulative utilisation over an epoch above this lets governance top up (100%).</summary>
    [Parameter("ppb", "0", "1000000000000")]
    public Ppb TopUpTriggerPpb { get; init; } = new(1_000_000_000);

    /// <summary>β: a top-up moves at most this share of the dormant treasury (20%).</summary>
    [Parameter("ppb", "0", "1000000000")]
    public Ppb TopUpMaxPpb { get; init; } = new(200_000_000);

    /// <summary>The governed set: <paramref name="values"/> (or the defaults) checked against the declarations and <see cref="Validate"/>.</summary>
    public static ParameterSet<InsuranceParameters> CreateSet(InsuranceParameters? values = null) =>
        ParameterSet<InsuranceParameters>.Declared(InsuranceModule.ModuleName, values, Validate);

    private static string? Validate(InsuranceParameters p) => p.LambdaMinPpb > p.LambdaMaxPpb ? "LambdaMinPpb is above LambdaMaxPpb" : null;
}
