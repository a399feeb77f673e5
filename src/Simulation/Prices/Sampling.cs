using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// Random variates from the engine's <see cref="DeterministicRandom"/>. Only Log, Sqrt and Exp are used (no sine or
/// cosine), so the draws are the same wherever the C library's log is correctly rounded.
/// </summary>
public static class Sampling
{
    /// <summary>A standard normal variate (Marsaglia's polar method; the second variate is discarded to keep one draw per call simple).</summary>
    public static double StandardNormal(DeterministicRandom random)
    {
        while (true)
        {
            double u = 2 * random.NextDouble() - 1;
            double v = 2 * random.NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>A Laplace(0, <paramref name="scale"/>) variate by the inverse CDF: variance 2·scale².</summary>
    public static double Laplace(DeterministicRandom random, double scale)
    {
        double u = random.NextDouble() - 0.5; // [-0.5, 0.5)
        double tail = 1 - 2 * Math.Abs(u);    // (0, 1]
        return -scale * Math.Sign(u) * Math.Log(tail);
    }

    /// <summary>A Poisson(<paramref name="mean"/>) count by Knuth's product method (the per-block means here are small).</summary>
    public static int Poisson(DeterministicRandom random, double mean)
    {
        if (mean <= 0) return 0;
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }

    /// <summary>A price as the engine takes it: rounded to 12 decimals (a model's price carries no more meaning than that).</summary>
    public static Fixed ToFixed(double price)
    {
        if (!(price > 0) || double.IsInfinity(price)) return new Fixed(1); // the smallest positive price: a path that collapsed to zero
        double scaled = Math.Round(price * 1e12);
        if (scaled < 1) return new Fixed(1_000_000);
        return new Fixed((Int128)scaled * 1_000_000);
    }
}
