using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Numerics;

public class FixedHandWorkedTests
{
    [Fact]
    public void One_and_a_half_times_two_and_a_quarter_is_three_and_three_eighths()
    {
        // raws 1.5e18 · 2.25e18 / 1e18 = 3.375e18, exact, so both roundings agree
        Fixed.Parse("1.5").Mul(Fixed.Parse("2.25"), Rounding.Down).ShouldBe(Fixed.Parse("3.375"));
        Fixed.Parse("1.5").Mul(Fixed.Parse("2.25"), Rounding.Up).ShouldBe(Fixed.Parse("3.375"));
        Fixed.Parse("3.375").Raw.ShouldBe((Int128)3_375_000_000_000_000_000);
    }

    [Fact]
    public void A_price_of_0_035_TAO_per_alpha_times_1000_alpha_is_35_TAO_in_rao()
    {
        // price raw 0.035e18 = 35e15; 1000 alpha = 1000e9 = 1e12 rao
        // 1e12 · 35e15 / 1e18 = 35e9 rao = 35 TAO
        var price = Fixed.Parse("0.035");
        price.MulAmount(Amount.Tokens(1000), Rounding.Down).ShouldBe(Amount.Tokens(35));
        price.MulAmount(Amount.Tokens(1000), Rounding.Down).Units.ShouldBe((UInt128)35_000_000_000);
        // and back: 35e9 rao · 1e18 / 35e15 = 1e12 rao = 1000 alpha
        price.DivAmount(Amount.Tokens(35), Rounding.Down).ShouldBe(Amount.Tokens(1000));
    }

    [Fact]
    public void A_price_from_pool_reserves_rounds_as_asked()
    {
        // 1 rao / 3 rao = 0.333… → raw 333_333_333_333_333_333 down, …334 up
        Fixed.Ratio(new Amount(1), new Amount(3), Rounding.Down).Raw.ShouldBe((Int128)333_333_333_333_333_333);
        Fixed.Ratio(new Amount(1), new Amount(3), Rounding.Up).Raw.ShouldBe((Int128)333_333_333_333_333_334);
        // 35 TAO / 1000 alpha = 0.035
        Fixed.Ratio(Amount.Tokens(35), Amount.Tokens(1000), Rounding.Down).ShouldBe(Fixed.Parse("0.035"));
    }

    [Fact]
    public void Two_hundred_fifty_basis_points_are_0_025()
    {
        // 250 / 10_000 = 0.025 → raw 250·1e18/10_000 = 25e15
        Fixed.FromBps(250).ShouldBe(Fixed.Parse("0.025"));
        Fixed.FromBps(250).Raw.ShouldBe((Int128)25_000_000_000_000_000);
        Fixed.FromBps(10_000).ShouldBe(Fixed.One);
    }

    [Fact]
    public void Negative_ratios_round_toward_minus_and_plus_infinity()
    {
        // −1/3 = −0.333…3|33… → floor −0.333333333333333334, ceiling −0.333333333333333333
        Fixed.Ratio(-1, 3, Rounding.Down).Raw.ShouldBe((Int128)(-333_333_333_333_333_334));
        Fixed.Ratio(-1, 3, Rounding.Up).Raw.ShouldBe((Int128)(-333_333_333_333_333_333));
        // −7/2 = −3.5 exactly at 18 decimals
        Fixed.Ratio(-7, 2, Rounding.Down).ShouldBe(Fixed.Parse("-3.5"));
        // raw −7 (−7e-18) / 2 = −3.5e-18 → floor −4e-18, ceiling −3e-18
        new Fixed(-7).DivInt(2, Rounding.Down).Raw.ShouldBe((Int128)(-4));
        new Fixed(-7).DivInt(2, Rounding.Up).Raw.ShouldBe((Int128)(-3));
    }

    [Fact]
    public void Mul_and_Div_below_the_last_decimal_round_as_asked()
    {
        // 1e-18 · 0.5 = 5e-19 → down 0, up 1e-18
        var tiny = new Fixed(1);
        tiny.Mul(Fixed.Parse("0.5"), Rounding.Down).ShouldBe(Fixed.Zero);
        tiny.Mul(Fixed.Parse("0.5"), Rounding.Up).ShouldBe(tiny);
        // −1e-18 · 0.5 = −5e-19 → down −1e-18, up 0
        (-tiny).Mul(Fixed.Parse("0.5"), Rounding.Down).ShouldBe(-tiny);
        (-tiny).Mul(Fixed.Parse("0.5"), Rounding.Up).ShouldBe(Fixed.Zero);
        // 2/3 = 0.666…6|66… → down …666, up …667
        Fixed.FromInt(2).Div(Fixed.FromInt(3), Rounding.Down).ShouldBe(Fixed.Parse("0.666666666666666666"));
        Fixed.FromInt(2).Div(Fixed.FromInt(3), Rounding.Up).ShouldBe(Fixed.Parse("0.666666666666666667"));
        Should.Throw<DivideByZeroException>(() => Fixed.One.Div(Fixed.Zero, Rounding.Down));
    }

    [Fact]
    public void ToString_is_exact_with_trailing_zeros_trimmed()
    {
        Fixed.Parse("0.035").ToString().ShouldBe("0.035");
        Fixed.FromInt(-2).ToString().ShouldBe("-2");
        Fixed.Zero.ToString().ShouldBe("0");
        new Fixed(1).ToString().ShouldBe("0.000000000000000001");
        new Fixed(-1).ToString().ShouldBe("-0.000000000000000001");
        // 2^127 − 1 and −2^127 raw units, with the decimal point 18 digits from the right
        new Fixed(Int128.MaxValue).ToString().ShouldBe("170141183460469231731.687303715884105727");
        new Fixed(Int128.MinValue).ToString().ShouldBe("-170141183460469231731.687303715884105728");
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1.")]
    [InlineData(".")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("1.0000000000000000001")] // 19 decimals: not exactly representable, and not rounded
    [InlineData("0.0000000000000000000")] // 19 decimals, all zero: refused on the count alone
    [InlineData("170141183460469231731.687303715884105728")] // Int128.MaxValue + 1 raw
    [InlineData("-170141183460469231731.687303715884105729")] // Int128.MinValue − 1 raw
    [InlineData("1000000000000000000000")] // 1e21 > 1.7e20
    public void TryParse_rejects_malformed_inexact_and_out_of_range_text(string text)
    {
        Fixed.TryParse(text, out var value).ShouldBeFalse();
        value.ShouldBe(Fixed.Zero);
        Should.Throw<FormatException>(() => Fixed.Parse(text));
    }

    [Fact]
    public void TryParse_rejects_null()
    {
        Fixed.TryParse(null, out var value).ShouldBeFalse();
        value.ShouldBe(Fixed.Zero);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("+1.5", "1500000000000000000")]
    [InlineData("-12.5", "-12500000000000000000")]
    [InlineData("0.000001", "1000000000000")]
    [InlineData("007.10", "7100000000000000000")]
    [InlineData("1.000000000000000001", "1000000000000000001")] // exactly 18 decimals
    [InlineData("170141183460469231731.687303715884105727", "170141183460469231731687303715884105727")] // MaxValue
    [InlineData("-170141183460469231731.687303715884105728", "-170141183460469231731687303715884105728")] // MinValue
    public void TryParse_accepts_exact_decimals_up_to_the_edges_of_the_range(string text, string expectedRaw)
    {
        Fixed.TryParse(text, out var value).ShouldBeTrue();
        value.Raw.ShouldBe(Int128.Parse(expectedRaw));
    }
}
