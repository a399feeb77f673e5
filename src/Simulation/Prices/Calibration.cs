using System.Collections.Immutable;

namespace Ballast.Simulation.Prices;

/// <summary>A model fitted to a series, with the scenario's words for its parameters (per year where a rate).</summary>
public sealed record FittedModel(string Kind, IReadOnlyList<(string Name, double Value)> Parameters, string Note);

/// <summary>
/// Fits each price model to a series of log returns taken every <c>dt</c> seconds, by moments (no optimiser: each
/// estimate has a closed form a reader can check). Rates are annualised with 365-day years.
/// </summary>
public static class Calibration
{
    public const double SecondsPerYear = 365 * 86_400.0;

    public static IReadOnlyList<FittedModel> Fit(PriceSeries series)
    {
        var r = series.LogReturns();
        double dt = series.MedianSpacingSeconds();
        double perYear = SecondsPerYear / dt;
        double mean = r.Average();
        double variance = r.Sum(x => (x - mean) * (x - mean)) / (r.Length - 1);
        double sd = Math.Sqrt(variance);
        var results = new List<FittedModel>();

        // GBM: σ² = Var/dt, μ = E/dt + σ²/2.
        double sigmaYear = sd * Math.Sqrt(perYear);
        results.Add(new FittedModel("gbm", [("driftPerYear", mean * perYear + sigmaYear * sigmaYear / 2), ("volatilityPerYear", sigmaYear)],
            $"{r.Length} returns every {dt:0} s"));

        // Laplace: the maximum-likelihood location is the median, the scale the mean absolute deviation from it.
        var sorted = r.ToArray();
        Array.Sort(sorted);
        double median = sorted[sorted.Length / 2];
        double b = r.Average(x => Math.Abs(x - median));
        results.Add(new FittedModel("laplace", [("driftPerYear", median * perYear), ("volatilityPerYear", Math.Sqrt(2) * b * Math.Sqrt(perYear))],
            $"scale {b:G4} per {dt:0} s; volatility = √2·scale"));

        // Merton: returns beyond 4 robust σ (1.4826·MAD) are jumps (a normal return passes 4σ once in 16,000); the rest is the diffusion.
        double mad = Median(r.Select(x => Math.Abs(x - median)).ToArray());
        double robust = 1.4826 * mad;
        var jumps = r.Where(x => Math.Abs(x - median) > 4 * robust).ToArray();
        var diffusion = r.Where(x => Math.Abs(x - median) <= 4 * robust).ToArray();
        double dMean = diffusion.Average(), dVar = diffusion.Sum(x => (x - dMean) * (x - dMean)) / Math.Max(1, diffusion.Length - 1);
        double jMean = jumps.Length > 0 ? jumps.Average() : 0;
        double jStd = jumps.Length > 1 ? Math.Sqrt(jumps.Sum(x => (x - jMean) * (x - jMean)) / (jumps.Length - 1)) : 0;
        results.Add(new FittedModel("merton", [
            ("driftPerYear", mean * perYear + variance * perYear / 2), ("volatilityPerYear", Math.Sqrt(dVar * perYear)),
            ("jumpsPerYear", jumps.Length / (double)r.Length * perYear), ("jumpMean", jMean), ("jumpStd", jStd)],
            $"{jumps.Length} jumps beyond 4 robust σ ({4 * robust:G3})"));

        // Two regimes: each return labelled calm or turbulent by its window's realised volatility against the median.
        int window = Math.Max(5, Math.Min(100, r.Length / 20));
        var labels = new bool[r.Length];
        var rolling = new double[r.Length];
        for (int i = 0; i < r.Length; i++)
        {
            int from = Math.Max(0, i - window / 2), to = Math.Min(r.Length, from + window);
            double s = 0;
            for (int j = from; j < to; j++) s += (r[j] - mean) * (r[j] - mean);
            rolling[i] = s / (to - from);
        }
        double cut = Median(rolling.ToArray());
        for (int i = 0; i < r.Length; i++) labels[i] = rolling[i] > cut;
        var regimes = new List<(string, double)>();
        foreach (var turbulent in (bool[])[false, true])
        {
            var members = Enumerable.Range(0, r.Length).Where(i => labels[i] == turbulent).Select(i => r[i]).ToArray();
            int runs = 0;
            for (int i = 0; i < r.Length; i++) if (labels[i] == turbulent && (i == 0 || labels[i - 1] != turbulent)) runs++;
            double m = members.Average(), v = members.Sum(x => (x - m) * (x - m)) / Math.Max(1, members.Length - 1);
            string name = turbulent ? "turbulent" : "calm";
            regimes.Add(($"{name}.volatilityPerYear", Math.Sqrt(v * perYear)));
            regimes.Add(($"{name}.driftPerYear", m * perYear + v * perYear / 2));
            regimes.Add(($"{name}.meanDurationDays", members.Length / (double)Math.Max(1, runs) * dt / 86_400));
        }
        results.Add(new FittedModel("regimes", regimes, $"labelled by {window}-return realised volatility against its median"));

        // Bootstrap: the data are the model; the block length n^(1/3) is the usual rate-optimal order.
        results.Add(new FittedModel("bootstrap", [("blockLength", Math.Round(Math.Cbrt(r.Length))), ("returns", r.Length)],
            "replays blocks of the series' own returns"));
        return results;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values.Length == 0 ? 0 : values[values.Length / 2];
    }
}
