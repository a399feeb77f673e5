using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.RiskControl;

/// <summary>
/// The Dynamic Risk Controller's parameters (seed 000 §3). Where the seed's control law is ambiguous the reading is
/// a parameter: see docs/lih.md. Defaults are Ballast's, chosen so that λ settles after a step in EL without
/// sustained oscillation (tested).
/// </summary>
public sealed record RiskParameters
{
    /// <summary>EWMA decay of the per-block squared index return (RiskMetrics-style). The default value is 0.94.</summary>
    public Fixed EwmaDecay { get; init; } = Fixed.Parse("0.94");
    /// <summary>c in EL = c·σ·L̄·V_o (≈ 0.8 for Laplace tails). The default value is 0.8.</summary>
    public Fixed ShapeC { get; init; } = Fixed.Parse("0.8");
    /// <summary>κ, the VaR safety factor in λ·E ≥ EL + κ·VaR_q. The default value is 1.5.</summary>
    public Fixed Kappa { get; init; } = Fixed.Parse("1.5");
    /// <summary>VaR_q = z_q·σ·L̄·V_o; z for q = 99% (normal). The default value is 2.326.</summary>
    public Fixed VarZ { get; init; } = Fixed.Parse("2.326");
    /// <summary>α, the proportional gain on e = (EL − λE)/E. The default value is 0.3.</summary>
    public Fixed PidAlpha { get; init; } = Fixed.Parse("0.3");
    /// <summary>β, the gain on ΔEL/E. The default value is 0.</summary>
    public Fixed PidBeta { get; init; } = Fixed.Zero;
    /// <summary>γ, the gain on the sum over the last n blocks. The default value is 0.01.</summary>
    public Fixed PidGamma { get; init; } = Fixed.Parse("0.01");
    /// <summary>n of the integral term's window. The default value is 20 blocks.</summary>
    public long IntegralWindowBlocks { get; init; } = 20;
    /// <summary>1: the integral sums the error e (a controller that settles); 0: it sums EL/E as the seed writes. The default value is 1.</summary>
    public long IntegrateError { get; init; } = 1;
    /// <summary>1: the target is (EL + κ·VaR)/E, the adequacy bound; 0: EL/E as the seed's law writes. The default value is 0.</summary>
    public long TargetIncludesVar { get; init; }
    /// <summary>Per-block σ at which L_max is the whole unlocked cap; above it L_max = cap·σ_ref/σ. The default value is 0.0005.</summary>
    public Fixed SigmaRef { get; init; } = Fixed.Parse("0.0005");
    /// <summary>New leverage pauses while R &lt; this share of κ·VaR. The default value is 0.3.</summary>
    public Fixed BreakerCoverage { get; init; } = Fixed.Parse("0.3");

    public static ParameterSet<RiskParameters> CreateSet(RiskParameters values) => new(
        RiskControlModule.ModuleName,
        values,
        [
            ParameterSpec<RiskParameters>.Decimal(nameof(EwmaDecay), "fraction", Fixed.Zero, Fixed.One, p => p.EwmaDecay, (p, v) => p with { EwmaDecay = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(ShapeC), "constant", Fixed.Zero, Fixed.FromInt(10), p => p.ShapeC, (p, v) => p with { ShapeC = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(Kappa), "factor", Fixed.Zero, Fixed.FromInt(10), p => p.Kappa, (p, v) => p with { Kappa = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(VarZ), "z", Fixed.Zero, Fixed.FromInt(10), p => p.VarZ, (p, v) => p with { VarZ = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(PidAlpha), "gain", Fixed.Zero, Fixed.FromInt(10), p => p.PidAlpha, (p, v) => p with { PidAlpha = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(PidBeta), "gain", -Fixed.FromInt(10), Fixed.FromInt(10), p => p.PidBeta, (p, v) => p with { PidBeta = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(PidGamma), "gain", Fixed.Zero, Fixed.FromInt(10), p => p.PidGamma, (p, v) => p with { PidGamma = v }),
            ParameterSpec<RiskParameters>.Integer(nameof(IntegralWindowBlocks), "blocks", 0, 10_000, p => p.IntegralWindowBlocks, (p, v) => p with { IntegralWindowBlocks = v }),
            ParameterSpec<RiskParameters>.Integer(nameof(IntegrateError), "0/1", 0, 1, p => p.IntegrateError, (p, v) => p with { IntegrateError = v }),
            ParameterSpec<RiskParameters>.Integer(nameof(TargetIncludesVar), "0/1", 0, 1, p => p.TargetIncludesVar, (p, v) => p with { TargetIncludesVar = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(SigmaRef), "per block", new Fixed(1), Fixed.One, p => p.SigmaRef, (p, v) => p with { SigmaRef = v }),
            ParameterSpec<RiskParameters>.Decimal(nameof(BreakerCoverage), "fraction", Fixed.Zero, Fixed.FromInt(10), p => p.BreakerCoverage, (p, v) => p with { BreakerCoverage = v }),
        ]);
}
