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
        // A non-zero quotient of the top word means a quotient of 2^256 or more.
        if (w2 >= d) return false;
        if (d <= ulong.MaxValue)
        {
            // Short division by one 64-bit digit (d = 1e18, or a target price below 18.4): five 128-by-64-bit steps,
            // each remainder below d, each quotient digit below 2^64.
            ulong dd = (ulong)d;
            ulong r = (ulong)w2; // w2 < d
            ulong q3 = DivideStep(r, (ulong)(w1 >> 64), dd, out r);
            ulong q2 = DivideStep(r, unchecked((ulong)w1), dd, out r);
            ulong q1 = DivideStep(r, (ulong)(w0 >> 64), dd, out r);
            ulong q0 = DivideStep(r, unchecked((ulong)w0), dd, out _);
            hi = new UInt128(q3, q2);
            lo = new UInt128(q1, q0);
            return true;
        }
        // Long division by a divisor of more than 64 bits, most significant 128-bit word first; each remainder is
        // below d, so each step's quotient word fits in 128 bits.
        UInt128 qHi, rHi;
        if (w2 == UInt128.Zero)
        {
            qHi = w1 / d;
            rHi = w1 - qHi * d;
        }
        else
        {
            Divide(w2, w1, d, out qHi, out rHi);
        }
        UInt128 qLo;
        if (rHi == UInt128.Zero) qLo = w0 / d;
        else Divide(rHi, w0, d, out qLo, out _);
        hi = qHi;
        lo = qLo;
        return true;
    }

    /// <summary>(hi·2^64 + lo)/d and its remainder for hi &lt; d (so the quotient fits in 64 bits): one hardware division.</summary>
    private static ulong DivideStep(ulong hi, ulong lo, ulong d, out ulong remainder)
    {
        if (hi == 0)
        {
            ulong small = lo / d;
            remainder = lo - small * d;
            return small;
        }
        ulong q = (ulong)(new UInt128(hi, lo) / d);
        remainder = unchecked(lo - q * d); // the true remainder is below d < 2^64, so the low word is all of it
        return q;
    }

    /// <summary>
    /// ⌊√(hi·2^128 + lo)⌋, the integer square root (floor) of a 256-bit value, exact: the largest r with r² ≤ the
    /// value (always below 2^128). One Newton step from the root of the value's top 128 bits, whose divisor has only 64
    /// significant bits (so a short division), then a correction of at most a few units checked by squaring.
    /// </summary>
    public static UInt128 Sqrt(UInt128 hi, UInt128 lo)
    {
        if (hi == UInt128.Zero) return Sqrt(lo);
        int bits = 256 - (int)UInt128.LeadingZeroCount(hi);
        // value = m·4^s + rest with m in [2^126, 2^128): r = ⌊√m⌋ ∈ [2^63, 2^64) and x = r·2^s is within a relative
        // 2^-63 of the root.
        int s = (bits - 127) / 2, twoS = 2 * s;
        UInt128 m = twoS >= 128 ? hi >> (twoS - 128) : (hi << (128 - twoS)) | (lo >> twoS);
        ulong r = (ulong)Sqrt(m);
        // Newton: y = ⌊(x + ⌊value/x⌋)/2⌋ ≥ ⌊√value⌋ for any x > 0 (the arithmetic-geometric mean inequality, floors
        // included), and y − √value ≤ (x − √value)²/(2x) + 1, at most a few units here. value/x = ⌊value/2^s⌋/r.
        UInt128 shiftedHi = hi >> s, shiftedLo = s == 0 ? lo : (lo >> s) | (hi << (128 - s));
        if (shiftedHi >= r)
        {
            // The quotient would reach 2^128 (values near 2^256): Newton's loop on the wide division instead.
            return SqrtByDivision(hi, lo, UInt128.MaxValue);
        }
        // shiftedHi < r < 2^64: the top two 64-bit digits of the quotient are zero; two short-division steps give the rest.
        ulong q1 = DivideStep((ulong)shiftedHi, (ulong)(shiftedLo >> 64), r, out var carry);
        ulong q0 = DivideStep(carry, unchecked((ulong)shiftedLo), r, out _);
        UInt128 q = new(q1, q0);
        UInt128 x = (UInt128)r << s;
        UInt128 y = (x >> 1) + (q >> 1) + (x & q & UInt128.One); // ⌊(x + q)/2⌋ without overflow
        return CorrectDown(hi, lo, y);
    }

    /// <summary>Steps <paramref name="y"/> (at or above the root, by a few units) down to ⌊√(hi·2^128 + lo)⌋.</summary>
    private static UInt128 CorrectDown(UInt128 hi, UInt128 lo, UInt128 y)
    {
        while (true)
        {
            Multiply(y, y, out var sh, out var sl);
            if (sh < hi || (sh == hi && sl <= lo)) return y;
            y--;
        }
    }

    /// <summary>Newton's method from above on the 256-by-128-bit division: the slow path, for values near 2^256.</summary>
    private static UInt128 SqrtByDivision(UInt128 hi, UInt128 lo, UInt128 x)
    {
        while (true)
        {
            // x ≥ ⌊√value⌋ throughout; hi ≥ x means value/x ≥ 2^128 > x, so the next step would not descend: x is the root.
            if (hi >= x) return x;
            Divide(hi, lo, x, out var q, out _);
            UInt128 y = (x >> 1) + (q >> 1) + (x & q & UInt128.One);
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>
    /// ⌊√value⌋ for an unsigned 128-bit value (the largest r with r² ≤ value): one Newton step from the root of its top
    /// 64 bits (a division by a 32-bit number), then a correction of a few units checked by squaring.
    /// </summary>
    public static UInt128 Sqrt(UInt128 value)
    {
        if (value <= ulong.MaxValue) return Sqrt((ulong)value);
        int bits = 128 - (int)UInt128.LeadingZeroCount(value);
        // m = ⌊value/4^s⌋ in [2^62, 2^64): r = ⌊√m⌋ ∈ [2^31, 2^32), x = r·2^s within a relative 2^-31 of the root,
        // so y − √value ≤ 2^64·2^-62/2 + 1 ≤ 3.
        int s = (bits - 63) / 2;
        ulong r = Sqrt((ulong)(value >> (2 * s)));
        // value/(r·2^s), floored twice: ⌊⌊v/2^s⌋/r⌋ = ⌊v/(r·2^s)⌋; up to 2^65, so two short-division steps.
        UInt128 shifted = value >> s;
        ulong top = (ulong)(shifted >> 64);
        ulong qTop = top / r;
        ulong qLow = DivideStep(top - qTop * r, unchecked((ulong)shifted), r, out _);
        UInt128 q = new(qTop, qLow);
        UInt128 y = (((UInt128)r << s) + q) >> 1;
        if (y > ulong.MaxValue) y = ulong.MaxValue; // the root of a 128-bit value is below 2^64 (and y·y must not wrap)
        while (y * y > value) y--;
        return y;
    }

    /// <summary>
    /// ⌊√value⌋ for an unsigned 64-bit value: the value is shifted by an even number of bits into [2^62, 2^64), seeded
    /// from a table of roots of its top 8 bits (at or above the root, within a relative 0.8%), then Newton's method on
    /// hardware division (three or four steps) and the shift undone (⌊⌊√(v·4^z)⌋/2^z⌋ = ⌊√v⌋).
    /// </summary>
    public static ulong Sqrt(ulong value)
    {
        if (value < 2) return value;
        int z = BitOperations.LeadingZeroCount(value) / 2;
        ulong n = value << (2 * z);
        ulong x = SqrtSeeds[(int)(n >> 56) - 64];
        while (true)
        {
            ulong y = (x + n / x) >> 1;
            if (y >= x) return x >> z;
            x = y;
        }
    }

    /// <summary>
    /// Seeds for <see cref="Sqrt(ulong)"/>: for i in [64, 256), ⌈√((i + 1)·2^56)⌉, at or above the root of every
    /// 64-bit value whose top 8 bits are i; Newton's method from above then needs no seed to be exact, only close.
    /// </summary>
    private static readonly ulong[] SqrtSeeds = BuildSqrtSeeds();

    private static ulong[] BuildSqrtSeeds()
    {
        var seeds = new ulong[192];
        for (int i = 64; i < 256; i++)
        {
            UInt128 n = (UInt128)(ulong)(i + 1) << 56; // up to 2^64: the bisection below works in 128 bits
            ulong lo = 1UL << 31, hi = 1UL << 32;       // the root of n lies in [2^31, 2^32]
            while (lo < hi)
            {
                ulong mid = lo + (hi - lo) / 2;
                if ((UInt128)mid * mid >= n) hi = mid; else lo = mid + 1;
            }
            seeds[i - 64] = lo; // the least r with r² ≥ n, i.e. ⌈√n⌉
        }
        return seeds;
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
