using System.Text.Json;

namespace Ballast.Simulation.Outputs;

/// <summary>The files one run writes into its output folder.</summary>
public sealed record OutputFiles(string Folder, string Database, string OutcomesCsv, string SeriesCsv, string SummaryJson, string Report)
{
    public string OutcomesParquet => Path.Combine(Folder, "outcomes.parquet");
    public string SeriesParquet => Path.Combine(Folder, "series.parquet");
}

/// <summary>Writes a run's results into one folder: results.sqlite, outcomes.csv/.parquet, series.csv/.parquet, summary.json and report.html.</summary>
public static class OutputFolder
{
    public static OutputFiles Write(string folder, RunResults results)
    {
        Directory.CreateDirectory(folder);
        var files = new OutputFiles(folder, Path.Combine(folder, "results.sqlite"), Path.Combine(folder, "outcomes.csv"), Path.Combine(folder, "series.csv"),
            Path.Combine(folder, "summary.json"), Path.Combine(folder, "report.html"));
        if (File.Exists(files.Database)) File.Delete(files.Database);
        SqliteStore.Write(files.Database, results);
        using (var w = new StreamWriter(files.OutcomesCsv) { NewLine = "\n" }) CsvExport.WriteOutcomes(w, results.Paths);
        using (var w = new StreamWriter(files.SeriesCsv) { NewLine = "\n" }) CsvExport.WriteSeries(w, results.SeriesNames, results.Paths);
        ParquetExport.WriteOutcomesAsync(files.OutcomesParquet, results.Paths).GetAwaiter().GetResult();
        ParquetExport.WriteSeriesAsync(files.SeriesParquet, results.SeriesNames, results.Paths).GetAwaiter().GetResult();
        File.WriteAllText(files.SummaryJson, JsonSerializer.Serialize(new
        {
            scenario = results.Scenario.Name,
            paths = results.Scenario.Paths,
            hash = results.Hash,
            headline = Headline.Figures(results.Summary).Select(f => new { figure = f.Name, value = Num(f.Value.Value), low = Num(f.Value.Low), high = Num(f.Value.High) }),
        }, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(files.Report, HtmlReport.Render(results));
        return files;
    }

    private static double? Num(double x) => double.IsNaN(x) || double.IsInfinity(x) ? null : x;
}
