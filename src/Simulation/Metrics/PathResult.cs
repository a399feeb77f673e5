namespace Ballast.Simulation.Metrics;

/// <summary>
/// One path's results: the sampled series (<see cref="SampleBlocks"/>[k] is the horizon block of row k, each row in
/// the order of <see cref="MetricSet.Names"/>) and its outcomes in the order of <see cref="PathOutcomes.Names"/>.
/// </summary>
public sealed record PathResult(int Path, long[] SampleBlocks, double[][] Series, double[] Outcomes, long Blocks, long Rejections)
{
    /// <summary>Refused transactions by <c>type: code</c>, with how many and the first refusal's sentence.</summary>
    public IReadOnlyDictionary<string, (long Count, string Example)> RejectionsByKind { get; init; } = new Dictionary<string, (long, string)>();
}

/// <summary>The figures each path ends with, across which the summary computes distributions and intervals.</summary>
public static class PathOutcomes
{
    /// <summary>
    /// lossTao: what lenders lost (margin bad debt written off + perps lender losses + claims the insurance pool could
    /// not pay); reserveEndTao, reserveMinTao: the insurance reserve at the end and at its lowest sample; liquidations
    /// and liquidatedTao (value of liquidated positions: margin proceeds and perps losses); lpYield: the LP share value's
    /// change over the horizon (a fraction); ruined: 1 when lenders lost anything, else 0.
    /// </summary>
    public static readonly string[] Names = ["lossTao", "reserveEndTao", "reserveMinTao", "liquidations", "liquidatedTao", "lpYield", "ruined"];

    public const int Loss = 0, ReserveEnd = 1, ReserveMin = 2, Liquidations = 3, Liquidated = 4, LpYield = 5, Ruined = 6;

    /// <summary>
    /// <see cref="Names"/> and attackerPnlTao: what the scenario's attacking coalitions gained (their accounts' TAO,
    /// alpha at the final pool price, claims and open positions' equity, less their genesis funds). Only paths of a
    /// scenario with attackers carry it, so the outputs of every other scenario are as before.
    /// </summary>
    public static readonly string[] NamesWithAttackers = [.. Names, "attackerPnlTao"];

    public const int AttackerPnl = 7;

    /// <summary>The names of the outcomes <paramref name="paths"/> carry.</summary>
    public static string[] NamesOf(IReadOnlyList<PathResult> paths) =>
        paths.Count > 0 && paths[0].Outcomes.Length > Names.Length ? NamesWithAttackers : Names;
}
