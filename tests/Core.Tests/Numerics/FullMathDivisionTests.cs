using System.Numerics;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Numerics;

/// <summary>
/// The 256-by-128-bit division behind <see cref="FullMath.MulDiv(UInt128, UInt128, UInt128, Rounding)"/> (Knuth's
/// algorithm D on 32-bit digits) against BigInteger, for divisors of every digit count and products whose high half
/// is not zero, including the digit patterns that make the quotient estimate too large (the add-back step).
/// </summary>
public class FullMathDivisionTests
{
    private static UInt128 Random128(DeterministicRandom random, int bits)
    {
        if (bits <= 0) return UInt128.Zero;
        var value = new UInt128(random.NextUInt64(), random.NextUInt64());
        return bits >= 128 ? value : value & ((UInt128.One << bits) - 1);
    }

    private static void Check(UInt128 a, UInt128 b, UInt128 d)
    {
        var product = (BigInteger)a * (BigInteger)b;
        var expected = BigInteger.DivRem(product, (BigInteger)d, out var remainder);
        if (expected > (BigInteger)UInt128.MaxValue)
        {
            Should.Throw<OverflowException>(() => FullMath.MulDiv(a, b, d, Rounding.Down));
            return;
        }
        FullMath.MulDiv(a, b, d, Rounding.Down).ShouldBe((UInt128)expected, $"{a}·{b}/{d}");
        FullMath.MulDiv(a, b, d, Rounding.Up).ShouldBe((UInt128)(remainder.IsZero ? expected : expected + 1), $"⌈{a}·{b}/{d}⌉");
    }

    [Fact]
    public void Quotients_match_BigInteger_for_divisors_of_one_to_four_digits()
    {
        var random = new DeterministicRandom(20261201);
        int wide = 0;
        for (int i = 0; i < 200_000; i++)
        {
            int dBits = 1 + (int)(random.NextUInt64() % 128);
            var d = Random128(random, dBits);
            if (d.IsZero()) d = 1;
            // Products whose high half is not zero (the long-division path) and below d·2^128 (the quotient fits).
            var a = Random128(random, 64 + (int)(random.NextUInt64() % 65));
            var b = Random128(random, 1 + (int)(random.NextUInt64() % 128));
            FullMath.Multiply(a, b, out var hi, out _);
            if (hi != 0 && hi < d) wide++;
            Check(a, b, d);
        }
        wide.ShouldBeGreaterThan(50_000);
    }

    [Fact]
    public void Digit_patterns_that_need_a_correction_of_the_quotient_estimate_are_exact()
    {
        // Divisors whose top digits are all ones or a lone high bit, and dividends of repeated 0xFFFF_FFFF or 0x8000_0000
        // digits: the estimate from the top two digits overshoots and the add-back runs.
        uint[] digits = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFE, 0xFFFF_FFFF];
        UInt128 Make(uint d3, uint d2, uint d1, uint d0) => new(((ulong)d3 << 32) | d2, ((ulong)d1 << 32) | d0);
        int checkedCases = 0;
        foreach (var x3 in digits) foreach (var x2 in digits) foreach (var x1 in digits) foreach (var x0 in digits)
        {
            var d = Make(x3, x2, x1, x0);
            if (d.IsZero()) continue;
            foreach (var y in digits)
            {
                var a = Make(y, ~y, y, 0xFFFF_FFFF);
                var b = Make(0xFFFF_FFFF, y, 0x8000_0000, x0);
                Check(a, b, d);
                Check(d - 1 == 0 ? 1 : d - 1, UInt128.MaxValue, d); // quotient just below 2^128
                checkedCases++;
            }
        }
        checkedCases.ShouldBeGreaterThan(10_000);
    }
}

internal static class UInt128TestExtensions
{
    public static bool IsZero(this UInt128 value) => value == UInt128.Zero;
}
