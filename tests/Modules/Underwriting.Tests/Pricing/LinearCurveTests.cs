using System.Numerics;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Pricing;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Pricing;

/// <summary>
/// The curve of P = 100 TAO, I = 20 TAO worked by hand: c = 120, b = (100 − 20)/120 = 2/3, a = 2·20/120² = 1/360 per TAO;
/// p(60) = 60/360 + 2/3 = 5/6; ∫₀⁶⁰ = 60²/720 + 40 = 45; ∫₃₀⁶⁰ = (60² − 30²)/720 + 20 = 23.75; p(120) = 1 and ∫₀¹²⁰ = 100.
/// </summary>
public class LinearCurveTests
{
    private static readonly LinearCurve Curve = LinearCurve.FromPrincipalAndReturn(Tao.Of(100), Tao.Of(20));
    private static UInt128 T(decimal tao) => Tao.Of(tao).Units;

    [Fact]
    public void Start_price_and_slope_follow_7_1_4()
    {
        Curve.StartPrice.ShouldBe(Tao.X("0.666666666666666666"));
        Curve.StartPriceNumerator.ShouldBe(T(80));
        Curve.Capacity.ShouldBe(T(120));
        // a = 40 TAO / (120 TAO)² = 1/(360 TAO): the slope numerator over the denominator.
        (Curve.Denominator / Curve.SlopeNumerator).ShouldBe(T(360));
    }

    [Fact]
    public void Price_at_half_the_capacity_is_five_sixths_and_one_at_the_end()
    {
        Curve.PriceAt(T(60), Rounding.Down).ShouldBe(Tao.X("0.833333333333333333"));
        Curve.PriceAt(T(60), Rounding.Up).ShouldBe(Tao.X("0.833333333333333334"));
        Curve.PriceAt(T(120), Rounding.Down).ShouldBe(Fixed.One);
        Curve.PriceAt(0, Rounding.Down).ShouldBe(Curve.StartPrice);
    }

    [Fact]
    public void Buying_P_plus_I_bonds_costs_exactly_P_and_ends_at_price_one()
    {
        Curve.CostToBuy(0, T(120)).ShouldBe(T(100));
        Curve.BondsFor(0, T(100)).ShouldBe(T(120));
        Curve.BondsFor(0, T(1_000)).ShouldBe(T(120)); // never past c
    }

    [Fact]
    public void Buying_sixty_bonds_costs_forty_five_and_forty_five_buys_sixty()
    {
        Curve.CostToBuy(0, T(60)).ShouldBe(T(45));
        Curve.BondsFor(0, T(45)).ShouldBe(T(60));
        // One rao less buys one bond-rao less or so: never a bond not paid for.
        var bonds = Curve.BondsFor(0, T(45) - 1);
        bonds.ShouldBeLessThan(T(60));
        Curve.CostToBuy(0, bonds).ShouldBeLessThanOrEqualTo(T(45) - 1);
        Curve.CostToBuy(0, bonds + 1).ShouldBeGreaterThan(T(45) - 1);
    }

    [Fact]
    public void Selling_thirty_from_sixty_returns_23_75()
    {
        Curve.SaleProceeds(T(60), T(30)).ShouldBe(T(23.75m));
    }

    [Fact]
    public void A_short_of_thirty_from_sixty_escrows_thirty_minus_the_area()
    {
        Curve.ShortEscrow(T(60), T(30)).ShouldBe(T(6.25m));
    }

    [Fact]
    public void Closing_the_short_of_thirty_buys_the_curve_back_and_returns_its_escrow()
    {
        // From 30 back up to 60: the area is 23.75 again, so the short gets back 30 − 23.75 = 6.25, its escrow.
        (T(30) - Curve.CostToBuy(T(30), T(30))).ShouldBe(T(6.25m));
    }

    [Fact]
    public void Implied_terms_at_sixty_are_P_hat_45_and_I_hat_a_quarter()
    {
        var (principal, rate) = Curve.Implied(T(60));
        principal.ShouldBe(T(45));
        rate.ShouldBe(Tao.X("0.25"));
        Curve.Implied(T(500)).Principal.ShouldBe(T(100)); // ĉ capped at c
    }

    [Fact]
    public void Rounding_favours_the_pool_on_an_inexact_area()
    {
        // P = 3, I = 1 rao: area from 0 to 1 = 1·(1·1 + 9 − 1)/16 = 9/16.
        var tiny = LinearCurve.FromPrincipalAndReturn(new Amount(3), new Amount(1));
        tiny.CostToBuy(0, 1).ShouldBe((UInt128)1);
        tiny.SaleProceeds(1, 1).ShouldBe((UInt128)0);
        tiny.ShortEscrow(1, 1).ShouldBe((UInt128)1);
    }

    [Fact]
    public void Return_above_principal_has_no_curve()
    {
        LinearCurve.IsValid(Tao.Of(10), Tao.Of(11)).ShouldBeFalse();
        LinearCurve.IsValid(Tao.Of(10), Tao.Of(10)).ShouldBeTrue();
        LinearCurve.IsValid(Amount.Zero, Amount.Zero).ShouldBeFalse();
        // I = P: b = 0, the price starts at 0, and P + I bonds still cost P.
        var even = LinearCurve.FromPrincipalAndReturn(Tao.Of(10), Tao.Of(10));
        even.StartPrice.ShouldBe(Fixed.Zero);
        even.CostToBuy(0, T(20)).ShouldBe(T(10));
    }

    [Fact]
    public void Area_and_inverse_match_the_BigInteger_reference_on_random_curves()
    {
        var random = new DeterministicRandom(20_221_102);
        for (int n = 0; n < 400; n++)
        {
            // Sizes from a few rao to 10^18 rao (a billion TAO).
            ulong scale = (n % 4) switch { 0 => 1_000UL, 1 => 1_000_000_000UL, 2 => 1_000_000_000_000_000UL, _ => 1_000_000_000_000_000_000UL };
            ulong p = 1 + random.NextBelow(scale);
            ulong i = random.NextBelow(p + 1);
            var curve = LinearCurve.FromPrincipalAndReturn(new Amount(p), new Amount(i));
            ulong c = p + i;
            ulong s0 = random.NextBelow(c + 1);
            ulong s1 = s0 + random.NextBelow(c - s0 + 1);
            var exact = CurveReference.Area(p, i, s0, s1);
            curve.Area(s0, s1, Rounding.Down).ShouldBe((UInt128)exact.Floor, $"P={p} I={i} s0={s0} s1={s1}");
            curve.Area(s0, s1, Rounding.Up).ShouldBe((UInt128)exact.Ceiling, $"P={p} I={i} s0={s0} s1={s1}");
            ulong x = random.NextBelow(p + 1);
            curve.BondsFor(s0, x).ShouldBe((UInt128)CurveReference.BondsFor(p, i, s0, x), $"P={p} I={i} s0={s0} x={x}");
        }
    }

    [Fact]
    public void Full_curve_costs_P_for_random_P_and_I()
    {
        var random = new DeterministicRandom(7);
        for (int n = 0; n < 300; n++)
        {
            ulong p = 1 + random.NextBelow(1UL << 61);
            ulong i = random.NextBelow(p + 1);
            var curve = LinearCurve.FromPrincipalAndReturn(new Amount(p), new Amount(i));
            curve.CostToBuy(0, curve.Capacity).ShouldBe((UInt128)p);
            curve.SaleProceeds(curve.Capacity, curve.Capacity).ShouldBe((UInt128)p);
            curve.PriceAt(curve.Capacity, Rounding.Down).ShouldBe(Fixed.One);
        }
    }

    [Fact]
    public void Buying_in_pieces_never_costs_less_than_at_once()
    {
        var random = new DeterministicRandom(11);
        for (int n = 0; n < 200; n++)
        {
            ulong p = 1 + random.NextBelow(1_000_000_000_000UL);
            ulong i = random.NextBelow(p + 1);
            var curve = LinearCurve.FromPrincipalAndReturn(new Amount(p), new Amount(i));
            UInt128 s = 0, paid = 0;
            for (int k = 0; k < 5; k++)
            {
                UInt128 step = random.NextBelow((ulong)(curve.Capacity - s) + 1);
                paid += curve.CostToBuy(s, step);
                s += step;
            }
            paid.ShouldBeGreaterThanOrEqualTo(curve.CostToBuy(0, s));
            // and selling it all back returns at most what the pieces cost
            curve.SaleProceeds(s, s).ShouldBeLessThanOrEqualTo(paid);
        }
    }

    [Fact]
    public void Integer_square_root_is_the_floor()
    {
        var random = new DeterministicRandom(3);
        for (int n = 0; n < 200; n++)
        {
            var v = new BigInteger(random.NextUInt64()) * random.NextUInt64() * random.NextUInt64();
            var r = LinearCurve.ISqrt(v);
            (r * r <= v && (r + 1) * (r + 1) > v).ShouldBeTrue();
        }
    }
}
