using Ballast.Core.Numerics;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>Hand-worked examples of the Hyper-Leverage Engine's formulas (defaults: μ = 6.25%, b = 0.002% a block, ψ0 = 1,000 ppb of notional, φ = ½, fee 1,000 ppb + 1 ppb per 1×).</summary>
public class PerpsFormulaTests
{
    private static readonly PerpsParameters P = new();

    [Fact]
    public void The_maintenance_requirement_is_mu_of_margin_until_the_band_term_takes_over()
    {
        // band budget = (2b + cap/interval)·1.1 = (2·0.00002 + 0.001/300)·1.1; 0.001/300 = 0.000003333333333334 (up)
        // → 0.000043333333333334·1.1 = 0.0000476666666666674 → 0.000047666666666668 (up)
        PerpsBook.BandBudget(P).ShouldBe(X("0.000047666666666668"));
        // 40×, 10 TAO margin, 400 TAO exit: μ·margin = 0.625 TAO; band 400·0.0000476… = 0.019066… TAO: μ rules
        PerpsBook.Maintenance(P, Tao(10), X("400")).ShouldBe(Rao(625_000_000));
        // 10,000×, 1 TAO margin, 10,000 TAO exit: μ·margin = 0.0625 TAO; band = 0.47666666666668 TAO → 476,666,667 rao (up)
        PerpsBook.Maintenance(P, Tao(1), X("10000")).ShouldBe(Rao(476_666_667));
        // the crossover L* = μ/band = 0.0625/0.000047666666666668 ≈ 1,311.2×: at 1,311× μ still rules, at 1,312× the band
        (PerpsBook.Maintenance(P, Tao(1), X("1311")) == Rao(62_500_000)).ShouldBeTrue();
        (PerpsBook.Maintenance(P, Tao(1), X("1312")) > Rao(62_500_000)).ShouldBeTrue();
    }

    [Fact]
    public void Each_side_is_capped_so_that_no_reachable_net_size_moves_the_mark_beyond_half_the_band()
    {
        // b = 0.1%: long cap B·(1 − 1/√1.0005), short cap B·(1/√0.9995 − 1), on B = 1,000,000
        var p = P with { MarkBandPpb = new(1_000_000) };
        var (maxLong, maxShort) = PerpsBook.SideCaps(p, X("1000000"));
        Math.Abs(maxLong.ToDouble() - 1e6 * (1 - 1 / Math.Sqrt(1.0005))).ShouldBeLessThan(1e-9);
        Math.Abs(maxShort.ToDouble() - 1e6 * (1 / Math.Sqrt(0.9995) - 1)).ShouldBeLessThan(1e-9);
        // at the caps the skew Y/X − 1 = D²/X² − 1 is within ±b/2 (the caps are rounded inwards)
        var atLong = 1e12 / Math.Pow(1e6 - maxLong.ToDouble(), 2) - 1;
        var atShort = 1 - 1e12 / Math.Pow(1e6 + maxShort.ToDouble(), 2);
        atLong.ShouldBeLessThanOrEqualTo(0.0005 + 1e-15);
        atShort.ShouldBeLessThanOrEqualTo(0.0005 + 1e-15);
        atLong.ShouldBeGreaterThan(0.0005 - 1e-9);
    }

    [Fact]
    public void The_vamm_trade_and_exit_match_the_constant_product_in_exact_arithmetic()
    {
        // D = 1,000,000, n = 0, a long of 50 quote units: X' = 1e12/1,000,050 (up), size = 1e6 − X'
        PerpsBook.TryTrade(X("1000000"), Fixed.Zero, isLong: true, X("50"), out var size).ShouldBeTrue();
        var exact = 1_000_000m - 1_000_000_000_000m / 1_000_050m;
        Math.Abs((decimal)size.Raw / 1e18m - exact).ShouldBeLessThanOrEqualTo(2e-18m);
        // selling it straight back returns the 50 units less at most two rounding units (the vault's side)
        PerpsBook.TryExitUnits(X("1000000"), size, size, out var units).ShouldBeTrue();
        (units <= X("50")).ShouldBeTrue();
        (X("50") - units <= new Fixed(3)).ShouldBeTrue($"{units}");
    }

    [Fact]
    public void Premium_is_on_notional_its_floor_rising_with_leverage()
    {
        // σ unknown (0): the floor ψ0·L^φ of notional. 40×: 1e-6·√40 = 0.000006324555320337 (up) on 400 TAO = 2,529,823 rao (up)
        PerpsBook.Premium(P, Tao(400), X("40"), Fixed.Zero).ShouldBe(Rao(2_529_823));
        // 10,000×: 1e-6·100 = 1e-4 on 10,000 TAO = 1 TAO (per unit of exposure 100× the 1× rate, where it used to fall 100×)
        PerpsBook.Premium(P, Tao(10_000), X("10000"), Fixed.Zero).ShouldBe(Tao(1));
        PerpsBook.PremiumRate(P, X("1"), Fixed.Zero).ShouldBe(X("0.000001"));
    }

    [Fact]
    public void Premium_tail_term_is_the_expected_loss_beyond_the_margin_under_laplace_tails()
    {
        // σ = 0.0005 per block: β = σ/√2; at 10,000× the distance m = band budget: β·e^(−m/β) per unit of notional
        double beta = 0.0005 / Math.Sqrt(2), m = 0.000047666666666668;
        double expected = beta * Math.Exp(-m / beta);
        Math.Abs(PerpsBook.PremiumRate(P, X("10000"), X("0.0005")).ToDouble() / expected - 1).ShouldBeLessThan(1e-12);
        // 3.09 TAO on 1 TAO of margin: at this σ 10,000× costs three margins of premium — the honest price of the tail
        PerpsBook.Premium(P, Tao(10_000), X("10000"), X("0.0005")).ShouldBeGreaterThan(Tao(3));
        // at 40× the distance is μ/40 = 0.0015625 = 4.4β: the tail is below the floor, which is charged
        PerpsBook.PremiumRate(P, X("40"), X("0.0005")).ShouldBe(PerpsBook.PremiumRate(P, X("40"), Fixed.Zero));
    }

    [Fact]
    public void The_floor_alone_covers_the_expected_tail_loss_at_every_leverage_while_sigma_is_at_most_1e_minus_4()
    {
        // The calibration of ψ0 = 1,000 ppb and φ = ½ (docs/lih.md): ψ0·L^φ ≥ β·e^(−m(L)/β) for L in [1, 10,000] and σ ≤ 1e-4,
        // with m(L) = max(μ/L, band budget). Checked on a fine grid against the closed form in doubles; tightest near L* ≈ 1,311.
        double band = PerpsBook.BandBudget(P).ToDouble();
        double worst = double.MaxValue;
        for (double sigma = 1e-6; sigma <= 1e-4 + 1e-12; sigma += 1e-6)
            for (double l = 1; l <= 10_000; l *= 1.01)
            {
                double beta = sigma / Math.Sqrt(2), m = Math.Max(0.0625 / l, band);
                double tail = beta * Math.Exp(-m / beta), floor = 1e-6 * Math.Sqrt(l);
                worst = Math.Min(worst, floor / tail);
            }
        worst.ShouldBeGreaterThanOrEqualTo(1.0);
        worst.ShouldBeLessThan(1.02); // and it is tight: the calibration is not merely generous
    }

    [Fact]
    public void The_closed_form_of_the_expected_loss_beyond_the_line_matches_a_laplace_walk()
    {
        // A random walk with Laplace(β) steps started above a barrier: at the step that crosses it, the overshoot is
        // Exp(β) whatever the walk's position before (the step must fall below −x < 0, inside the exponential tail), so
        // E[(overshoot − m)+] = β·e^(−m/β). Walks that have not crossed after 200 steps are dropped: that conditions on
        // nothing the overshoot depends on. A seeded walk in doubles: an independent reference for the closed form.
        var rng = new Random(20261201);
        double beta = 1.0, m = 0.7, sum = 0;
        int crossings = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double x = rng.NextDouble();
            for (int step = 0; step < 200 && x > 0; step++)
            {
                double u = rng.NextDouble() - 0.5;
                x += -beta * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
            }
            if (x > 0) continue;
            crossings++;
            sum += Math.Max(0, -x - m);
        }
        crossings.ShouldBeGreaterThan(90_000);
        double mean = sum / crossings, closed = beta * Math.Exp(-m / beta);
        Math.Abs(mean / closed - 1).ShouldBeLessThan(0.02);
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
        static PerpsBook.Settlement S(long equityRao, ulong feeRao) => new(X("1"), X("1"), 0, 0, Rao(feeRao), equityRao, X("1"));
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
