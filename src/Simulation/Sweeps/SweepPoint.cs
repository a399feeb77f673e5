using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Sweeps;

/// <summary>One point of a sweep grid: its parameter values (in the order of the axes) and the run's summary there.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<string> Values, RunSummary Summary, string Hash)
{
    /// <summary>A figure of the point by name: <c>ruin</c>, <c>var95</c>, <c>var99</c>, <c>es95</c>, <c>es99</c>, or an outcome's mean (<c>lpYield</c>, <c>lossTao</c>, …).</summary>
    public double Figure(string name) => name switch
    {
        "ruin" => Summary.ProbabilityOfRuin.Value,
        "var95" => Summary.VaR95.Value,
        "var99" => Summary.VaR99.Value,
        "es95" => Summary.ES95.Value,
        "es99" => Summary.ES99.Value,
        _ => Summary.Outcomes.FirstOrDefault(o => o.Name == name)?.Mean.Value
             ?? throw new ArgumentException($"no figure '{name}': use ruin, var95, var99, es95, es99 or an outcome ({string.Join(", ", PathOutcomes.NamesWithAttackers)})"),
    };

    public static readonly string[] FigureNames = ["ruin", "var95", "var99", "es95", "es99", .. PathOutcomes.Names];
}
