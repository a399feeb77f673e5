using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Metrics;

/// <summary>One outcome across paths: its mean with a 95% interval and its 5th, 50th and 95th percentiles.</summary>
public sealed record OutcomeSummary(string Name, Estimate Mean, double P5, double P50, double P95);

/// <summary>A series across paths at each sample: the 5th, 25th, 50th, 75th and 95th percentiles (a fan chart's bands).</summary>
public sealed record FanSeries(string Name, long[] Blocks, double[][] Bands);

/// <summary>
/// The headline figures of a run: every outcome's distribution, the probability of ruin, VaR and expected shortfall
/// of the losses at 95% and 99% with bootstrap intervals, liquidations-at-risk (95th percentile of liquidated value),
/// and every series as quantile bands over time.
/// </summary>
public sealed record RunSummary(
    int Paths, IReadOnlyList<OutcomeSummary> Outcomes, Estimate ProbabilityOfRuin,
    Estimate VaR95, Estimate VaR99, Estimate ES95, Estimate ES99, double LiquidationsAtRisk, IReadOnlyList<FanSeries> Fans)
{
    public static readonly double[] FanQuantiles = [0.05, 0.25, 0.5, 0.75, 0.95];

    public static RunSummary Of(Scenario scenario, IReadOnlyList<string> seriesNames, IReadOnlyList<PathResult> paths)
    {
        var outcomes = new List<OutcomeSummary>();
        var outcomeNames = PathOutcomes.NamesOf(paths);
        for (int o = 0; o < outcomeNames.Length; o++)
        {
            var values = paths.Select(p => p.Outcomes[o]).OrderBy(v => v).ToArray();
            outcomes.Add(new OutcomeSummary(outcomeNames[o], Statistics.Mean(values),
                Statistics.Quantile(values, 0.05), Statistics.Quantile(values, 0.5), Statistics.Quantile(values, 0.95)));
        }
        var losses = paths.Select(p => p.Outcomes[PathOutcomes.Loss]).ToArray();
        ulong seed = Seeds.Derive(scenario.Seed, -1, Seeds.StatisticsStream);
        var liquidated = paths.Select(p => p.Outcomes[PathOutcomes.Liquidated]).OrderBy(v => v).ToArray();
        var fans = new List<FanSeries>();
        var blocks = paths[0].SampleBlocks;
        for (int s = 0; s < seriesNames.Count; s++)
        {
            var bands = new double[FanQuantiles.Length][];
            for (int q = 0; q < FanQuantiles.Length; q++) bands[q] = new double[blocks.Length];
            var column = new double[paths.Count];
            for (int k = 0; k < blocks.Length; k++)
            {
                int n = 0;
                foreach (var p in paths) if (!double.IsNaN(p.Series[k][s])) column[n++] = p.Series[k][s];
                var sorted = column.Take(n).OrderBy(v => v).ToArray();
                for (int q = 0; q < FanQuantiles.Length; q++) bands[q][k] = Statistics.Quantile(sorted, FanQuantiles[q]);
            }
            fans.Add(new FanSeries(seriesNames[s], blocks, bands));
        }
        return new RunSummary(
            paths.Count, outcomes,
            Statistics.Proportion(paths.Count(p => p.Outcomes[PathOutcomes.Ruined] > 0), paths.Count),
            Statistics.Bootstrap(losses, s => Statistics.ValueAtRisk(s, 0.95), seed),
            Statistics.Bootstrap(losses, s => Statistics.ValueAtRisk(s, 0.99), seed + 1),
            Statistics.Bootstrap(losses, s => Statistics.ExpectedShortfall(s, 0.95), seed + 2),
            Statistics.Bootstrap(losses, s => Statistics.ExpectedShortfall(s, 0.99), seed + 3),
            Statistics.Quantile(liquidated, 0.95), fans);
    }
}
