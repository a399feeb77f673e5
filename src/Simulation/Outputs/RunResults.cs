using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Outputs;

/// <summary>
/// Everything a run produced: the scenario, the series' names, every path's result and the summary across paths.
/// <see cref="Hash"/> is the SHA-256 of the canonical text of the paths' outcomes and series (doubles in their
/// shortest round-trip form), the figure a bundled scenario's golden test pins.
/// </summary>
public sealed record RunResults(Scenario Scenario, IReadOnlyList<string> SeriesNames, IReadOnlyList<PathResult> Paths, RunSummary Summary)
{
    public string Hash { get; } = ComputeHash(SeriesNames, Paths);

    /// <summary>Refused transactions over all paths by <c>type: code</c>, most frequent first, with the first path's example sentence.</summary>
    public IReadOnlyList<(string Kind, long Count, string Example)> Rejections { get; } = Paths
        .SelectMany(p => p.RejectionsByKind)
        .GroupBy(k => k.Key, StringComparer.Ordinal)
        .Select(g => (g.Key, g.Sum(x => x.Value.Count), g.First().Value.Example))
        .OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal)
        .ToList();

    public static RunResults Of(Scenario scenario, IReadOnlyList<string> seriesNames, IReadOnlyList<PathResult> paths) =>
        new(scenario, seriesNames, paths, RunSummary.Of(scenario, seriesNames, paths));

    /// <summary>The canonical text the hash covers: the outcomes CSV, then the series CSV.</summary>
    public static string CanonicalText(IReadOnlyList<string> seriesNames, IReadOnlyList<PathResult> paths)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        CsvExport.WriteOutcomes(text, paths);
        CsvExport.WriteSeries(text, seriesNames, paths);
        return text.ToString();
    }

    private static string ComputeHash(IReadOnlyList<string> seriesNames, IReadOnlyList<PathResult> paths) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(seriesNames, paths))));
}
