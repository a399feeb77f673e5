using System.Reflection;
using System.Text;
using System.Text.Json;
using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Outputs;

/// <summary>
/// The HTML report: one self-contained file (the ECharts library inlined from this assembly, the data as JSON), so it
/// opens from disk with no network. Fan charts of every series, histograms of the losses and the LP yield, the
/// headline figures with their intervals, the outcomes table and the scenario's text.
/// </summary>
public static class HtmlReport
{
    public static string Render(RunResults results)
    {
        var s = results.Scenario;
        var summary = results.Summary;
        var data = new
        {
            title = s.Name,
            description = s.Description,
            paths = s.Paths,
            horizonBlocks = s.HorizonBlocks,
            seed = s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            hash = results.Hash,
            scenario = s.Text,
            rejections = results.Rejections.Take(20).Select(r => new { kind = r.Kind, count = r.Count, example = r.Example }),
            headline = Headline.Figures(summary).Select(f => new { name = f.Name, value = Json(f.Value.Value), low = Json(f.Value.Low), high = Json(f.Value.High) }),
            outcomes = summary.Outcomes.Select(o => new { name = o.Name, mean = Json(o.Mean.Value), low = Json(o.Mean.Low), high = Json(o.Mean.High), p5 = Json(o.P5), p50 = Json(o.P50), p95 = Json(o.P95) }),
            histograms = new[] { PathOutcomes.Loss, PathOutcomes.LpYield, PathOutcomes.Liquidated }
                .Select(i => new { name = PathOutcomes.Names[i], values = results.Paths.Select(p => Json(p.Outcomes[i])) }),
            fans = summary.Fans.Select(f => new { name = f.Name, blocks = f.Blocks, bands = f.Bands.Select(b => b.Select(Json)) }),
        };
        var json = JsonSerializer.Serialize(data).Replace("</", "<\\/", StringComparison.Ordinal);
        return Resource("report-template.html")
            .Replace("__TITLE__", System.Net.WebUtility.HtmlEncode(s.Name), StringComparison.Ordinal)
            .Replace("__DATA__", json, StringComparison.Ordinal)
            .Replace("__ECHARTS__", Resource("echarts.min.js").Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase), StringComparison.Ordinal);
    }

    private static double? Json(double x) => double.IsNaN(x) || double.IsInfinity(x) ? null : x;

    internal static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the report asset {name} is not embedded: build Ballast.Simulation with npm available");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
