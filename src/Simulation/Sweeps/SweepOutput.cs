using System.Globalization;
using System.Text.Json;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;
using Microsoft.Data.Sqlite;

namespace Ballast.Simulation.Sweeps;

/// <summary>The files a sweep writes: sweep.csv, sweep.sqlite (table <c>sweep_points</c>) and sweep.html (heatmaps, the table, the recommendation).</summary>
public sealed record SweepFiles(string Folder, string Csv, string Database, string Report);

/// <summary>Writes a sweep's points and recommendation into one folder.</summary>
public static class SweepOutput
{
    public static SweepFiles Write(string folder, Scenario scenario, IReadOnlyList<SweepPoint> points, Recommendation? recommendation)
    {
        Directory.CreateDirectory(folder);
        var files = new SweepFiles(folder, Path.Combine(folder, "sweep.csv"), Path.Combine(folder, "sweep.sqlite"), Path.Combine(folder, "sweep.html"));
        var axes = scenario.Sweep.Select(a => $"{a.Module}.{a.Parameter}").ToList();
        using (var w = new StreamWriter(files.Csv) { NewLine = "\n" })
        {
            w.WriteLine("point," + string.Join(",", axes) + "," + string.Join(",", SweepPoint.FigureNames) + ",hash");
            foreach (var p in points)
                w.WriteLine($"{p.Index},{string.Join(",", p.Values)},{string.Join(",", SweepPoint.FigureNames.Select(f => CsvExport.Number(p.Figure(f))))},{p.Hash}");
        }
        if (File.Exists(files.Database)) File.Delete(files.Database);
        using (var db = new SqliteConnection($"Data Source={files.Database};Pooling=false"))
        {
            db.Open();
            using var tx = db.BeginTransaction();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "CREATE TABLE sweep_points (point INTEGER, parameter TEXT, value TEXT, figure TEXT, figure_value REAL, results_hash TEXT)";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "INSERT INTO sweep_points VALUES ($p, $a, $v, $f, $x, $h)";
            foreach (var p in points)
                for (int a = 0; a < axes.Count; a++)
                    foreach (var f in SweepPoint.FigureNames)
                    {
                        cmd.Parameters.Clear();
                        cmd.Parameters.AddWithValue("$p", p.Index);
                        cmd.Parameters.AddWithValue("$a", axes[a]);
                        cmd.Parameters.AddWithValue("$v", p.Values[a]);
                        cmd.Parameters.AddWithValue("$f", f);
                        var x = p.Figure(f);
                        cmd.Parameters.AddWithValue("$x", double.IsNaN(x) ? DBNull.Value : x);
                        cmd.Parameters.AddWithValue("$h", p.Hash);
                        cmd.ExecuteNonQuery();
                    }
            tx.Commit();
        }
        File.WriteAllText(files.Report, Render(scenario, axes, points, recommendation));
        return files;
    }

    private static string Render(Scenario scenario, List<string> axes, IReadOnlyList<SweepPoint> points, Recommendation? recommendation)
    {
        // Heatmaps over the first two axes (a single axis is a one-row heatmap); further axes at their first value.
        var xs = scenario.Sweep[0].Values;
        var ys = scenario.Sweep.Length > 1 ? scenario.Sweep[1].Values : ["-"];
        var shown = points.Where(p => Enumerable.Range(2, Math.Max(0, axes.Count - 2)).All(a => p.Values[a] == scenario.Sweep[a].Values[0])).ToList();
        string[] heatFigures = ["ruin", "var99", "es99", "lpYield", "lossTao", "liquidations"];
        var data = new
        {
            axes,
            figures = SweepPoint.FigureNames,
            best = recommendation?.Best?.Index,
            recommendation = recommendation is null ? "No objective given (--optimise)." :
                recommendation.Best is null ? recommendation.Explanation
                : $"Recommended: {string.Join(", ", axes.Select((a, i) => $"{a} = {recommendation.Best.Values[i]}"))} (maximises {recommendation.Objective} within {string.Join(", ", recommendation.Limits.Select(l => $"{l.Figure} ≤ {l.Max.ToString(CultureInfo.InvariantCulture)}"))}). {recommendation.Explanation}.",
            points = points.Select(p => new { index = p.Index, values = p.Values, figures = SweepPoint.FigureNames.Select(f => Num(p.Figure(f))) }),
            heatmaps = heatFigures.Select(f => new
            {
                figure = f, x = xs, y = ys, xName = axes[0], yName = axes.Count > 1 ? axes[1] : "",
                cells = shown.Select(p => new object?[] { xs.IndexOf(p.Values[0]), axes.Count > 1 ? ys.IndexOf(p.Values[1]) : 0, Num(p.Figure(f)) }),
            }),
            scenario = scenario.Text,
        };
        return HtmlReport.Resource("sweep-template.html")
            .Replace("__TITLE__", System.Net.WebUtility.HtmlEncode(scenario.Name), StringComparison.Ordinal)
            .Replace("__DATA__", JsonSerializer.Serialize(data).Replace("</", "<\\/", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("__ECHARTS__", HtmlReport.Resource("echarts.min.js").Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase), StringComparison.Ordinal);
    }

    private static double? Num(double x) => double.IsNaN(x) || double.IsInfinity(x) ? null : x;
}
