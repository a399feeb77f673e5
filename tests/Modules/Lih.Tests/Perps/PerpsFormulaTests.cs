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

    [Fact]
    public void Trading_fee_counts_fractional_leverage_exactly()
    {
        // 2.5×: rate = 1,000 + 1·2.5 = 1,002.5 ppb (the whole-number reading charged 1,002). 400 TAO: 400e9·1,002.5/1e9 = 401,000 rao
        PerpsBook.TradingFee(P, Tao(400), X("2.5")).ShouldBe(Rao(401_000));
        // 1 TAO at 2.5×: 1e9·1,002.5/1e9 = 1,002.5 → rounded up in the pool's favour to 1,003 rao
        PerpsBook.TradingFee(P, Tao(1), X("2.5")).ShouldBe(Rao(1_003));
        // 9,999.9×, 1,000 ppb per 1×: 1,000 + 9,999,900 = 10,000,900 ppb of 1 TAO = 10,000,900 rao (truncated: 9,999,999 + 1,000 = 10,000,000)
        PerpsBook.TradingFee(P with { FeePpbPerLeverage = new(1_000) }, Tao(1), X("9999.9")).ShouldBe(Rao(10_000_900));
        // never below the fee at the whole leverage under it
        PerpsBook.TradingFee(P, Tao(400), X("2.5")).ShouldBeGreaterThan(PerpsBook.TradingFee(P, Tao(400), X("2")));
    }

    [Fact]
    public void A_liquidation_fee_is_at_most_the_equity_before_it()
    {
        static PerpsBook.Settlement S(long equityRao, ulong feeRao) => new(X("1"), X("1"), X("1"), 0, 0, Rao(feeRao), equityRao);
        // equity after the fee 5 rao: the fee is paid in full
        PerpsBook.FeeCappedByEquity(S(5, 100)).ShouldBe(S(5, 100));
        // equity before the fee 40 rao, fee 100: the fee takes the 40, nothing is left and nothing is owed
        PerpsBook.FeeCappedByEquity(S(-60, 100)).ShouldBe(S(0, 40));
        // bankrupt before the fee (−1 TAO): no fee, the loss is the 1 TAO beyond the margin, not 1 TAO + fee
        PerpsBook.FeeCappedByEquity(S(-1_000_000_100, 100)).ShouldBe(S(-1_000_000_000, 0));
        // exactly zero before the fee: no fee
        PerpsBook.FeeCappedByEquity(S(-100, 100)).ShouldBe(S(0, 0));
    }
}
