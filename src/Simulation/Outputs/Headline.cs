using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Outputs;

/// <summary>The headline figures of a run in the order the terminal, the report and the database show them.</summary>
public static class Headline
{
    /// <summary>Series whose end values are headline figures (median, with the 5%–95% band).</summary>
    public const string EndOfSeriesPrefix = "underwriting.";

    private static readonly int Median = Array.IndexOf(RunSummary.FanQuantiles, 0.5);

    public static IReadOnlyList<(string Name, Estimate Value)> Figures(RunSummary s)
    {
        var list = new List<(string, Estimate)>
        {
            ("probability of ruin (lenders lose)", s.ProbabilityOfRuin),
            ("VaR 95% of losses (TAO)", s.VaR95),
            ("VaR 99% of losses (TAO)", s.VaR99),
            ("expected shortfall 95% (TAO)", s.ES95),
            ("expected shortfall 99% (TAO)", s.ES99),
            ("liquidations-at-risk: p95 of liquidated value (TAO)", new Estimate(s.LiquidationsAtRisk, double.NaN, double.NaN)),
        };
        foreach (var o in s.Outcomes) list.Add(($"mean {o.Name}", o.Mean));
        // A module whose figures are not losses to lenders (seed 002's underwriting: managers' reputations and budgets,
        // the vault's loss rate against the no-assessment baseline, V_in − V_out) shows where its series end: the
        // median across paths at the last sample, with the 5%–95% band as the interval.
        foreach (var fan in s.Fans)
            if (fan.Name.StartsWith(EndOfSeriesPrefix, StringComparison.Ordinal) && fan.Blocks.Length > 0)
                list.Add(($"at the end: {fan.Name}", new Estimate(fan.Bands[Median][^1], fan.Bands[0][^1], fan.Bands[^1][^1])));
        return list;
    }
}
