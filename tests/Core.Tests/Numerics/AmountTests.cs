using System.Numerics;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Core.Tests.Numerics.NumericGenerators;

namespace Ballast.Core.Tests.Numerics;

public class AmountTests
{
    /// <summary>
    /// Pairs of unit counts: independent mixed values, plus pairs straddling the two edges of the range
    /// (b ≈ MaxValue − a for addition, b ≈ a for subtraction).
    /// </summary>
    private static readonly Gen<(UInt128 A, UInt128 B)> Pairs = Gen.Frequency(
        (4, Gen.Zip(MixedUInt128, MixedUInt128, (a, b) => (a, b))),
        (1, Gen.Zip(MixedUInt128, Gen.Choose(-2, 2), (a, d) => (a, ClampToUInt128((BigInteger)(UInt128.MaxValue - a) + d)))),
        (1, Gen.Zip(MixedUInt128, Gen.Choose(-2, 2), (a, d) => (a, ClampToUInt128((BigInteger)a + d)))));

    // ---- properties against BigInteger ------------------------------------------------------------------------

    [Fact]
    public void Addition_equals_the_BigInteger_sum_or_throws_exactly_above_UInt128_MaxValue()
    {
        int fitted = 0, overflowed = 0;
        Prop.ForAll(Arb(Pairs), p =>
        {
            var (a, b) = p;
            var expected = (BigInteger)a + b;
            if (FitsUInt128(expected))
            {
                ((BigInteger)(new Amount(a) + new Amount(b)).Units).ShouldBe(expected, $"{a} + {b}");
                fitted++;
            }
            else
            {
                Should.Throw<OverflowException>(() => new Amount(a) + new Amount(b), $"{a} + {b}");
                overflowed++;
            }
        }).Check(TenThousandCases);

        fitted.ShouldBeGreaterThan(2_000);
        overflowed.ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public void Subtraction_equals_the_BigInteger_difference_or_throws_exactly_below_zero()
    {
        int fitted = 0, underflowed = 0;
        Prop.ForAll(Arb(Pairs), p =>
        {
            var (a, b) = p;
            var expected = (BigInteger)a - b;
            if (FitsUInt128(expected))
            {
                ((BigInteger)(new Amount(a) - new Amount(b)).Units).ShouldBe(expected, $"{a} - {b}");
                fitted++;
            }
            else
            {
                Should.Throw<OverflowException>(() => new Amount(a) - new Amount(b), $"{a} - {b}");
                underflowed++;
            }
        }).Check(TenThousandCases);

        fitted.ShouldBeGreaterThan(2_000);
        underflowed.ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public void SaturatingSub_is_the_BigInteger_difference_clamped_at_zero()
    {
        Prop.ForAll(Arb(Pairs), p =>
        {
            var (a, b) = p;
            var expected = BigInteger.Max((BigInteger)a - b, BigInteger.Zero);
            ((BigInteger)new Amount(a).SaturatingSub(new Amount(b)).Units).ShouldBe(expected, $"{a} -sat {b}");
        }).Check(TenThousandCases);
    }

    [Fact]
    public void MulBps_is_the_floor_or_ceiling_of_units_times_bps_over_ten_thousand()
    {
        var bpsGen = Gen.Frequency((1, Gen.Elements(0u, 1u, 9_999u, 10_000u, 10_001u, uint.MaxValue)),
            (4, Gen.Choose(0, 20_000).Select(v => (uint)v)));
        Prop.ForAll(Arb(MixedUInt128), Arb(bpsGen), Arb(AnyRounding), (units, bps, rounding) =>
        {
            var expected = Div((BigInteger)units * bps, 10_000, rounding);
            if (FitsUInt128(expected))
                ((BigInteger)new Amount(units).MulBps(bps, rounding).Units).ShouldBe(expected, $"{units}·{bps}bp {rounding}");
            else
                Should.Throw<OverflowException>(() => new Amount(units).MulBps(bps, rounding));
        }).Check(TenThousandCases);
    }

    [Fact]
    public void ToTokenString_is_whole_tokens_and_nine_decimals_and_units_round_trip_through_TryParseUnits()
    {
        Prop.ForAll(Arb(MixedUInt128), units =>
        {
            var whole = BigInteger.DivRem(units, Amount.UnitsPerToken, out var frac);
            new Amount(units).ToTokenString().ShouldBe($"{whole}.{frac.ToString().PadLeft(9, '0')}");

            Amount.TryParseUnits(new Amount(units).ToString(), out var parsed).ShouldBeTrue();
            parsed.Units.ShouldBe(units);
        }).Check(TenThousandCases);
    }

    // ---- hand-worked examples ---------------------------------------------------------------------------------

    [Fact]
    public void Five_tokens_are_five_billion_units()
    {
        // 5 TAO · 1e9 rao/TAO = 5_000_000_000 rao
        Amount.Tokens(5).Units.ShouldBe((UInt128)5_000_000_000);
    }

    [Fact]
    public void ToTokenString_shows_nine_decimals()
    {
        // 1_500_000_000 rao = 1 TAO + 500_000_000 rao = "1" "." "500000000"
        new Amount(1_500_000_000).ToTokenString().ShouldBe("1.500000000");
        // 7 rao = 0 TAO + 7 rao, padded to nine digits
        new Amount(7).ToTokenString().ShouldBe("0.000000007");
        Amount.Zero.ToTokenString().ShouldBe("0.000000000");
    }

    [Fact]
    public void Subtracting_more_than_is_there_throws_and_SaturatingSub_stops_at_zero()
    {
        // 3 − 5 = −2 < 0: a broken invariant, not a silent wrap to 2^128 − 2
        Should.Throw<OverflowException>(() => new Amount(3) - new Amount(5));
        new Amount(3).SaturatingSub(new Amount(5)).ShouldBe(Amount.Zero);
        new Amount(5).SaturatingSub(new Amount(3)).ShouldBe(new Amount(2));
    }

    [Fact]
    public void Adding_one_unit_to_the_maximum_throws()
    {
        // (2^128 − 1) + 1 = 2^128 does not fit in 128 bits
        Should.Throw<OverflowException>(() => new Amount(UInt128.MaxValue) + new Amount(1));
    }

    [Fact]
    public void MulBps_rounds_as_asked()
    {
        // 1001 · 250 / 10_000 = 250_250 / 10_000 = 25.025 → down 25, up 26
        new Amount(1001).MulBps(250, Rounding.Down).ShouldBe(new Amount(25));
        new Amount(1001).MulBps(250, Rounding.Up).ShouldBe(new Amount(26));
        // 10 TAO · 250 bp = 10e9 · 0.025 = 250_000_000 rao, exact either way
        Amount.Tokens(10).MulBps(250, Rounding.Down).Units.ShouldBe((UInt128)250_000_000);
        Amount.Tokens(10).MulBps(250, Rounding.Up).Units.ShouldBe((UInt128)250_000_000);
    }

    [Fact]
    public void Pro_rata_MulDiv_of_amounts_rounds_as_asked()
    {
        // 100 · 1 / 3 = 33.33… → down 33, up 34
        new Amount(100).MulDiv(new Amount(1), new Amount(3), Rounding.Down).ShouldBe(new Amount(33));
        new Amount(100).MulDiv(new Amount(1), new Amount(3), Rounding.Up).ShouldBe(new Amount(34));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.5")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("340282366920938463463374607431768211456")] // 2^128: one more than UInt128.MaxValue
    public void TryParseUnits_rejects_anything_but_an_in_range_unsigned_integer(string text)
    {
        Amount.TryParseUnits(text, out var amount).ShouldBeFalse();
        amount.ShouldBe(Amount.Zero);
    }

    [Fact]
    public void TryParseUnits_accepts_UInt128_MaxValue()
    {
        Amount.TryParseUnits("340282366920938463463374607431768211455", out var amount).ShouldBeTrue();
        amount.Units.ShouldBe(UInt128.MaxValue);
    }
}
