using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Outputs;

/// <summary>The headline figures of a run in the order the terminal, the report and the database show them.</summary>
public static class Headline
{
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
        return list;
    }
}
