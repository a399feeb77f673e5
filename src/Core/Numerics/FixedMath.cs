using System.Globalization;

namespace Ballast.Core.Numerics;

/// <summary>
/// Deterministic transcendental functions on <see cref="Fixed"/> in pure integer arithmetic (no floating point),
/// so every machine computes the same bits. Accuracy: relative error below <see cref="PowRelativeErrorBound"/>;
/// callers that pay out round against the payee by that bound (the weighted pool does).
/// </summary>
public static class FixedMath
{
    /// <summary>ln 2 = 0.693147180559945309417…, truncated to 18 decimals.</summary>
    private static readonly Int128 Ln2Raw = Int128.Parse("693147180559945309", CultureInfo.InvariantCulture);

    /// <summary>A bound on the relative error of <see cref="Pow"/> for bases in (0, 2^64) and |exponent·ln base| ≤ 40.</summary>
    public static readonly Fixed PowRelativeErrorBound = new(1_000);

    /// <summary>Natural logarithm; x must be positive.</summary>
    public static Fixed Ln(Fixed x)
    {
        if (x.Raw <= 0) throw new ArgumentOutOfRangeException(nameof(x), "ln of a non-positive number");
        var one = Fixed.ScaleRaw;
        var two = one * 2;
        Int128 m = x.Raw;
        int k = 0;
        while (m >= two) { m >>= 1; k++; }
        while (m < one) { m <<= 1; k--; }
        // ln m = 2·atanh(z), z = (m−1)/(m+1) ∈ [0, 1/3): the odd series converges by a factor ≥ 9 a term.
        Int128 z = FullMath.MulDiv(m - one, one, m + one, Rounding.Down);
        Int128 z2 = FullMath.MulDiv(z, z, one, Rounding.Down);
        Int128 term = z, sum = 0;
        for (int n = 1; term != 0; n += 2)
        {
            sum += term / n;
            term = FullMath.MulDiv(term, z2, one, Rounding.Down);
        }
        return new Fixed(checked(k * Ln2Raw + 2 * sum));
    }

    /// <summary>e^y. Underflows to zero below about e^-43; overflows (throws) above the Fixed range.</summary>
    public static Fixed Exp(Fixed y)
    {
        var one = Fixed.ScaleRaw;
        // y = k·ln2 + r with |r| ≤ ln2/2.
        Int128 k = FullMath.MulDiv(y.Raw, 1, Ln2Raw, Rounding.Down);
        // e^y < 2^-100 is far below the 1e-18 grid; returning here also keeps k·ln2 from overflowing near Int128.MinValue.
        if (k < -100) return Fixed.Zero;
        Int128 r = y.Raw - k * Ln2Raw;
        if (r > Ln2Raw / 2) { k++; r -= Ln2Raw; }
        Int128 term = one, sum = one;
        for (int n = 1; term != 0; n++)
        {
            term = FullMath.MulDiv(term, r, one * n, Rounding.Down);
            sum += term;
        }
        if (k >= 0)
        {
            // The checked product throws exactly when sum·2^k leaves the Fixed range (e^y up to ≈1.7e20, y ≈ 46.58);
            // the guard only keeps the shift itself representable.
            if (k > 126) throw new OverflowException("Exp overflows the Fixed range");
            return new Fixed(checked(sum * ((Int128)1 << (int)k)));
        }
        return new Fixed(sum >> (int)(-k));
    }

    /// <summary>base^exponent for a positive base (0^e = 0 for e &gt; 0, x^0 = 1).</summary>
    public static Fixed Pow(Fixed @base, Fixed exponent)
    {
        if (exponent.IsZero) return Fixed.One;
        if (@base.IsZero) return exponent.IsPositive ? Fixed.Zero : throw new DivideByZeroException("0 to a negative power");
        if (@base.IsNegative) throw new ArgumentOutOfRangeException(nameof(@base), "Pow of a negative base");
        if (exponent == Fixed.One) return @base;
        return Exp(Ln(@base).Mul(exponent, Rounding.Down));
    }

    /// <summary>Integer square root (floor) of an unsigned 128-bit value, by Newton's method.</summary>
    public static UInt128 Sqrt(UInt128 value)
    {
        if (value < 2) return value;
        // Start from a power of two at or above the root, then descend monotonically.
        int bits = 128 - (int)UInt128.LeadingZeroCount(value);
        UInt128 x = UInt128.One << ((bits + 1) / 2);
        while (true)
        {
            UInt128 y = (x + value / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>√x for a non-negative fixed-point value, rounded down.</summary>
    public static Fixed Sqrt(Fixed x)
    {
        if (x.IsNegative) throw new ArgumentOutOfRangeException(nameof(x), "sqrt of a negative number");
        if (x.IsZero) return Fixed.Zero;
        // ⌊√(raw·1e18)⌋. The product needs up to 187 bits (it exceeds 128 bits from x ≈ 340.3 on), so Newton's method
        // runs on the 256-bit product through MulDiv; the root itself is below 2^94.
        UInt128 raw = (UInt128)x.Raw, scale = (UInt128)Fixed.ScaleRaw;
        FullMath.Multiply(raw, scale, out var hi, out var lo);
        int bits = hi == UInt128.Zero ? 128 - (int)UInt128.LeadingZeroCount(lo) : 256 - (int)UInt128.LeadingZeroCount(hi);
        UInt128 root = UInt128.One << ((bits + 1) / 2);
        while (true)
        {
            UInt128 next = (root + FullMath.MulDiv(raw, scale, root, Rounding.Down)) >> 1;
            if (next >= root) return new Fixed((Int128)root);
            root = next;
        }
    }
}
