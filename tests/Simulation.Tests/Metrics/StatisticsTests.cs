using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Tests.Metrics;

/// <summary>The report's statistics on hand-worked samples and against closed forms.</summary>
public class StatisticsTests
{
    [Fact]
    public void Quantiles_interpolate_between_order_statistics_as_numpy_does()
    {
        double[] x = [1, 2, 3, 4, 5];
        Statistics.Quantile(x, 0.5).ShouldBe(3);
        Statistics.Quantile(x, 0.25).ShouldBe(2);
        Statistics.Quantile(x, 0.9).ShouldBe(4.6, 1e-12); // numpy.quantile([1..5], 0.9) = 4.6
        Statistics.Quantile(x, 0).ShouldBe(1);
        Statistics.Quantile(x, 1).ShouldBe(5);
    }

    [Fact]
    public void Expected_shortfall_averages_the_tail_beyond_the_var()
    {
        var losses = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        // Level 0.95 of 100 losses: the five largest, 96..100, average 98.
        Statistics.ExpectedShortfall(losses, 0.95).ShouldBe(98);
        Statistics.ExpectedShortfall(losses, 0.99).ShouldBe(100);
        Statistics.ValueAtRisk(losses, 0.95).ShouldBe(95.05, 1e-9);
    }

    [Fact]
    public void The_mean_interval_is_the_normal_one()
    {
        var e = Statistics.Mean([1, 2, 3, 4]);
        e.Value.ShouldBe(2.5);
        // s = √(5/3); half-width 1.96·s/2.
        e.High.ShouldBe(2.5 + Statistics.Z95 * Math.Sqrt(5.0 / 3) / 2, 1e-12);
        e.Low.ShouldBe(2.5 - Statistics.Z95 * Math.Sqrt(5.0 / 3) / 2, 1e-12);
    }

    [Fact]
    public void Wilson_interval_for_no_ruin_in_ten_paths()
    {
        var e = Statistics.Proportion(0, 10);
        e.Value.ShouldBe(0);
        e.Low.ShouldBe(0);
        e.High.ShouldBe(0.27753, 1e-5); // z²/(n+z²) = 3.8415/13.8415
        var half = Statistics.Proportion(5, 10);
        half.Low.ShouldBe(0.23659, 1e-5);
        half.High.ShouldBe(0.76341, 1e-5);
    }

    [Fact]
    public void Bootstrap_intervals_contain_the_point_and_are_seeded()
    {
        var random = new Ballast.Core.Numerics.DeterministicRandom(3);
        var losses = Enumerable.Range(0, 500).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray(); // Exp(1)
        var var95 = Statistics.Bootstrap(losses, s => Statistics.ValueAtRisk(s, 0.95), 42);
        var95.Low.ShouldBeLessThanOrEqualTo(var95.Value);
        var95.High.ShouldBeGreaterThanOrEqualTo(var95.Value);
        // Exp(1)'s 95% quantile is ln 20 ≈ 3.00: inside the interval.
        Math.Log(20).ShouldBeInRange(var95.Low, var95.High);
        Statistics.Bootstrap(losses, s => Statistics.ValueAtRisk(s, 0.95), 42).ShouldBe(var95);
        // ES of Exp(1) at 95% is ln 20 + 1.
        var es = Statistics.Bootstrap(losses, s => Statistics.ExpectedShortfall(s, 0.95), 43);
        (Math.Log(20) + 1).ShouldBeInRange(es.Low, es.High);
    }
}
