namespace Ballast.Core.Numerics;

/// <summary>
/// <c>a·b/c</c> with a 256-bit intermediate product, as Solidity's FullMath does for uint256, here for 128-bit
/// operands. The result must fit in 128 bits, otherwise <see cref="OverflowException"/>: nothing wraps.
/// Allocation-free: the common case (product below 2^128) is one native division.
/// </summary>
public static class FullMath
{
    public static UInt128 MulDiv(UInt128 a, UInt128 b, UInt128 denominator, Rounding rounding)
    {
        if (denominator == UInt128.Zero)
            throw new DivideByZeroException("MulDiv by zero");
        Multiply(a, b, out var hi, out var lo);
        UInt128 quotient, remainder;
        if (hi == UInt128.Zero)
        {
            quotient = lo / denominator;
            remainder = lo - quotient * denominator;
        }
        else
        {
            if (hi >= denominator)
                throw new OverflowException($"MulDiv result does not fit in 128 bits ({a}·{b}/{denominator})");
            Divide(hi, lo, denominator, out quotient, out remainder);
        }
        if (rounding == Rounding.Up && remainder != UInt128.Zero)
            quotient = checked(quotient + UInt128.One);
        return quotient;
    }

    /// <summary>Signed <c>a·b/c</c>: floor for <see cref="Rounding.Down"/>, ceiling for <see cref="Rounding.Up"/>.</summary>
    public static Int128 MulDiv(Int128 a, Int128 b, Int128 denominator, Rounding rounding)
    {
        if (denominator == Int128.Zero)
            throw new DivideByZeroException("MulDiv by zero");
        bool negative = (a < 0) ^ (b < 0) ^ (denominator < 0);
        var magnitudeRounding = negative
            ? (rounding == Rounding.Down ? Rounding.Up : Rounding.Down)
            : rounding;
        var magnitude = MulDiv(Abs(a), Abs(b), Abs(denominator), magnitudeRounding);
        if (a == 0 || b == 0)
            return Int128.Zero;
        if (negative)
        {
            // -2^127 is representable, 2^127 is not.
            var minMagnitude = (UInt128)Int128.MaxValue + 1;
            if (magnitude > minMagnitude)
                throw new OverflowException("MulDiv result does not fit in Int128");
            return magnitude == minMagnitude ? Int128.MinValue : -(Int128)magnitude;
        }
        if (magnitude > (UInt128)Int128.MaxValue)
            throw new OverflowException("MulDiv result does not fit in Int128");
        return (Int128)magnitude;
    }

    /// <summary>Magnitude of a signed value as unsigned (|Int128.MinValue| included).</summary>
    public static UInt128 Abs(Int128 value) =>
        value >= 0 ? (UInt128)value : unchecked((UInt128)(-(value + 1)) + 1);

    /// <summary>Full 256-bit product of two 128-bit values as (hi, lo).</summary>
    public static void Multiply(UInt128 a, UInt128 b, out UInt128 hi, out UInt128 lo)
    {
        unchecked
        {
            ulong a0 = (ulong)a, a1 = (ulong)(a >> 64);
            ulong b0 = (ulong)b, b1 = (ulong)(b >> 64);
            UInt128 p00 = (UInt128)a0 * b0;
            UInt128 p01 = (UInt128)a0 * b1;
            UInt128 p10 = (UInt128)a1 * b0;
            UInt128 p11 = (UInt128)a1 * b1;
            UInt128 mid = (p00 >> 64) + (ulong)p01 + (ulong)p10;
            lo = (mid << 64) | (ulong)p00;
            hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        }
    }

    /// <summary>(hi·2^128 + lo) / d for hi &lt; d: restoring binary long division, 128 steps.</summary>
    private static void Divide(UInt128 hi, UInt128 lo, UInt128 d, out UInt128 quotient, out UInt128 remainder)
    {
        unchecked
        {
            UInt128 r = hi, q = UInt128.Zero;
            for (int bit = 127; bit >= 0; bit--)
            {
                bool carry = (r >> 127) != UInt128.Zero;
                r = (r << 1) | ((lo >> bit) & UInt128.One);
                q <<= 1;
                // With carry the true remainder is r + 2^128 ≥ d and the wrapped subtraction is exact.
                if (carry || r >= d)
                {
                    r -= d;
                    q |= UInt128.One;
                }
            }
            quotient = q;
            remainder = r;
        }
    }
}
