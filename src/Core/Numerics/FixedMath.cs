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

    /// <summary>
    /// A bound on the relative error of <see cref="Pow"/> for bases in (0, 2^64), |exponent| ≤ 100 and
    /// |exponent·ln base| ≤ 40, plus one unit in the last place for results so small that a unit exceeds it.
    /// (The error of ln, at most half a unit, is multiplied by the exponent: larger exponents need a larger bound.)
    /// </summary>
    public static readonly Fixed PowRelativeErrorBound = new(1_000);

    /// <summary>Bits of <see cref="Ln"/>'s internal binary fixed point (values ·2^120).</summary>
    private const int LnBits = 120;

    /// <summary>⌊ln 2·2^120⌋.</summary>
    private static readonly UInt128 Ln2Q = UInt128.Parse("921350637599661305226344307672478454", CultureInfo.InvariantCulture);

    /// <summary>
    /// Natural logarithm, rounded to the nearest 1e-18 (error within half a unit in the last place, plus less than
    /// 1e-15 of a unit); x must be positive. The series runs in 120-bit binary fixed point and rounds once at the
    /// end: run at 18 decimals it lost up to ~30 units in the last place, which <see cref="Pow"/> multiplies by its
    /// exponent.
    /// </summary>
    public static Fixed Ln(Fixed x)
    {
        if (x.Raw <= 0) throw new ArgumentOutOfRangeException(nameof(x), "ln of a non-positive number");
        var one = Fixed.ScaleRaw;
        var two = one * 2;
        // k = ⌊log2 x⌋ (comparing the shifted value with integer bounds is exact); then m = x/2^k ∈ [1, 2) as the
        // exact ratio n/d.
        Int128 probe = x.Raw;
        int k = 0;
        while (probe >= two) { probe >>= 1; k++; }
        while (probe < one) { probe <<= 1; k--; }
        UInt128 n = (UInt128)x.Raw, d = (UInt128)one;
        if (k >= 0) d <<= k; else n <<= -k;
        // Room for the sums below (drops bits only of values above 2^126, a relative 1e-37).
        var limit = UInt128.One << 126;
        while (n >= limit || d >= limit) { n >>= 1; d >>= 1; }
        // Move m to [0.708, 1.417): z below stays under 0.173, and x near 1 keeps k = 0 (no cancellation).
        if (n - d > d / 12 * 5) { d <<= 1; k++; }
        // ln m = 2·atanh(z), z = (m − 1)/(m + 1): the odd series in |z| converges by a factor ≥ 33 a term.
        bool negative = n < d;
        UInt128 z = FullMath.MulDiv(negative ? d - n : n - d, UInt128.One << LnBits, n + d, Rounding.Down);
        UInt128 z2 = MulShift(z, z);
        UInt128 term = z, sum = 0;
        for (uint i = 1; term > (UInt128.One << 40); i += 2) // terms below 2^-80 cannot reach the 18th decimal
        {
            sum += term / i;
            term = MulShift(term, z2);
        }
        var q = checked(k * (Int128)Ln2Q + (negative ? -2 * (Int128)sum : 2 * (Int128)sum));
        // Back to 18 decimals, rounded to nearest: |q|·1e18/2^120 + ½.
        FullMath.Multiply(FullMath.Abs(q), (UInt128)one, out var hi, out var lo);
        var half = UInt128.One << (LnBits - 1);
        lo = unchecked(lo + half);
        if (lo < half) hi++;
        var magnitude = (Int128)((hi << (128 - LnBits)) | (lo >> LnBits));
        return new Fixed(q < 0 ? -magnitude : magnitude);
    }

    /// <summary>a·b/2^120 (rounded down) for values below 2^126: the 256-bit product shifted.</summary>
    private static UInt128 MulShift(UInt128 a, UInt128 b)
    {
        FullMath.Multiply(a, b, out var hi, out var lo);
        return (hi << (128 - LnBits)) | (lo >> LnBits);
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
