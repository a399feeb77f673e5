using Ballast.Core.Numerics;

namespace Ballast.Simulation.Metrics;

/// <summary>An estimate with its 95% interval.</summary>
public sealed record Estimate(double Value, double Low, double High);

/// <summary>
/// The statistics of the report: quantiles (type 7, linear between order statistics, as numpy's default), the mean
/// with a normal 95% interval, a proportion with Wilson's interval, and VaR/expected shortfall of a loss
/// distribution with percentile-bootstrap intervals drawn from a seeded source.
/// </summary>
public static class Statistics
{
    public const double Z95 = 1.959963984540054;

    /// <summary>The q-quantile of <paramref name="sorted"/> (ascending), linear interpolation between order statistics.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static Estimate Mean(IReadOnlyList<double> values)
    {
        int n = values.Count;
        double mean = values.Average();
        if (n < 2) return new Estimate(mean, mean, mean);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double half = Z95 * Math.Sqrt(variance / n);
        return new Estimate(mean, mean - half, mean + half);
    }

    /// <summary>Wilson's score interval: sensible at 0 or n successes, where the normal interval collapses.</summary>
    public static Estimate Proportion(int successes, int n)
    {
        double p = (double)successes / n, z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Estimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Value at risk: the <paramref name="level"/>-quantile of the losses.</summary>
    public static double ValueAtRisk(IReadOnlyList<double> sortedLosses, double level) => Quantile(sortedLosses, level);

    /// <summary>Expected shortfall: the mean of the losses at or beyond the VaR (at least one).</summary>
    public static double ExpectedShortfall(IReadOnlyList<double> sortedLosses, double level)
    {
        int n = sortedLosses.Count;
        int from = Math.Min(n - 1, (int)Math.Floor(level * n));
        double sum = 0;
        for (int i = from; i < n; i++) sum += sortedLosses[i];
        return sum / (n - from);
    }

    /// <summary>A statistic of the losses with a 95% percentile-bootstrap interval from <paramref name="resamples"/> resamples.</summary>
    public static Estimate Bootstrap(IReadOnlyList<double> losses, Func<IReadOnlyList<double>, double> statistic, ulong seed, int resamples = 1000)
    {
        var sorted = losses.OrderBy(x => x).ToArray();
        double point = statistic(sorted);
        if (losses.Count < 2) return new Estimate(point, point, point);
        var random = new DeterministicRandom(seed);
        var draws = new double[resamples];
        var sample = new double[losses.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = sorted[(int)random.NextBelow((ulong)sorted.Length)];
            Array.Sort(sample);
            draws[b] = statistic(sample);
        }
        Array.Sort(draws);
        return new Estimate(point, Quantile(draws, 0.025), Quantile(draws, 0.975));
    }
}
