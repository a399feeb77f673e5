using System.Diagnostics;
using System.Text;
using Ballast.Node.Api;

namespace Ballast.Node.Tests.Api;

/// <summary>The node's latency histograms: each observation in the first bucket whose bound holds it, Prometheus text with cumulative counts.</summary>
public sealed class LatencyHistogramTests
{
    private static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    [Fact]
    public void Observations_fall_in_the_first_bucket_whose_bound_holds_them()
    {
        var histogram = new LatencyHistogram("t_seconds", "test");
        histogram.Observe(Ticks(0.0004));         // ≤ 0.5 ms
        histogram.Observe(Ticks(0.001));          // exactly on the 1 ms bound: that bucket
        histogram.Observe(Ticks(0.0012), 3);      // ≤ 2 ms, three times (a batch of three)
        histogram.Observe(Ticks(0.019));          // ≤ 20 ms
        histogram.Observe(Ticks(60));             // above every bound: +Inf
        var counts = histogram.Counts();
        counts.Sum().ShouldBe(7);
        counts[Array.IndexOf(LatencyHistogram.BoundsSeconds, 0.0005)].ShouldBe(1);
        counts[Array.IndexOf(LatencyHistogram.BoundsSeconds, 0.001)].ShouldBe(1);
        counts[Array.IndexOf(LatencyHistogram.BoundsSeconds, 0.002)].ShouldBe(3);
        counts[Array.IndexOf(LatencyHistogram.BoundsSeconds, 0.02)].ShouldBe(1);
        counts[^1].ShouldBe(1);
        histogram.UpperQuantileSeconds(0.5).ShouldBe(0.002);
        histogram.UpperQuantileSeconds(6.0 / 7).ShouldBe(0.02);
        histogram.UpperQuantileSeconds(1).ShouldBe(double.PositiveInfinity);
        new LatencyHistogram("empty", "none").UpperQuantileSeconds(0.99).ShouldBeNull();
    }

    [Fact]
    public void The_prometheus_text_has_cumulative_buckets_a_sum_and_a_count()
    {
        var histogram = new LatencyHistogram("ballast_test_seconds", "A test histogram.");
        histogram.Observe(Ticks(0.003));
        histogram.Observe(Ticks(0.004));
        histogram.Observe(Ticks(0.5));
        var text = new StringBuilder();
        histogram.Render(text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("# HELP ballast_test_seconds A test histogram.");
        lines[1].ShouldBe("# TYPE ballast_test_seconds histogram");
        lines.ShouldContain("ballast_test_seconds_bucket{le=\"0.002\"} 0");
        lines.ShouldContain("ballast_test_seconds_bucket{le=\"0.003\"} 1");
        lines.ShouldContain("ballast_test_seconds_bucket{le=\"0.005\"} 2");
        lines.ShouldContain("ballast_test_seconds_bucket{le=\"0.25\"} 2");
        lines.ShouldContain("ballast_test_seconds_bucket{le=\"0.5\"} 3");
        lines.ShouldContain("ballast_test_seconds_bucket{le=\"+Inf\"} 3");
        lines.ShouldContain("ballast_test_seconds_count 3");
        double sum = double.Parse(lines.Single(l => l.StartsWith("ballast_test_seconds_sum ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        sum.ShouldBe(0.507, 1e-6);
        // Cumulative: never decreasing down the buckets.
        var cumulative = lines.Where(l => l.Contains("_bucket{", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        cumulative.ShouldBe(cumulative.Order().ToArray());
    }
}
