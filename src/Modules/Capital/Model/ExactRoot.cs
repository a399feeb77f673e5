using System.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// Integer square roots of non-negative <see cref="BigInteger"/>s, exact: the recorded requirement must come out the
/// same on every machine, so no floating point is involved.
/// </summary>
public static class ExactRoot
{
    /// <summary>⌊√n⌋ by Newton's iteration from a power of two above the root (it decreases monotonically to the floor).</summary>
    public static BigInteger FloorSqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n), "the square root of a negative number");
        if (n < 2) return n;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>⌈√n⌉: the smallest r with r² ≥ n.</summary>
    public static BigInteger CeilSqrt(BigInteger n)
    {
        var r = FloorSqrt(n);
        return r * r == n ? r : r + 1;
    }

    /// <summary>⌈a / b⌉ for a ≥ 0, b &gt; 0.</summary>
    public static BigInteger CeilDiv(BigInteger a, BigInteger b) => (a + b - 1) / b;
}
