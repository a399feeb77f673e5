using Ballast.Core.Numerics;

namespace Ballast.Cover.Pricing;

/// <summary>
/// The standard normal distribution in <see cref="Fixed"/> arithmetic, deterministic on every machine. The upper tail
/// Q(x) = 1 − Φ(x) is computed directly (no cancellation in the tails): for 0 ≤ x &lt; 3 by the all-positive series
/// Φ(x) − ½ = φ(x)·Σ x^(2n+1)/(2n+1)!!, for 3 ≤ x ≤ 10 by the continued fraction of Mills' ratio
/// Q(x) = φ(x)/(x + 1/(x + 2/(x + 3/…))) truncated after 80 terms (relative truncation error below 1e-15 from x = 3 on),
/// and 0 beyond 10 (Q(10) ≈ 7.6e-24, below the 1e-18 grid). Absolute error: a few units of 1e-17.
/// </summary>
public static class NormalDistribution
{
    /// <summary>1/√(2π) = 0.398942280401432677939946…, truncated to 18 decimals.</summary>
    private static readonly Fixed InvSqrtTwoPi = Fixed.Parse("0.398942280401432677");

    private static readonly Fixed Three = Fixed.FromInt(3);
    private static readonly Fixed Ten = Fixed.FromInt(10);
    private static readonly Fixed Half = Fixed.Parse("0.5");
    private const int ContinuedFractionTerms = 80;

    /// <summary>The density φ(x) = e^(−x²/2)/√(2π).</summary>
    public static Fixed Density(Fixed x) =>
        FixedMath.Exp(-x.Mul(x, Rounding.Down).DivInt(2, Rounding.Down)).Mul(InvSqrtTwoPi, Rounding.Down);

    /// <summary>Φ(x) = P(Z ≤ x).</summary>
    public static Fixed Cdf(Fixed x) => x.IsNegative ? UpperTail(-x) : Fixed.One - UpperTail(x);

    /// <summary>Q(x) = P(Z &gt; x) for any x.</summary>
    public static Fixed UpperTail(Fixed x)
    {
        if (x.IsNegative) return Fixed.One - UpperTail(-x);
        if (x > Ten) return Fixed.Zero;
        var density = Density(x);
        if (x < Three)
        {
            var x2 = x.Mul(x, Rounding.Down);
            Fixed term = x, sum = Fixed.Zero;
            for (long n = 1; !term.IsZero; n++)
            {
                sum += term;
                term = term.Mul(x2, Rounding.Down).DivInt(2 * n + 1, Rounding.Down);
            }
            var tail = Half - density.Mul(sum, Rounding.Down);
            return tail.IsNegative ? Fixed.Zero : tail;
        }
        var t = x;
        for (int k = ContinuedFractionTerms; k >= 1; k--) t = x + Fixed.FromInt(k).Div(t, Rounding.Down);
        return density.Div(t, Rounding.Down);
    }
}
