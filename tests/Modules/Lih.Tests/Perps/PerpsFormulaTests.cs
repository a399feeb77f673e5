using Ballast.Core.Numerics;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>Hand-worked examples of the Hyper-Leverage Engine's formulas (defaults: μ = 6.25%, ψ0 = 0.1%, φ = ½, fee 1,000 ppb + 1 ppb per 1×).</summary>
public class PerpsFormulaTests
{
    private static readonly PerpsParameters P = new();

    [Fact]
    public void Liquidation_threshold_at_40x_is_2_34375_percent()
    {
        // (1 − μ)/L = (1 − 0.0625)/40 = 0.9375/40 = 0.0234375 = 2.34375%
        // long:  100·(1 − 0.0234375) = 97.65625;  short: 100·(1 + 0.0234375) = 102.34375
        PerpsBook.LiquidationPrice(P, X("100"), X("40"), isLong: true).ShouldBe(X("97.65625"));
        PerpsBook.LiquidationPrice(P, X("100"), X("40"), isLong: false).ShouldBe(X("102.34375"));
        // At the example's 345.75: 345.75·0.9765625 = 337.646484375 (the gap example's 40× long).
        PerpsBook.LiquidationPrice(P, X("345.75"), X("40"), isLong: true).ShouldBe(X("337.646484375"));
    }

    [Fact]
    public void Liquidation_threshold_at_10000x_is_0_009375_percent()
    {
        // (1 − μ)/L = 0.9375/10,000 = 0.00009375 = 0.009375%
        // long:  100·(1 − 0.00009375) = 99.990625;  short: 100·(1 + 0.00009375) = 100.009375
        PerpsBook.LiquidationPrice(P, X("100"), X("10000"), isLong: true).ShouldBe(X("99.990625"));
        PerpsBook.LiquidationPrice(P, X("100"), X("10000"), isLong: false).ShouldBe(X("100.009375"));
    }

    [Fact]
    public void Premium_psi_at_40x_and_10000x()
    {
        // ψ(40) = 0.001·40^0.5 = 0.001·6.324555320336759 = 0.006324555320…; on 10 TAO: 0.0632455532 TAO → 63,245,554 rao (rounded up)
        PerpsBook.Premium(P, Tao(10), X("40")).ShouldBe(Rao(63_245_554));
        // ψ(10,000) = 0.001·10,000^0.5 = 0.001·100 = 0.1; on 1 TAO: 0.1 TAO = 100,000,000 rao
        PerpsBook.Premium(P, Tao(1), X("10000")).ShouldBe(Rao(100_000_000));
        // ψ is capped at the margin: ψ0 = 50% at 10,000× would be 50 × the margin
        PerpsBook.Premium(P with { PremiumPsi0Ppb = new(500_000_000) }, Tao(1), X("10000")).ShouldBe(Tao(1));
    }

    [Fact]
    public void Trading_fee_scales_with_leverage()
    {
        // rate = 1,000 + 1·L ppb. 40×: 1,040 ppb of a 400 TAO notional = 400e9·1,040/1e9 = 416,000 rao
        PerpsBook.TradingFee(P, Tao(400), X("40")).ShouldBe(Rao(416_000));
        // 10,000×: 11,000 ppb of a 10,000 TAO notional (1 TAO margin) = 1e13·11,000/1e9 = 110,000,000 rao = 11% of the margin
        PerpsBook.TradingFee(P, Tao(10_000), X("10000")).ShouldBe(Rao(110_000_000));
        // 1×: 1,001 ppb of 3 rao = 0.003003 → rounded up to 1 rao
        PerpsBook.TradingFee(P, Rao(3), X("1")).ShouldBe(Rao(1));
    }
}
