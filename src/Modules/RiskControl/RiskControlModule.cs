using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Perps;
using Ballast.Subnets;

namespace Ballast.RiskControl;

/// <summary><c>risk.breakerChanged</c>: the circuit breaker tripped (new leverage halted) or lifted, at coverage R/(κ·VaR) (null while VaR is zero).</summary>
public sealed record RiskBreakerChanged(bool Tripped, Fixed? Coverage) : IEvent;

/// <summary><c>risk.controller</c>: the controller's estimates and decisions after the last block.</summary>
public sealed record ControllerQuery : IQuery<RiskControllerView>;

/// <summary>A market's per-block σ estimate (√ of the EWMA of squared index returns) and the index it last saw.</summary>
public sealed record MarketRiskView(string Market, Fixed LastIndex, Fixed SigmaPerBlock);

/// <summary>
/// The controller after the last block: σ (the most volatile market's, per block), L̄, V_o (TAO), EL and VaR (TAO per
/// block), E (the funded subnet's emission in TAO per block), λ (a fraction), the adequacy test λ·E ≥ EL + κ·VaR,
/// coverage R/(κ·VaR) (null while VaR is zero), the breaker, the L_max it set, the PID's last error and how many
/// steps it has run.
/// </summary>
public sealed record RiskControllerView(
    Fixed SigmaPerBlock, Fixed AverageLeverage, Fixed OpenInterestTao, Fixed ExpectedLossTaoPerBlock, Fixed ValueAtRiskTaoPerBlock,
    Fixed EmissionTaoPerBlock, Fixed Lambda, bool Adequate, Fixed? Coverage, bool BreakerTripped, Fixed MaxLeverage, Fixed LastError, long Steps,
    IReadOnlyList<MarketRiskView> Markets);

/// <summary>
/// The Dynamic Risk Controller of seed 000 §3, once per block after the perps engine and the insurance pool:
/// σ from an EWMA of squared index returns (the most volatile market), L̄ and V_o from the perps engine,
/// EL = c·σ·L̄·V_o, VaR_q = z·σ·L̄·V_o, the adequacy test λ·E ≥ EL + κ·VaR; then the PID step on λ (bounded by the
/// pool's [λ_min, λ_max]), L_max = cap·min(1, σ_ref/σ), and the breaker that halts new leverage while the reserve
/// covers less than 30% of κ·VaR. It reads and moves the other modules only through their ports:
/// <see cref="IPerpsLevers"/>, <see cref="IInsuranceControl"/> and <see cref="ISubnetMarkets"/>.
/// </summary>
public sealed class RiskControlModule(RiskParameters? parameters = null) : IModule
{
    public const string ModuleName = "risk";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new RiskState())
        .AddParameters(RiskParameters.CreateSet(parameters))
        .Query<ControllerQuery, RiskControllerView>("controller", (view, _) => Controller(view))
        .Event<RiskBreakerChanged>("breakerChanged")
        // The controller reads what perps, the pool and the subnets settled this block: its hook runs after theirs.
        .Require<IPerpsLevers>(HookOrder.AfterProvider)
        .Require<IInsuranceControl>(HookOrder.AfterProvider)
        .Require<ISubnetMarkets>(HookOrder.AfterProvider)
        .OnBlockEnd(Step);

    private static readonly Fixed MaxReturn = Fixed.FromInt(1_000);
    /// <summary>1e15: where exposure (TAO), EL/E and coverage saturate — far beyond any meaningful value, far inside Fixed.</summary>
    private static readonly Fixed Saturation = Fixed.FromInt(1_000_000_000_000_000);
    private static readonly Fixed MaxCoverage = Saturation;
    private static readonly Fixed MaxLossRatio = Fixed.FromInt(1_000_000_000);

    /// <summary>a·b for non-negative a, b, or <see cref="Saturation"/> when the product would exceed it.</summary>
    private static Fixed SaturatingMul(Fixed a, Fixed b)
    {
        if (a.IsZero || b.IsZero) return Fixed.Zero;
        if (a > b) (a, b) = (b, a);
        // a ≤ 1: a·b ≤ b, inside Fixed; a > 1 (so b > 1 too): Saturation/a < Saturation, no overflow in the comparison.
        if (a <= Fixed.One) return Fixed.Min(Saturation, a.Mul(b, Rounding.Down));
        return b >= Saturation.Div(a, Rounding.Up) ? Saturation : a.Mul(b, Rounding.Down);
    }

    private static Fixed TaoToFixed(Amount rao) => new((Int128)rao.Units * 1_000_000_000);

    internal static void Step(EngineContext ctx)
    {
        var perps = ctx.Port<IPerpsLevers>();
        var markets = perps.Markets(ctx);
        if (markets.Count == 0) return;
        var state = ctx.State<RiskState>();
        var p = ctx.Params<RiskParameters>();
        var pool = ctx.Port<IInsuranceControl>();
        state.Steps++;

        // σ: EWMA of squared per-block index returns, the largest over markets.
        var maxVariance = Fixed.Zero;
        for (int i = 0; i < markets.Count; i++)
        {
            var market = markets[i];
            if (!perps.TryGetIndex(ctx, market, out var index).Accepted || !index.IsPositive) continue;
            var (last, variance) = state.Markets.GetValueOrDefault(market);
            if (last.IsPositive)
            {
                // A per-block return above 1,000 (the index ×1,001) is clamped: r² then stays ≤ 1e6, inside Fixed.
                var r = index.DivInt(1_001, Rounding.Down) >= last ? MaxReturn : (index - last).Div(last, Rounding.Down);
                variance = p.EwmaDecay.Mul(variance, Rounding.Down) + (Fixed.One - p.EwmaDecay).Mul(r.Mul(r, Rounding.Down), Rounding.Down);
            }
            state.Markets[market] = new MarketVolatility(index, variance);
            perps.SetVolatility(ctx, market, FixedMath.Sqrt(variance)); // the premium's tail term is priced at this σ
            maxVariance = Fixed.Max(maxVariance, variance);
        }
        state.Sigma = FixedMath.Sqrt(maxVariance);
        state.AverageLeverage = perps.AverageLeverage(ctx);
        state.OpenInterestTao = perps.OpenInterestTao(ctx);
        // σ·L̄·V_o saturates at 1e15 TAO (more than will ever exist): extreme but declared inputs must not overflow the hook.
        var exposure = SaturatingMul(SaturatingMul(state.Sigma, state.AverageLeverage), state.OpenInterestTao);
        state.ExpectedLoss = p.ShapeC.Mul(exposure, Rounding.Down);
        state.ValueAtRisk = p.VarZ.Mul(exposure, Rounding.Down);
        state.Emission = EmissionTao(ctx, pool.FundedNetuid(ctx));

        var lambda = pool.Lambda(ctx).ToFixed();
        var required = state.ExpectedLoss + p.Kappa.Mul(state.ValueAtRisk, Rounding.Up);
        state.Adequate = lambda.Mul(state.Emission, Rounding.Down) >= required;

        if (state.Emission.IsPositive) Pid(ctx, state, p, pool, lambda);

        // L_max falls as volatility rises above σ_ref, never above the unlocked cap.
        var cap = perps.UnlockedCap(ctx);
        var lmax = state.Sigma <= p.SigmaRef ? cap : cap.Mul(p.SigmaRef.Div(state.Sigma, Rounding.Down), Rounding.Down);
        perps.SetMaxLeverage(ctx, lmax);
        // The virtual buffers deepen as volatility rises (less impact per trade, so less room to push the mark):
        // scale = clamp(σ/σ_ref, 1, 4) of the depth at creation.
        // Quantised to quarter steps so the buffers are resized only when the regime changes.
        // σ/σ_ref only matters in [1, 4]: compared before it is divided (σ_ref may be as small as 1e-18).
        var quarters = state.Sigma >= p.SigmaRef.MulInt(4) ? 16
            : Math.Clamp((long)(state.Sigma.Div(p.SigmaRef, Rounding.Down).Raw * 4 / Fixed.ScaleRaw), 4, 16);
        var depth = Fixed.Ratio(quarters, 4, Rounding.Down);
        for (int i = 0; i < markets.Count; i++) perps.SetDepth(ctx, markets[i], depth);

        // Circuit breaker: coverage R/(κ·VaR) below the threshold pauses new leverage; it lifts when coverage recovers.
        var kVar = p.Kappa.Mul(state.ValueAtRisk, Rounding.Up);
        var reserve = TaoToFixed(pool.Reserve(ctx));
        // coverage far above any threshold (a VaR of a few 1e-18 TAO) saturates rather than overflowing the division
        state.Coverage = !kVar.IsPositive ? null : reserve.Div(MaxCoverage, Rounding.Down) >= kVar
            ? MaxCoverage : reserve.Div(kVar, Rounding.Down);
        bool tripped = state.Coverage is { } c && c < p.BreakerCoverage;
        if (tripped != state.BreakerTripped)
        {
            state.BreakerTripped = tripped;
            perps.SetLeverageHalted(ctx, tripped);
            ctx.Emit(new RiskBreakerChanged(tripped, state.Coverage));
        }
    }

    /// <summary>
    /// λ_{t+1} = λ_t + α·e_t + β·Δ(EL*/E) + γ·Σ_{k=0..n} x_{t−k}, with e = (EL* − λE)/E, EL* = EL (or EL + κ·VaR), and
    /// x = e (<see cref="PidIntegral.Error"/>) or EL*/E as the seed writes. Dividing by E makes the gains unit-free.
    /// </summary>
    private static void Pid(EngineContext ctx, RiskState state, RiskParameters p, IInsuranceControl pool, Fixed lambda)
    {
        var target = p.PidTarget switch
        {
            PidTarget.ExpectedLoss => state.ExpectedLoss,
            PidTarget.AdequacyBound => state.ExpectedLoss + p.Kappa.Mul(state.ValueAtRisk, Rounding.Up),
            _ => throw new InvalidOperationException($"unknown PID target {p.PidTarget}"),
        };
        // EL*/E saturates at 1e9 (λ is bounded by 10 anyway): a tiny positive emission must not overflow the division.
        var ratio = target.Div(MaxLossRatio, Rounding.Down) >= state.Emission
            ? MaxLossRatio : target.Div(state.Emission, Rounding.Down);
        var error = ratio - lambda;
        var delta = ratio - state.LastExpectedLossRatio;
        state.History.Add(p.PidIntegral switch
        {
            PidIntegral.Error => error,
            PidIntegral.ExpectedLossRatio => ratio,
            _ => throw new InvalidOperationException($"unknown PID integral {p.PidIntegral}"),
        });
        while (state.History.Count > p.IntegralWindowBlocks + 1) state.History.RemoveAt(0);
        var sum = Fixed.Zero;
        foreach (var x in state.History) sum += x;
        var next = lambda + p.PidAlpha.Mul(error, Rounding.Down) + p.PidBeta.Mul(delta, Rounding.Down) + p.PidGamma.Mul(sum, Rounding.Down);
        state.LastError = error;
        state.LastExpectedLossRatio = ratio;
        var raw = next.Raw / 1_000_000_000;
        var ppb = raw <= 0 ? 0 : raw > 10 * Ppb.Scale ? 10 * Ppb.Scale : (long)raw;
        pool.SetLambda(ctx, new Ppb(ppb));
    }

    /// <summary>E(t) in TAO: the funded subnet's last alpha_out (before the diversion) at its spot price.</summary>
    private static Fixed EmissionTao(EngineView view, int netuid)
    {
        var subnets = view.Port<ISubnetMarkets>();
        if (netuid <= 0 || !subnets.TryGetSubnet(view, netuid, out var subnet).Accepted) return Fixed.Zero;
        return subnets.SpotPrice(view, netuid).Mul(TaoToFixed(subnet.LastAlphaOut), Rounding.Down);
    }

    internal static RiskControllerView Controller(EngineView view)
    {
        var s = view.State<RiskState>();
        return new RiskControllerView(
            s.Sigma, s.AverageLeverage, s.OpenInterestTao, s.ExpectedLoss, s.ValueAtRisk, s.Emission,
            view.Port<IInsuranceControl>().Lambda(view).ToFixed(), s.Adequate, s.Coverage, s.BreakerTripped,
            view.Port<IPerpsLevers>().MaxLeverage(view), s.LastError, s.Steps,
            s.Markets.Select(m => new MarketRiskView(m.Key, m.Value.LastIndex, FixedMath.Sqrt(m.Value.Variance))).ToList());
    }
}
