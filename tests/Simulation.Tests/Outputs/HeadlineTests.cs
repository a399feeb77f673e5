using Ballast.Simulation.Metrics;
using Ballast.Simulation.Outputs;

namespace Ballast.Simulation.Tests.Outputs;

/// <summary>The headline shows where the underwriting series end (median across paths, 5%–95% band); other series stay in the fan charts.</summary>
public class HeadlineTests
{
    [Fact]
    public void Underwriting_series_end_values_are_headline_figures_and_others_are_not()
    {
        // Bands in the order of RunSummary.FanQuantiles (5%, 25%, 50%, 75%, 95%), two samples each.
        double[][] Bands(double p5, double p50, double p95) => [[0, p5], [0, p5], [0, p50], [0, p95], [0, p95]];
        var none = new Estimate(0, 0, 0);
        var summary = new RunSummary(4, [], none, none, none, none, none, 0,
        [
            new FanSeries("underwriting.meanScore.skilled", [0, 100], Bands(10, 12.5, 14)),
            new FanSeries("margin.utilisation", [0, 100], Bands(0.1, 0.2, 0.3)),
        ]);
        var figures = Headline.Figures(summary);
        var skilled = figures.Single(f => f.Name == "at the end: underwriting.meanScore.skilled").Value;
        skilled.ShouldBe(new Estimate(12.5, 10, 14));
        figures.ShouldNotContain(f => f.Name.Contains("margin.utilisation"));
    }
}
