using System.Globalization;
using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Outputs;

/// <summary>
/// CSV files pandas reads as they are (<c>pd.read_csv</c>): one row per path of outcomes, and the series in long-wide
/// form (one row per path and sample, one column per metric). Numbers in their shortest round-trip form; NaN empty.
/// </summary>
public static class CsvExport
{
    public static void WriteOutcomes(TextWriter w, IReadOnlyList<PathResult> paths)
    {
        w.WriteLine("path," + string.Join(",", PathOutcomes.NamesOf(paths)) + ",blocks,rejections");
        foreach (var p in paths)
            w.WriteLine($"{p.Path},{string.Join(",", p.Outcomes.Select(Number))},{p.Blocks},{p.Rejections}");
    }

    public static void WriteSeries(TextWriter w, IReadOnlyList<string> names, IReadOnlyList<PathResult> paths)
    {
        w.WriteLine("path,block," + string.Join(",", names));
        foreach (var p in paths)
            for (int k = 0; k < p.SampleBlocks.Length; k++)
                w.WriteLine($"{p.Path},{p.SampleBlocks[k]},{string.Join(",", p.Series[k].Select(Number))}");
    }

    public static string Number(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);
}
