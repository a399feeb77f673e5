using System.Numerics;

namespace Ballast.Underwriting.Tests.Support;

/// <summary>
/// An independent reference for the curve, in BigInteger rationals built the way §7.1.4 states it: a and b first
/// (b = 2P/(P+I) − 1, a = (1 − b)/(P+I)), then ∫ p = a(s₁² − s₀²)/2 + b(s₁ − s₀); the inverse by bisection on that
/// integral, not by the square root the module uses.
/// </summary>
public static class CurveReference
{
    /// <summary>A non-negative rational n/d in lowest terms.</summary>
    public readonly record struct Q(BigInteger N, BigInteger D)
    {
        public static Q Of(BigInteger n, BigInteger d)
        {
            if (d.Sign < 0) { n = -n; d = -d; }
            var g = BigInteger.GreatestCommonDivisor(n, d);
            return g.IsZero ? new Q(0, 1) : new Q(n / g, d / g);
        }
        public static Q operator +(Q x, Q y) => Of(x.N * y.D + y.N * x.D, x.D * y.D);
        public static Q operator -(Q x, Q y) => Of(x.N * y.D - y.N * x.D, x.D * y.D);
        public static Q operator *(Q x, Q y) => Of(x.N * y.N, x.D * y.D);
        public static Q operator /(Q x, Q y) => Of(x.N * y.D, x.D * y.N);
        public BigInteger Floor => BigInteger.Divide(N - (N.Sign < 0 ? D - 1 : 0), D);
        public BigInteger Ceiling => -Of(-N, D).Floor;
    }

    public static (Q A, Q B) Parameters(BigInteger p, BigInteger i)
    {
        var b = Q.Of(2 * p, p + i) - Q.Of(1, 1);
        var a = (Q.Of(1, 1) - b) / Q.Of(p + i, 1);
        return (a, b);
    }

    public static Q Area(BigInteger p, BigInteger i, BigInteger s0, BigInteger s1)
    {
        var (a, b) = Parameters(p, i);
        return a * Q.Of(s1 * s1 - s0 * s0, 2) + b * Q.Of(s1 - s0, 1);
    }

    /// <summary>The most bonds whose rounded-up cost is at most <paramref name="x"/>, by bisection.</summary>
    public static BigInteger BondsFor(BigInteger p, BigInteger i, BigInteger s0, BigInteger x)
    {
        BigInteger lo = 0, hi = p + i - s0;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Area(p, i, s0, s0 + mid).Ceiling <= x) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
