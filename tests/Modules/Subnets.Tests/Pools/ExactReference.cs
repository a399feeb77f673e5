using System.Numerics;
using Ballast.Core.Numerics;

namespace Ballast.Subnets.Tests.Pools;

/// <summary>
/// An independent reference for the weighted-pool formula, in BigInteger fixed point with 60 decimals (far beyond
/// the engine's 18): ln by the atanh series after reduction to [1, 2), exp by Taylor after reduction by ln 2.
/// Its error is below 1e-50 relative for the values used here, so "the engine never pays more than the exact
/// formula" can be checked without double rounding getting in the way.
/// </summary>
internal static class ExactReference
{
    public static readonly BigInteger Scale = BigInteger.Pow(10, 60);
    private static readonly BigInteger Ln2 = Atanh2(BigInteger.One, 3); // ln 2 = 2·atanh(1/3)

    /// <summary>2·atanh(num/den)·Scale for 0 ≤ num/den &lt; 1.</summary>
    private static BigInteger Atanh2(BigInteger num, BigInteger den)
    {
        var t = num * Scale / den;
        var t2 = t * t / Scale;
        BigInteger term = t, sum = 0;
        for (int j = 1; !term.IsZero; j += 2)
        {
            sum += term / j;
            term = term * t2 / Scale;
        }
        return 2 * sum;
    }

    /// <summary>ln(num/den)·Scale for positive integers.</summary>
    public static BigInteger Ln(BigInteger num, BigInteger den)
    {
        long k = (long)num.GetBitLength() - (long)den.GetBitLength();
        BigInteger n = num, d = den;
        if (k >= 0) d <<= (int)k; else n <<= (int)-k;
        if (n < d) { n <<= 1; k--; }
        // n/d in [1, 2): ln = 2·atanh((n − d)/(n + d)).
        return k * Ln2 + Atanh2(n - d, n + d);
    }

    /// <summary>e^(y/Scale)·Scale for y ≤ 0 (rounded down to the scale).</summary>
    public static BigInteger Exp(BigInteger y)
    {
        if (y > 0) throw new ArgumentOutOfRangeException(nameof(y));
        var k = BigInteger.Divide(y, Ln2);
        if (k * Ln2 > y) k -= 1; // floor
        var r = y - k * Ln2;     // in [0, ln 2)
        BigInteger term = Scale, sum = Scale;
        for (int n = 1; !term.IsZero; n++)
        {
            term = term * r / (Scale * n);
            sum += term;
        }
        int shift = (int)-k;
        return shift > 4000 ? BigInteger.Zero : sum >> shift;
    }

    /// <summary>
    /// y·(1 − (x/(x+Δ))^(w_in/w_out)) · Scale, the weights taken exactly as the fixed-point values the pool holds.
    /// </summary>
    public static BigInteger WeightedOutScaled(Amount reserveIn, Amount reserveOut, Fixed weightIn, Fixed weightOut, Amount amountIn)
    {
        var x = (BigInteger)reserveIn.Units;
        var lnRatio = Ln(x, x + (BigInteger)amountIn.Units);                 // ≤ 0
        var scaledExponentLn = lnRatio * (BigInteger)weightIn.Raw / (BigInteger)weightOut.Raw;
        var power = Exp(scaledExponentLn);
        return (BigInteger)reserveOut.Units * (Scale - power);
    }
}
