using System.Numerics;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Core.Tests.Numerics.NumericGenerators;

namespace Ballast.Core.Tests.Numerics;

/// <summary>Fixed (raw = value·1e18 in an Int128) against System.Numerics.BigInteger, 10,000 cases per property.</summary>
public class FixedPropertyTests
{
    private static readonly Int128[] FixedExtremes =
    [
        Fixed.ScaleRaw, -Fixed.ScaleRaw, Fixed.ScaleRaw - 1, Fixed.ScaleRaw + 1, Fixed.ScaleRaw / 2,
    ];

    private static readonly Gen<Int128> Raws = Gen.Frequency((9, MixedInt128), (1, Gen.Elements(FixedExtremes)));

    private static string DigitsOf(IEnumerable<int> digits) => string.Concat(digits);

    private static Gen<string> Digits(int minLength, int maxLength) =>
        Gen.Choose(minLength, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n)).Select(DigitsOf);

    /// <summary>
    /// Random decimal text: optional sign, up to two leading zeros, 1–23 whole digits, and no fraction or 1–18
    /// fractional digits. Int128 raws have at most 21 whole digits (|MinValue| = 170141183460469231731.68…), so
    /// long whole parts are favoured: they straddle the edge of the range.
    /// </summary>
    private static readonly Gen<string> RandomDecimalText =
        from sign in Gen.Elements("", "-", "+")
        from zeros in Gen.Elements("", "0", "00")
        from whole in Gen.Frequency((3, Digits(1, 18)), (2, Digits(19, 23)))
        from frac in Gen.Frequency((1, Gen.Constant("")), (3, Digits(1, 18)))
        select frac.Length == 0 ? $"{sign}{zeros}{whole}" : $"{sign}{zeros}{whole}.{frac}";

    /// <summary>
    /// Decimal text for a value within ±3 raw units of a mixed Int128 raw, always written with all 18 decimals:
    /// exercises the edges of the range (Int128.MinValue/MaxValue and one beyond).
    /// </summary>
    private static readonly Gen<string> NearRawDecimalText =
        Gen.Zip(MixedInt128, Gen.Choose(-3, 3), (raw, d) =>
        {
            var value = (BigInteger)raw + d;
            var whole = BigInteger.DivRem(BigInteger.Abs(value), FixedScale, out var frac);
            return $"{(value.Sign < 0 ? "-" : "")}{whole}.{frac.ToString().PadLeft(18, '0')}";
        });

    /// <summary>The raw a decimal text denotes, computed in BigInteger (text is already known to be well formed).</summary>
    private static BigInteger ExpectedRaw(string text)
    {
        bool negative = text.StartsWith('-');
        var body = text.TrimStart('-', '+');
        var parts = body.Split('.');
        var raw = BigInteger.Parse(parts[0]) * FixedScale;
        if (parts.Length == 2) raw += BigInteger.Parse(parts[1].PadRight(18, '0'));
        return negative ? -raw : raw;
    }

    [Theory]
    [InlineData(Rounding.Down)]
    [InlineData(Rounding.Up)]
    public void Mul_is_the_floor_or_ceiling_of_the_raw_product_over_1e18(Rounding rounding)
    {
        int fitted = 0, overflowed = 0;
        Prop.ForAll(Arb(Raws), Arb(Raws), (a, b) =>
        {
            var expected = Div((BigInteger)a * b, FixedScale, rounding);
            if (FitsInt128(expected))
            {
                ((BigInteger)new Fixed(a).Mul(new Fixed(b), rounding).Raw).ShouldBe(expected, $"{a}·{b} {rounding}");
                fitted++;
            }
            else
            {
                Should.Throw<OverflowException>(() => new Fixed(a).Mul(new Fixed(b), rounding), $"{a}·{b} {rounding}");
                overflowed++;
            }
        }).Check(TenThousandCases);

        fitted.ShouldBeGreaterThan(2_000);
        overflowed.ShouldBeGreaterThan(1_000);
    }

    [Theory]
    [InlineData(Rounding.Down)]
    [InlineData(Rounding.Up)]
    public void Div_is_the_floor_or_ceiling_of_the_raw_dividend_times_1e18_over_the_divisor(Rounding rounding)
    {
        int fitted = 0, overflowed = 0, dividedByZero = 0;
        Prop.ForAll(Arb(Raws), Arb(Raws), (a, b) =>
        {
            if (b == 0)
            {
                Should.Throw<DivideByZeroException>(() => new Fixed(a).Div(new Fixed(b), rounding));
                dividedByZero++;
                return;
            }
            var expected = Div((BigInteger)a * FixedScale, b, rounding);
            if (FitsInt128(expected))
            {
                ((BigInteger)new Fixed(a).Div(new Fixed(b), rounding).Raw).ShouldBe(expected, $"{a}/{b} {rounding}");
                fitted++;
            }
            else
            {
                Should.Throw<OverflowException>(() => new Fixed(a).Div(new Fixed(b), rounding), $"{a}/{b} {rounding}");
                overflowed++;
            }
        }).Check(TenThousandCases);

        fitted.ShouldBeGreaterThan(2_000);
        overflowed.ShouldBeGreaterThan(1_000);
        dividedByZero.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Ratio_of_integers_is_the_floor_or_ceiling_of_numerator_times_1e18_over_denominator()
    {
        Prop.ForAll(Arb(MixedInt128), Arb(MixedInt128), Arb(AnyRounding), (n, d, rounding) =>
        {
            if (d == 0)
            {
                Should.Throw<DivideByZeroException>(() => Fixed.Ratio(n, d, rounding));
                return;
            }
            var expected = Div((BigInteger)n * FixedScale, d, rounding);
            if (FitsInt128(expected))
                ((BigInteger)Fixed.Ratio(n, d, rounding).Raw).ShouldBe(expected, $"{n}/{d} {rounding}");
            else
                Should.Throw<OverflowException>(() => Fixed.Ratio(n, d, rounding), $"{n}/{d} {rounding}");
        }).Check(TenThousandCases);
    }

    [Fact]
    public void MulAmount_and_DivAmount_are_the_floor_or_ceiling_of_the_BigInteger_result()
    {
        var positiveRaws = Raws.Select(r => r == Int128.MinValue ? Int128.MaxValue : Int128.Abs(r));
        Prop.ForAll(Arb(positiveRaws), Arb(MixedUInt128), Arb(AnyRounding), (raw, units, rounding) =>
        {
            var price = new Fixed(raw);
            var amount = new Amount(units);

            var product = Div((BigInteger)units * raw, FixedScale, rounding);
            if (FitsUInt128(product))
                ((BigInteger)price.MulAmount(amount, rounding).Units).ShouldBe(product, $"{units}·{raw} {rounding}");
            else
                Should.Throw<OverflowException>(() => price.MulAmount(amount, rounding));

            if (raw == 0)
            {
                Should.Throw<ArgumentOutOfRangeException>(() => price.DivAmount(amount, rounding));
                return;
            }
            var quotient = Div((BigInteger)units * FixedScale, raw, rounding);
            if (FitsUInt128(quotient))
                ((BigInteger)price.DivAmount(amount, rounding).Units).ShouldBe(quotient, $"{units}/{raw} {rounding}");
            else
                Should.Throw<OverflowException>(() => price.DivAmount(amount, rounding));
        }).Check(TenThousandCases);
    }

    [Fact]
    public void ToString_then_TryParse_round_trips_every_raw()
    {
        Prop.ForAll(Arb(Raws), raw =>
        {
            var text = new Fixed(raw).ToString();
            Fixed.TryParse(text, out var parsed).ShouldBeTrue($"TryParse(\"{text}\") of raw {raw}");
            parsed.Raw.ShouldBe(raw, $"\"{text}\"");
        }).Check(TenThousandCases);
    }

    [Fact]
    public void TryParse_of_random_decimal_text_equals_the_BigInteger_raw_or_refuses_exactly_when_out_of_range()
    {
        int parsed = 0, refused = 0;
        Prop.ForAll(Arb(Gen.Frequency((3, RandomDecimalText), (1, NearRawDecimalText))), text =>
        {
            var expected = ExpectedRaw(text);
            if (FitsInt128(expected))
            {
                Fixed.TryParse(text, out var value).ShouldBeTrue($"\"{text}\"");
                ((BigInteger)value.Raw).ShouldBe(expected, $"\"{text}\"");
                ((BigInteger)Fixed.Parse(text).Raw).ShouldBe(expected, $"\"{text}\"");
                parsed++;
            }
            else
            {
                Fixed.TryParse(text, out var value).ShouldBeFalse($"\"{text}\" is out of range");
                value.ShouldBe(Fixed.Zero);
                Should.Throw<FormatException>(() => Fixed.Parse(text));
                refused++;
            }
        }).Check(TenThousandCases);

        parsed.ShouldBeGreaterThan(2_000);
        refused.ShouldBeGreaterThan(500);
    }
}
