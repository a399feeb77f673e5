using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.RiskControl;

/// <summary>The Dynamic Risk Controller by hand: σ, EL, VaR, adequacy, each PID term alone, the clamp, L_max.</summary>
public class RiskFormulaTests
{
    /// <summary>
    /// A TAO-quoted market on A/TAO at 1, a 4× long of 10 TAO (V_o = 40 TAO, L̄ = 4), then the index moves to 1.01: with
    /// EwmaDecay = 0 the variance is the last squared return r² = 0.01² and σ = 0.01 exactly.
    /// </summary>
    private static LihWorld Stepped(RiskParameters risk, bool funded = true, decimal margin = 10, string leverage = "4", string move = "1.01")
    {
        var w = Create(insurance: new InsuranceParameters { FundedNetuid = funded ? FundedNetuid : 0, TargetReserveRao = 0 }, risk: risk with { EwmaDecay = Fixed.Zero });
        w.RunOk(Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(10_000)).From(Lender), new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        w.Open(Long("t1", "A", margin, leverage));
        w.RunOk(Post(AlphaTao, move));
        return w;
    }

    [Fact]
    public void EL_and_VaR_are_c_and_z_times_sigma_times_average_leverage_times_open_interest()
    {
        var w = Stepped(new RiskParameters(), funded: false);
        var r = w.Risk;
        // r = (1.01 − 1)/1 = 0.01; σ = √(0.01²) = 0.01
        r.Sigma.ShouldBe(X("0.01"));
        r.AverageLeverage.ShouldBe(X("4"));
        r.OpenInterestTao.ShouldBe(X("40"));
        // EL = 0.8·0.01·4·40 = 1.28 TAO;  VaR = 2.326·0.01·4·40 = 3.7216 TAO
        r.ExpectedLoss.ShouldBe(X("1.28"));
        r.ValueAtRisk.ShouldBe(X("3.7216"));
        // no funded subnet: E = 0, λ·0 < 1.28 + 1.5·3.7216 = 6.8624 → inadequate
        r.Emission.ShouldBe(Fixed.Zero);
        r.Adequate.ShouldBeFalse();
        // L_max = 40·min(1, 0.0005/0.01) = 40·0.05 = 2×
        w.Perps.MaxLeverage.ShouldBe(X("2"));
        // coverage R/(κ·VaR) = premium ψ(4) on the 40 TAO notional = 1e-6·√4·40 = 0.00008 TAO / 5.5824 < 0.3 → breaker tripped
        // (σ was still unknown at the open: the floor ψ0·L^φ alone)
        w.Reserve.ShouldBe(Tao(0.00008m));
        r.Coverage!.Value.ShouldBe(X("0.00008").Div(X("5.5824"), Rounding.Down));
        r.BreakerTripped.ShouldBeTrue();
        w.Perps.LeverageHalted.ShouldBeTrue();
    }

    [Fact]
    public void Adequacy_holds_when_lambda_E_covers_EL_plus_kappa_VaR()
    {
        // a 1× long of 0.1 TAO and a 0.01% move: EL = 0.8·0.0001·1·0.1 = 0.000008; VaR = 2.326·0.0001·1·0.1 = 0.00002326;
        // EL + 1.5·VaR = 0.000042890 TAO; λ·E ≈ 0.05·(0.05 TAO/block) ≈ 0.0025 TAO → adequate
        var w = Stepped(new RiskParameters { PidAlpha = Fixed.Zero, PidGamma = Fixed.Zero }, margin: 0.1m, leverage: "1", move: "1.0001");
        var r = w.Risk;
        r.ExpectedLoss.ShouldBe(X("0.000008"));
        r.ValueAtRisk.ShouldBe(X("0.00002326"));
        var lambda = Fixed.Ratio(w.LambdaPpb, Ballast.Core.Numerics.Ppb.Scale, Rounding.Down);
        lambda.ShouldBe(X("0.05"));
        Math.Abs(r.Emission.ToDouble() - 0.05).ShouldBeLessThan(0.001); // 1 alpha at ≈ 0.05 TAO
        (lambda.Mul(r.Emission, Rounding.Down) >= X("0.00004289")).ShouldBeTrue();
        r.Adequate.ShouldBeTrue();
        // and the 10 TAO 4× case of the test above, with E ≈ 0.05: 0.0025 < 6.8624 → not adequate
        var big = Stepped(new RiskParameters { PidAlpha = Fixed.Zero, PidGamma = Fixed.Zero });
        big.Risk.Emission.IsPositive.ShouldBeTrue();
        big.Risk.Adequate.ShouldBeFalse();
    }

    /// <summary>Runs the stepped world with the gains given and returns (λ before the step, λ after, EL/E, state).</summary>
    private static (Fixed Before, Fixed After, Fixed Ratio, LihWorld World) OneStep(RiskParameters gains, decimal margin = 1, string leverage = "1")
    {
        var w = Create(insurance: new InsuranceParameters { FundedNetuid = FundedNetuid, TargetReserveRao = 0 }, risk: gains with { EwmaDecay = Fixed.Zero });
        w.RunOk(Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(10_000)).From(Lender), new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        w.Open(Long("t1", "A", margin, leverage));
        var before = Fixed.Ratio(w.LambdaPpb, Ballast.Core.Numerics.Ppb.Scale, Rounding.Down);
        w.RunOk(Post(AlphaTao, "1.01"));
        var after = Fixed.Ratio(w.LambdaPpb, Ballast.Core.Numerics.Ppb.Scale, Rounding.Down);
        var ratio = w.Risk.ExpectedLoss.Div(w.Risk.Emission, Rounding.Down);
        return (before, after, ratio, w);
    }

    private static Fixed Ppb(Fixed x) => new(x.Raw / 1_000_000_000 * 1_000_000_000); // λ is kept in ppb: truncated to 9 decimals

    [Fact]
    public void PID_proportional_term_alone()
    {
        // α = 0.3, β = γ = 0. Before this block EL = 0 (σ = 0), so the earlier steps pulled λ down from 5%:
        // each λ' = λ + 0.3·(0 − λ) = 0.7·λ. This block: EL = 0.8·0.01·1·1 = 0.008 TAO, E ≈ 0.05 → EL/E ≈ 0.16;
        // λ' = λ + 0.3·(EL/E − λ).
        var (before, after, ratio, w) = OneStep(new RiskParameters { PidAlpha = X("0.3"), PidBeta = Fixed.Zero, PidGamma = Fixed.Zero });
        w.Risk.ExpectedLoss.ShouldBe(X("0.008"));
        Math.Abs(ratio.ToDouble() - 0.16).ShouldBeLessThan(0.005);
        after.ShouldBe(Ppb(before + X("0.3").Mul(ratio - before, Rounding.Down)));
        after.ShouldBeGreaterThan(before);
    }

    [Fact]
    public void PID_derivative_term_alone()
    {
        // β = 1, α = γ = 0: λ' = λ + 1·Δ(EL/E) = λ + (EL/E − 0), since EL/E was 0 the block before; λ stayed 5% until now.
        var (before, after, ratio, w) = OneStep(new RiskParameters { PidAlpha = Fixed.Zero, PidBeta = X("1"), PidGamma = Fixed.Zero });
        before.ShouldBe(X("0.05"));
        after.ShouldBe(Ppb(before + ratio));
        w.Risk.LastExpectedLossRatio.ShouldBe(ratio);
    }

    [Fact]
    public void PID_integral_term_alone()
    {
        // γ = 0.5 with a window of 0 blocks (the sum holds this block's error only), α = β = 0:
        // earlier blocks: e = 0 − λ, λ' = λ − 0.5λ → λ halves each block: 5% → 2.5% (the market's block) → 1.25% (the open's block).
        // this block: λ' = λ + 0.5·(EL/E − λ)
        var (before, after, ratio, w) = OneStep(new RiskParameters { PidAlpha = Fixed.Zero, PidBeta = Fixed.Zero, PidGamma = X("0.5"), IntegralWindowBlocks = 0 });
        before.ShouldBe(X("0.0125"));
        w.Risk.History.Count.ShouldBe(1);
        w.Risk.History[0].ShouldBe(ratio - before);
        after.ShouldBe(Ppb(before + X("0.5").Mul(ratio - before, Rounding.Down)));
    }

    [Fact]
    public void PID_output_is_clamped_to_lambda_min_and_lambda_max()
    {
        // α = 10: λ' = λ + 10·(EL/E − λ) with EL/E ≈ 16 (a 10 TAO 10× long: EL = 0.8·0.01·10·100 = 8 TAO) → far above 50% → λ_max
        var (_, high, _, _) = OneStep(new RiskParameters { PidAlpha = X("10"), PidGamma = Fixed.Zero }, margin: 10, leverage: "10");
        high.ShouldBe(X("0.5"));
        // with no exposure the error is −λ: 5% + 10·(0 − 5%) = −45% → λ_min = 1%
        var w = Create(insurance: new InsuranceParameters { FundedNetuid = FundedNetuid, TargetReserveRao = 0 }, risk: new RiskParameters { PidAlpha = X("10"), PidGamma = Fixed.Zero });
        w.RunOk(Post(AlphaTao, "1"), new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        w.Advance(1); // E appears
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        w.LambdaPpb.ShouldBe(10_000_000);
        w.AllEvents<LambdaChanged>().Last().ShouldBe(new LambdaChanged(new Ppb(50_000_000), new Ppb(10_000_000), LambdaChangeReason.RiskController));
    }

    [Fact]
    public void L_max_follows_volatility_within_the_unlocked_cap()
    {
        // σ = 0.0001 ≤ σ_ref = 0.0005 → L_max = the cap, 40×
        var calm = Stepped(new RiskParameters(), funded: false, move: "1.0001");
        calm.Perps.MaxLeverage.ShouldBe(X("40"));
        // σ = 0.001 → 40·0.0005/0.001 = 20×
        var rough = Stepped(new RiskParameters(), funded: false, move: "1.001");
        rough.Perps.MaxLeverage.ShouldBe(X("20"));
        // and the depth: σ/σ_ref = 2 → 8 quarters → 2× the buffers
        rough.Perps.Markets["A"].DepthScale.ShouldBe(X("2"));
    }
}
