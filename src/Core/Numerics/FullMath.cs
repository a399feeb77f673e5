using System.Numerics;
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

    /// <summary>
    /// (hi·2^128 + lo) / d for hi &lt; d: Knuth's algorithm D (The Art of Computer Programming vol. 2, 4.3.1; as in
    /// Hacker's Delight's divmnu) on 32-bit digits, so a quotient digit costs one 64-by-32-bit hardware division and
    /// at most two corrections instead of 32 shift-and-subtract steps. Exact: the same quotient and remainder as any
    /// long division (tested against BigInteger and the bit-by-bit division it replaced).
    /// </summary>
    private static void Divide(UInt128 hi, UInt128 lo, UInt128 d, out UInt128 quotient, out UInt128 remainder)
    {
        unchecked
        {
            Span<uint> u = stackalloc uint[9]; // the dividend's 8 digits and one more for the normalising shift
            Span<uint> v = stackalloc uint[4];
            Span<uint> q = stackalloc uint[8];
            for (int i = 0; i < 4; i++)
            {
                u[i] = (uint)(lo >> (32 * i));
                u[i + 4] = (uint)(hi >> (32 * i));
                v[i] = (uint)(d >> (32 * i));
            }
            u[8] = 0;
            int n = 4;
            while (n > 1 && v[n - 1] == 0) n--;
            int m = 8;
            while (m > n && u[m - 1] == 0) m--;
            if (n == 1)
            {
                // One-digit divisor: schoolbook division, one 64/32 step per digit.
                ulong k = 0, v0 = v[0];
                for (int j = m - 1; j >= 0; j--)
                {
                    ulong cur = (k << 32) | u[j];
                    q[j] = (uint)(cur / v0);
                    k = cur - q[j] * v0;
                }
                for (int j = m; j < 8; j++) q[j] = 0;
                quotient = Join(q, 0);
                remainder = k;
                return;
            }
            // Normalise: shift so the divisor's top digit has its high bit set (the quotient estimates are then off by ≤ 2).
            int s = BitOperations.LeadingZeroCount(v[n - 1]);
            Span<uint> vn = stackalloc uint[4];
            for (int i = n - 1; i > 0; i--) vn[i] = (uint)(((ulong)v[i] << s) | ((ulong)v[i - 1] >> (32 - s)));
            vn[0] = (uint)((ulong)v[0] << s);
            Span<uint> un = stackalloc uint[9];
            un[m] = (uint)((ulong)u[m - 1] >> (32 - s));
            for (int i = m - 1; i > 0; i--) un[i] = (uint)(((ulong)u[i] << s) | ((ulong)u[i - 1] >> (32 - s)));
            un[0] = (uint)((ulong)u[0] << s);
            const ulong b = 1UL << 32;
            q.Clear();
            for (int j = m - n; j >= 0; j--)
            {
                ulong top = ((ulong)un[j + n] << 32) | un[j + n - 1];
                ulong qhat = top / vn[n - 1];
                ulong rhat = top - qhat * vn[n - 1];
                while (qhat >= b || qhat * vn[n - 2] > ((rhat << 32) | un[j + n - 2]))
                {
                    qhat--;
                    rhat += vn[n - 1];
                    if (rhat >= b) break;
                }
                // Multiply and subtract qhat·vn from un[j .. j+n].
                long borrow = 0, t;
                for (int i = 0; i < n; i++)
                {
                    ulong p = qhat * vn[i];
                    t = (long)un[i + j] - borrow - (long)(p & 0xFFFF_FFFF);
                    un[i + j] = (uint)t;
                    borrow = (long)(p >> 32) - (t >> 32);
                }
                t = (long)un[j + n] - borrow;
                un[j + n] = (uint)t;
                q[j] = (uint)qhat;
                if (t < 0)
                {
                    // qhat was one too large (rare): add the divisor back.
                    q[j]--;
                    ulong carry = 0;
                    for (int i = 0; i < n; i++)
                    {
                        ulong sum = (ulong)un[i + j] + vn[i] + carry;
                        un[i + j] = (uint)sum;
                        carry = sum >> 32;
                    }
                    un[j + n] = (uint)(un[j + n] + carry);
                }
            }
            // The remainder is un[0 .. n) shifted back.
            UInt128 r = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                uint digit = (uint)(((ulong)un[i] >> s) | ((ulong)un[i + 1] << (32 - s)));
                r = (r << 32) | digit;
            }
            quotient = Join(q, 0);
            remainder = r;
        }
    }

    /// <summary>
    /// ⌊a·b·c/d⌋ as a 256-bit value (hi·2^128 + lo), with a 384-bit intermediate product: nothing is rounded before
    /// the one final floor. False (and zeros) when the quotient does not fit in 256 bits.
    /// </summary>
    public static bool TryMulMulDiv(UInt128 a, UInt128 b, UInt128 c, UInt128 d, out UInt128 hi, out UInt128 lo)
    {
        if (d == UInt128.Zero)
            throw new DivideByZeroException("MulMulDiv by zero");
        hi = lo = UInt128.Zero;
        // a·b = p1·2^128 + p0; times c: (p0·c) + (p1·c)·2^128 = w2·2^256 + w1·2^128 + w0.
        Multiply(a, b, out var p1, out var p0);
        Multiply(p0, c, out var x1, out var w0);
        UInt128 w1, w2;
        if (p1 == UInt128.Zero)
        {
            w1 = x1;
            w2 = UInt128.Zero;
        }
        else
        {
            Multiply(p1, c, out var y1, out var y0);
            w1 = unchecked(x1 + y0);
            w2 = y1 + (w1 < x1 ? UInt128.One : UInt128.Zero); // below 2^128: a·b·c < 2^384
        }
        // Long division, most significant 128-bit word first; each remainder is below d, so each step's quotient
        // word fits in 128 bits and a non-zero top word means the quotient is 2^256 or more.
        if (w2 >= d) return false;
        UInt128 q1, r1;
        if (w2 == UInt128.Zero)
        {
            q1 = w1 / d;
            r1 = w1 - q1 * d;
        }
        else
        {
            Divide(w2, w1, d, out q1, out r1);
        }
        UInt128 q0;
        if (r1 == UInt128.Zero) q0 = w0 / d;
        else Divide(r1, w0, d, out q0, out _);
        hi = q1;
        lo = q0;
        return true;
    }

    /// <summary>
    /// ⌊√(hi·2^128 + lo)⌋, the integer square root (floor) of a 256-bit value, exact: the largest r with r² ≤ the
    /// value (always below 2^128). Newton's method from above, seeded by the root of the value's top 64 bits, with
    /// the 256-by-128-bit division of <see cref="MulDiv(UInt128, UInt128, UInt128, Rounding)"/>.
    /// </summary>
    public static UInt128 Sqrt(UInt128 hi, UInt128 lo)
    {
        if (hi == UInt128.Zero) return Sqrt(lo);
        int bits = 256 - (int)UInt128.LeadingZeroCount(hi);
        // value = m·4^s + rest with m below 2^64; (⌊√m⌋ + 1)·2^s is above the root, at most 2^-31 too high relatively.
        int s = (bits - 63) / 2, twoS = 2 * s;
        ulong m = twoS >= 128 ? (ulong)(hi >> (twoS - 128)) : (ulong)((hi << (128 - twoS)) | (lo >> twoS));
        ulong seed = Sqrt(m) + 1;
        UInt128 x = 64 - BitOperations.LeadingZeroCount(seed) + s > 128 ? UInt128.MaxValue : (UInt128)seed << s;
        while (true)
        {
            // x ≥ ⌊√value⌋ throughout; hi ≥ x means value/x ≥ 2^128 > x, so the next step would not descend: x is the root.
            if (hi >= x) return x;
            Divide(hi, lo, x, out var q, out _);
            UInt128 y = (x >> 1) + (q >> 1) + (x & q & UInt128.One); // ⌊(x + q)/2⌋ without overflow
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>⌊√value⌋ for an unsigned 128-bit value (the largest r with r² ≤ value), seeded from its top 64 bits.</summary>
    public static UInt128 Sqrt(UInt128 value)
    {
        if (value <= ulong.MaxValue) return Sqrt((ulong)value);
        int bits = 128 - (int)UInt128.LeadingZeroCount(value);
        int s = (bits - 63) / 2;
        UInt128 x = (UInt128)(Sqrt((ulong)(value >> (2 * s))) + 1) << s; // above the root; at most 2^64
        while (true)
        {
            UInt128 y = (x + value / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>⌊√value⌋ for an unsigned 64-bit value, by Newton's method on hardware division.</summary>
    public static ulong Sqrt(ulong value)
    {
        if (value < 2) return value;
        int bits = 64 - BitOperations.LeadingZeroCount(value);
        ulong x = 1UL << ((bits + 1) / 2); // at or above the root, at most twice it
        while (true)
        {
            ulong y = (x + value / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>
    /// ⌊√(a·b·c/d)⌋, exact: the floor of the exact quotient's root (⌊√⌊q⌋⌋ = ⌊√q⌋ for any real q ≥ 0).
    /// <see cref="OverflowException"/> when the root does not fit in 128 bits.
    /// </summary>
    public static UInt128 SqrtMulMulDiv(UInt128 a, UInt128 b, UInt128 c, UInt128 d)
    {
        if (!TryMulMulDiv(a, b, c, d, out var hi, out var lo))
            throw new OverflowException($"√({a}·{b}·{c}/{d}) does not fit in 128 bits");
        return Sqrt(hi, lo);
    }

    private static UInt128 Join(ReadOnlySpan<uint> digits, int from) =>
        new(((ulong)digits[from + 3] << 32) | digits[from + 2], ((ulong)digits[from + 1] << 32) | digits[from]);
}
