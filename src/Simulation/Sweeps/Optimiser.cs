namespace Ballast.Simulation.Sweeps;

/// <summary>A risk limit: a figure that must not exceed a bound (probability of ruin ≤ 1%, VaR99 ≤ 100 TAO).</summary>
public sealed record RiskLimit(string Figure, double Max);

/// <summary>The chosen point, and which limit stopped a better one (null when the best point overall is within every limit).</summary>
public sealed record Recommendation(SweepPoint? Best, string Objective, IReadOnlyList<RiskLimit> Limits, string? BindingLimit, string Explanation);

/// <summary>
/// Picks the grid point that maximises an objective subject to risk limits, as a Gauntlet-style recommendation does,
/// and names the limit that binds: the one that rules out the points whose objective beats the chosen one (the limit
/// violated by the most of them; ties by the order given).
/// </summary>
public static class Optimiser
{
    public static Recommendation Recommend(IReadOnlyList<SweepPoint> points, string objective, IReadOnlyList<RiskLimit> limits)
    {
        bool Within(SweepPoint p) => limits.All(l => p.Figure(l.Figure) <= l.Max);
        var feasible = points.Where(Within).ToList();
        if (feasible.Count == 0)
        {
            var tightest = limits.OrderByDescending(l => points.Count(p => p.Figure(l.Figure) > l.Max)).FirstOrDefault();
            return new Recommendation(null, objective, limits, tightest?.Figure,
                $"no point satisfies every limit; {tightest?.Figure} ≤ {tightest?.Max} rules out the most ({points.Count(p => tightest is not null && p.Figure(tightest.Figure) > tightest.Max)} of {points.Count})");
        }
        // Highest objective; ties by grid order (the first written wins).
        var best = feasible.OrderByDescending(p => p.Figure(objective)).ThenBy(p => p.Index).First();
        var better = points.Where(p => p.Figure(objective) > best.Figure(objective)).ToList();
        if (better.Count == 0)
            return new Recommendation(best, objective, limits, null, $"point {best.Index} has the highest {objective} of the grid and is within every limit: no limit binds");
        var binding = limits.Select((l, i) => (Limit: l, Order: i, Count: better.Count(p => p.Figure(l.Figure) > l.Max)))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Order).First();
        return new Recommendation(best, objective, limits, binding.Limit.Figure,
            $"{better.Count} point(s) have a higher {objective}; {binding.Count} of them break {binding.Limit.Figure} ≤ {binding.Limit.Max}: that limit binds");
    }
}
