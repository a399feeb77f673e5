using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.RiskControl;

/// <summary>What the PID's integral term sums over its window.</summary>
public enum PidIntegral
{
    /// <summary>EL/E, as the seed writes the law (the sum only grows while EL &gt; 0: λ ratchets to λ_max).</summary>
    ExpectedLossRatio = 0,
    /// <summary>The error e = EL*/E − λ: a controller that settles.</summary>
    Error = 1,
}

/// <summary>What the PID steers λ·E towards.</summary>
public enum PidTarget
{
    /// <summary>EL, as the seed's law writes.</summary>
    ExpectedLoss = 0,
    /// <summary>EL + κ·VaR, the adequacy bound.</summary>
    AdequacyBound = 1,
}

/// <summary>
/// The Dynamic Risk Controller's parameters (seed 000 §3), each declared once: unit, range, default. Where the seed's
/// control law is ambiguous the reading is a parameter: see docs/lih.md. Defaults are Ballast's, chosen so that λ
/// settles after a step in EL without sustained oscillation (tested).
/// </summary>
public sealed record RiskParameters
{
    /// <summary>EWMA decay of the per-block squared index return (RiskMetrics-style).</summary>
    [Parameter("fraction", "0", "1")]
    public Fixed EwmaDecay { get; init; } = Fixed.Parse("0.94");

    /// <summary>c in EL = c·σ·L̄·V_o (≈ 0.8 for Laplace tails).</summary>
    [Parameter("constant", "0", "10")]
    public Fixed ShapeC { get; init; } = Fixed.Parse("0.8");

    /// <summary>κ, the VaR safety factor in λ·E ≥ EL + κ·VaR_q.</summary>
    [Parameter("factor", "0", "10")]
    public Fixed Kappa { get; init; } = Fixed.Parse("1.5");

    /// <summary>VaR_q = z_q·σ·L̄·V_o; z for q = 99% (normal).</summary>
    [Parameter("z", "0", "10")]
    public Fixed VarZ { get; init; } = Fixed.Parse("2.326");

    /// <summary>α, the proportional gain on e = (EL* − λE)/E.</summary>
    [Parameter("gain", "0", "10")]
    public Fixed PidAlpha { get; init; } = Fixed.Parse("0.3");

    /// <summary>β, the gain on Δ(EL*/E).</summary>
    [Parameter("gain", "-10", "10")]
    public Fixed PidBeta { get; init; } = Fixed.Zero;

    /// <summary>γ, the gain on the sum over the last n blocks.</summary>
    [Parameter("gain", "0", "10")]
    public Fixed PidGamma { get; init; } = Fixed.Parse("0.01");

    /// <summary>n of the integral term's window: the sum holds n + 1 blocks.</summary>
    [Parameter("blocks", "0", "10000")]
    public long IntegralWindowBlocks { get; init; } = 20;

    /// <summary>What the integral term sums: the error (a controller that settles) or EL/E as the seed writes.</summary>
    [Parameter("switch", "0", "1")]
    public PidIntegral PidIntegral { get; init; } = PidIntegral.Error;

    /// <summary>The target: EL/E as the seed's law writes, or the adequacy bound (EL + κ·VaR)/E.</summary>
    [Parameter("switch", "0", "1")]
    public PidTarget PidTarget { get; init; } = PidTarget.ExpectedLoss;

    /// <summary>Per-block σ at which L_max is the whole unlocked cap; above it L_max = cap·σ_ref/σ.</summary>
    [Parameter("per block", "0.000000000000000001", "1")]
    public Fixed SigmaRef { get; init; } = Fixed.Parse("0.0005");

    /// <summary>New leverage pauses while R &lt; this share of κ·VaR.</summary>
    [Parameter("fraction", "0", "10")]
    public Fixed BreakerCoverage { get; init; } = Fixed.Parse("0.3");

    /// <summary>The governed set: <paramref name="values"/> (or the defaults) checked against the declarations.</summary>
    public static ParameterSet<RiskParameters> CreateSet(RiskParameters? values = null) =>
        ParameterSet<RiskParameters>.Declared(RiskControlModule.ModuleName, values);
}
