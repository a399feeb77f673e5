using System.Globalization;
using System.Text;

namespace Ballast.Node.Api;

/// <summary>
/// A Prometheus histogram of durations, in seconds, with fixed bucket bounds fine enough around 1–50 ms to read a p99
/// off the node's own side of a request (the load generator's percentiles include its own pauses too). Lock-free:
/// one atomic increment per observation.
/// </summary>
public sealed class LatencyHistogram(string name, string help)
{
    /// <summary>Upper bounds of the buckets, in seconds (the last, +Inf, is implied).</summary>
    public static readonly double[] BoundsSeconds =
        [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 10];

    private readonly long[] _counts = new long[BoundsSeconds.Length + 1];
    private long _sumTicks;

    public string Name { get; } = name;

    /// <summary>Counts <paramref name="weight"/> observations of <paramref name="ticks"/> Stopwatch ticks.</summary>
    public void Observe(long ticks, int weight = 1)
    {
        double seconds = (double)ticks / System.Diagnostics.Stopwatch.Frequency;
        int bucket = 0;
        while (bucket < BoundsSeconds.Length && seconds > BoundsSeconds[bucket]) bucket++;
        Interlocked.Add(ref _counts[bucket], weight);
        Interlocked.Add(ref _sumTicks, ticks * weight);
    }

    /// <summary>Counts one observation of <paramref name="duration"/>.</summary>
    public void Observe(TimeSpan duration) => Observe((long)(duration.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));

    /// <summary>Observations so far, by bucket (not cumulative; the last is above every bound).</summary>
    public long[] Counts()
    {
        var counts = new long[_counts.Length];
        for (int i = 0; i < counts.Length; i++) counts[i] = Interlocked.Read(ref _counts[i]);
        return counts;
    }

    /// <summary>
    /// The smallest bucket bound at or below which at least <paramref name="quantile"/> of the observations fall
    /// (an upper estimate of that quantile, to the bucket's resolution); null with no observations, +Inf past the last bound.
    /// </summary>
    public double? UpperQuantileSeconds(double quantile)
    {
        var counts = Counts();
        long total = counts.Sum();
        if (total == 0) return null;
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= quantile * total) return i < BoundsSeconds.Length ? BoundsSeconds[i] : double.PositiveInfinity;
        }
        return double.PositiveInfinity;
    }

    public void Render(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {Name} {help}\n# TYPE {Name} histogram\n");
        var counts = Counts();
        long cumulative = 0;
        for (int i = 0; i < BoundsSeconds.Length; i++)
        {
            cumulative += counts[i];
            text.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{le=\"{BoundsSeconds[i]}\"}} {cumulative}\n");
        }
        cumulative += counts[^1];
        text.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{le=\"+Inf\"}} {cumulative}\n");
        text.Append(CultureInfo.InvariantCulture, $"{Name}_sum {(double)Interlocked.Read(ref _sumTicks) / System.Diagnostics.Stopwatch.Frequency}\n");
        text.Append(CultureInfo.InvariantCulture, $"{Name}_count {cumulative}\n");
    }
}
