using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Numerics;

public class FullMathHandWorkedTests
{
    [Fact]
    public void MulDiv_rounds_down_and_up_as_asked()
    {
        // 7·3 = 21, 21/2 = 10.5 → down 10, up 11
        FullMath.MulDiv((UInt128)7, 3, 2, Rounding.Down).ShouldBe((UInt128)10);
        FullMath.MulDiv((UInt128)7, 3, 2, Rounding.Up).ShouldBe((UInt128)11);
        // 6·3 = 18, 18/2 = 9 exactly → 9 either way
        FullMath.MulDiv((UInt128)6, 3, 2, Rounding.Down).ShouldBe((UInt128)9);
        FullMath.MulDiv((UInt128)6, 3, 2, Rounding.Up).ShouldBe((UInt128)9);
    }

    [Fact]
    public void Negative_ratios_round_toward_minus_and_plus_infinity()
    {
        // −7·1/2 = −3.5 → floor −4, ceiling −3 (not truncation toward zero)
        FullMath.MulDiv((Int128)(-7), 1, 2, Rounding.Down).ShouldBe((Int128)(-4));
        FullMath.MulDiv((Int128)(-7), 1, 2, Rounding.Up).ShouldBe((Int128)(-3));
        // 7·1/−2 and −7·−1/−2 are the same −3.5
        FullMath.MulDiv((Int128)7, 1, -2, Rounding.Down).ShouldBe((Int128)(-4));
        FullMath.MulDiv((Int128)(-7), -1, -2, Rounding.Up).ShouldBe((Int128)(-3));
        // −1·1/3 = −0.33… → floor −1, ceiling 0
        FullMath.MulDiv((Int128)(-1), 1, 3, Rounding.Down).ShouldBe((Int128)(-1));
        FullMath.MulDiv((Int128)(-1), 1, 3, Rounding.Up).ShouldBe(Int128.Zero);
    }

    [Fact]
    public void The_intermediate_product_may_exceed_128_bits()
    {
        // 2^127·6 = 3·2^128 needs 130 bits; divided by 4 it is 3·2^126, which fits
        FullMath.MulDiv(UInt128.One << 127, 6, 4, Rounding.Down).ShouldBe((UInt128)3 << 126);
        // MaxValue·MaxValue/MaxValue = MaxValue: a 256-bit product divided back down
        FullMath.MulDiv(UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue, Rounding.Up).ShouldBe(UInt128.MaxValue);
    }

    [Fact]
    public void Rounding_up_past_the_maximum_throws()
    {
        // (2^96 − 1)(2^96 + 1) = 2^192 − 1; divided by 2^64 that is 2^128 − 2^-64:
        // floor = 2^128 − 1 = MaxValue fits, ceiling = 2^128 does not
        var a = (UInt128.One << 96) - 1;
        var b = (UInt128.One << 96) + 1;
        var c = UInt128.One << 64;
        FullMath.MulDiv(a, b, c, Rounding.Down).ShouldBe(UInt128.MaxValue);
        Should.Throw<OverflowException>(() => FullMath.MulDiv(a, b, c, Rounding.Up));
    }

    [Fact]
    public void Results_beyond_128_bits_throw_instead_of_wrapping()
    {
        // MaxValue·2/1 = 2^129 − 2
        Should.Throw<OverflowException>(() => FullMath.MulDiv(UInt128.MaxValue, 2, 1, Rounding.Down));
        // 2^127·1/1 = 2^127 = Int128.MaxValue + 1 as a positive result
        Should.Throw<OverflowException>(() => FullMath.MulDiv(Int128.MinValue, -1, 1, Rounding.Down));
    }

    [Fact]
    public void Int128_MinValue_is_a_valid_signed_result()
    {
        // −2^127·1/1 = −2^127 is representable; −2^127·−1/−1 is the same
        FullMath.MulDiv(Int128.MinValue, 1, 1, Rounding.Down).ShouldBe(Int128.MinValue);
        FullMath.MulDiv(Int128.MinValue, -1, -1, Rounding.Up).ShouldBe(Int128.MinValue);
        // |−2^127| = 2^127 as an unsigned magnitude
        FullMath.Abs(Int128.MinValue).ShouldBe(UInt128.One << 127);
    }

    [Fact]
    public void Division_by_zero_throws()
    {
        Should.Throw<DivideByZeroException>(() => FullMath.MulDiv((UInt128)1, 1, 0, Rounding.Down));
        Should.Throw<DivideByZeroException>(() => FullMath.MulDiv((Int128)1, 1, 0, Rounding.Up));
        // even when the product is zero: 0·5/0 is undefined, not 0
        Should.Throw<DivideByZeroException>(() => FullMath.MulDiv(UInt128.Zero, 5, 0, Rounding.Down));
    }

    [Fact]
    public void Multiply_splits_the_product_into_high_and_low_halves()
    {
        // MaxValue² = (2^128 − 1)² = 2^256 − 2^129 + 1 → hi = 2^128 − 2, lo = 1
        FullMath.Multiply(UInt128.MaxValue, UInt128.MaxValue, out var hi, out var lo);
        hi.ShouldBe(UInt128.MaxValue - 1);
        lo.ShouldBe(UInt128.One);
        // 2^64 · 2^64 = 2^128 → hi = 1, lo = 0
        FullMath.Multiply(UInt128.One << 64, UInt128.One << 64, out hi, out lo);
        hi.ShouldBe(UInt128.One);
        lo.ShouldBe(UInt128.Zero);
    }
}
