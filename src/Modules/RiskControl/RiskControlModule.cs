using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Perps;
using Ballast.Subnets;

namespace Ballast.RiskControl;

public sealed record RiskBreakerChanged(bool Tripped, string Coverage) : IEvent;

/// <summary>
/// The Dynamic Risk Controller of seed 000 §3, once per block after the perps engine and the insurance pool:
/// σ from an EWMA of squared index returns (the most volatile market), L̄ and V_o from the perps engine,
/// EL = c·σ·L̄·V_o, VaR_q = z·σ·L̄·V_o, the adequacy test λ·E ≥ EL + κ·VaR; then the PID step on λ (bounded by the
/// pool's [λ_min, λ_max]), L_max = cap·min(1, σ_ref/σ), and the breaker that halts new leverage while the reserve
/// covers less than 30% of κ·VaR.
/// </summary>
public sealed class RiskControlModule(RiskParameters? parameters = null) : IModule
{
    public const string ModuleName = "risk";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new RiskState())
        .AddParameters(RiskParameters.CreateSet(parameters ?? new RiskParameters()))
        .OnBlockEnd(Step);

    internal static void Step(EngineContext ctx)
    {
        var state = ctx.State<RiskState>();
        var p = ctx.Params<RiskParameters>();
        var perps = ctx.State<PerpsState>();
        if (perps.Markets.Count == 0) return;
        state.Steps++;

        // σ: EWMA of squared per-block index returns, the largest over markets.
        var maxVariance = Fixed.Zero;
        foreach (var market in perps.Markets.Values)
        {
            if (!PerpsBook.Index(ctx, market, out var index).Accepted || !index.IsPositive) continue;
            var (last, variance) = state.Markets.GetValueOrDefault(market.Id);
            if (last.IsPositive)
            {
                var r = (index - last).Div(last, Rounding.Down);
                variance = p.EwmaDecay.Mul(variance, Rounding.Down) + (Fixed.One - p.EwmaDecay).Mul(r.Mul(r, Rounding.Down), Rounding.Down);
            }
            state.Markets[market.Id] = (index, variance);
            maxVariance = Fixed.Max(maxVariance, variance);
        }
        state.Sigma = FixedMath.Sqrt(maxVariance);
        state.AverageLeverage = PerpsBook.AverageLeverage(ctx);
        state.OpenInterestTao = PerpsBook.OpenInterestTao(ctx);
        var exposure = state.Sigma.Mul(state.AverageLeverage, Rounding.Down).Mul(state.OpenInterestTao, Rounding.Down);
        state.ExpectedLoss = p.ShapeC.Mul(exposure, Rounding.Down);
        state.ValueAtRisk = p.VarZ.Mul(exposure, Rounding.Down);
        state.Emission = EmissionTao(ctx);

        var lambda = Fixed.Ratio(InsurancePool.LambdaPpb(ctx), InsuranceParameters.Ppb, Rounding.Down);
        var required = state.ExpectedLoss + p.Kappa.Mul(state.ValueAtRisk, Rounding.Up);
        state.Adequate = lambda.Mul(state.Emission, Rounding.Down) >= required;

        if (state.Emission.IsPositive) Pid(ctx, state, p, lambda);

        // L_max falls as volatility rises above σ_ref, never above the unlocked cap.
        var cap = PerpsBook.UnlockedCap(ctx.Params<PerpsParameters>(), perps.UnlockedCaps);
        var lmax = state.Sigma <= p.SigmaRef ? cap : cap.Mul(p.SigmaRef.Div(state.Sigma, Rounding.Down), Rounding.Down);
        PerpsBook.SetMaxLeverage(ctx, lmax);
        // The virtual buffers deepen as volatility rises (less impact per trade, so less room to push the mark):
        // scale = clamp(σ/σ_ref, 1, 4) of the depth at creation.
        // Quantised to quarter steps so the buffers are resized only when the regime changes.
        var ratio = state.Sigma.Div(p.SigmaRef, Rounding.Down);
        var quarters = Math.Clamp((long)(ratio.Raw * 4 / Fixed.ScaleRaw), 4, 16);
        var depth = Fixed.Ratio(quarters, 4, Rounding.Down);
        foreach (var market in perps.Markets.Keys) PerpsBook.SetDepth(ctx, market, depth);

        // Circuit breaker: coverage R/(κ·VaR) below the threshold pauses new leverage; it lifts when coverage recovers.
        var kVar = p.Kappa.Mul(state.ValueAtRisk, Rounding.Up);
        state.Coverage = kVar.IsPositive ? PerpsBook.TaoToFixed(InsurancePool.Reserve(ctx)).Div(kVar, Rounding.Down) : null;
        bool tripped = state.Coverage is { } c && c < p.BreakerCoverage;
        if (tripped != state.BreakerTripped)
        {
            state.BreakerTripped = tripped;
            PerpsBook.SetLeverageHalted(ctx, tripped);
            ctx.Emit(new RiskBreakerChanged(tripped, state.Coverage?.ToString() ?? "n/a"));
        }
    }

    /// <summary>
    /// λ_{t+1} = λ_t + α·e_t + β·Δ(EL/E) + γ·Σ_{k=0..n} x_{t−k}, with e = (EL* − λE)/E, EL* = EL (or EL + κ·VaR), and
    /// x = e (IntegrateError = 1) or EL/E as the seed writes (0). Dividing by E makes the gains unit-free.
    /// </summary>
    private static void Pid(EngineContext ctx, RiskState state, RiskParameters p, Fixed lambda)
    {
        var target = p.TargetIncludesVar == 1 ? state.ExpectedLoss + p.Kappa.Mul(state.ValueAtRisk, Rounding.Up) : state.ExpectedLoss;
        var ratio = target.Div(state.Emission, Rounding.Down);
        var error = ratio - lambda;
        var delta = ratio - state.LastExpectedLossRatio;
        state.History.Add(p.IntegrateError == 1 ? error : ratio);
        while (state.History.Count > p.IntegralWindowBlocks + 1) state.History.RemoveAt(0);
        var sum = Fixed.Zero;
        foreach (var x in state.History) sum += x;
        var next = lambda + p.PidAlpha.Mul(error, Rounding.Down) + p.PidBeta.Mul(delta, Rounding.Down) + p.PidGamma.Mul(sum, Rounding.Down);
        state.LastError = error;
        state.LastExpectedLossRatio = ratio;
        var raw = next.Raw / 1_000_000_000;
        var ppb = raw <= 0 ? 0 : raw > 10 * InsuranceParameters.Ppb ? 10 * InsuranceParameters.Ppb : (long)raw;
        InsurancePool.SetLambda(ctx, ppb, "risk controller");
    }

    /// <summary>E(t) in TAO: the funded subnet's last alpha_out (before the diversion) at its spot price.</summary>
    private static Fixed EmissionTao(EngineContext ctx)
    {
        int netuid = (int)ctx.Params<InsuranceParameters>().FundedNetuid;
        if (netuid <= 0 || !SubnetMarket.TryGetSubnet(ctx, netuid, out var subnet).Accepted) return Fixed.Zero;
        return SubnetMarket.SpotPrice(ctx, subnet).Mul(PerpsBook.TaoToFixed(subnet.LastAlphaOut), Rounding.Down);
    }
}
