using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ballast.Simulation.Prices;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast cover volatility CSV [--columns a,b] [--json]</c>: the annual volatility of each price column of a market
/// CSV (log returns' standard deviation scaled by √(periods a year), and a robust reading from their median absolute
/// deviation), and the median over the columns as the comparables' estimate for a project's <c>volatilityBps</c>
/// (<c>cover.listProject</c>). Exit codes: 0 estimated, 1 the file cannot be read, 2 the file or a column is unusable.
/// </summary>
internal static class CoverCommand
{
    public static Command Build()
    {
        var csv = new Argument<FileInfo>("csv") { Description = "A market CSV, e.g. ../shared/data/market/bittensor-alpha/alpha_price_tao_2min_20250220_20250226.csv" };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated price columns (default: every column but the time and block columns)" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var interval = new Option<long>("--interval-seconds") { Description = "Resample to this spacing before taking returns (default 3600: hourly; 0 keeps the rows)", DefaultValueFactory = _ => 3_600 };
        var volatility = new Command("volatility", "Estimate annual volatility from a price series (comparables for the premium)") { csv, columns, json, interval };
        volatility.SetAction(parse => Volatility(parse.GetValue(csv)!, parse.GetValue(columns), parse.GetValue(json), parse.GetValue(interval), Console.Out, Console.Error));
        return new Command("cover", "IDO cover tools (docs/cover.md)") { volatility };
    }

    /// <summary>One column's estimate.</summary>
    public sealed record ColumnVolatility(string Column, int Prices, long SpacingSeconds, double Annual, double AnnualRobust);

    public static int Volatility(FileInfo csv, string? columns, bool asJson, long intervalSeconds, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = csv.FullName.EndsWith(".gz", StringComparison.Ordinal)
                ? new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(csv.FullName), System.IO.Compression.CompressionMode.Decompress)).ReadToEnd()
                : File.ReadAllText(csv.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ballast cover volatility: cannot read {csv}: {e.Message}");
            return 1;
        }
        var header = text.Split('\n', 2)[0].Trim().Split(',').Select(h => h.Trim()).ToArray();
        string[] skip = ["timestamp_utc", "timestamp", "time", "date", "open_time", "block", "close_time", "volume", "source_resolution"];
        var names = columns is null ? header.Where(h => !skip.Contains(h)).ToArray() : columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = new List<ColumnVolatility>();
        foreach (var name in names)
        {
            try
            {
                var series = Resample(PriceSeries.Parse(csv.Name, text, name), intervalSeconds);
                if (series.Points.Length < 3) continue;
                results.Add(Estimate(series));
            }
            catch (FormatException e)
            {
                if (columns is not null) { stderr.WriteLine(e.Message); return 2; }
            }
        }
        if (results.Count == 0)
        {
            stderr.WriteLine($"ballast cover volatility: {csv.Name} has no column with three or more prices");
            return 2;
        }
        var median = Median(results.Select(r => r.Annual));
        var medianRobust = Median(results.Select(r => r.AnnualRobust));
        long suggestedBps = (long)Math.Round(median * 10_000);
        if (asJson)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { file = csv.Name, columns = results, medianAnnual = median, medianAnnualRobust = medianRobust, volatilityBps = suggestedBps },
                new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true }));
            return 0;
        }
        stdout.WriteLine($"# {csv.Name}: {results.Count} price columns{(intervalSeconds > 0 ? $" resampled every {intervalSeconds} s" : "")}; annual volatility = stdev of log returns × √(seconds a year / spacing)");
        stdout.WriteLine($"{"column",-12} {"prices",8} {"every s",8} {"annual",9} {"robust",9}");
        foreach (var r in results)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Column,-12} {r.Prices,8} {r.SpacingSeconds,8} {r.Annual,9:P0} {r.AnnualRobust,9:P0}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: {median:P0} (robust, from the median absolute deviation: {medianRobust:P0})"));
        stdout.WriteLine($"volatilityBps: {suggestedBps}");
        return 0;
    }

    /// <summary>
    /// The last price at or before each point of a grid every <paramref name="intervalSeconds"/> from the first row (the
    /// rows unchanged for 0): at a 2-minute resolution sampling noise and one-row glitches dominate the returns.
    /// </summary>
    public static PriceSeries Resample(PriceSeries series, long intervalSeconds)
    {
        if (intervalSeconds <= 0) return series;
        var points = System.Collections.Immutable.ImmutableArray.CreateBuilder<PricePoint>();
        int i = 0;
        for (long t = series.Points[0].UnixSeconds; t <= series.Points[^1].UnixSeconds; t += intervalSeconds)
        {
            while (i + 1 < series.Points.Length && series.Points[i + 1].UnixSeconds <= t) i++;
            points.Add(new PricePoint(t, series.Points[i].Text));
        }
        return series with { Points = points.ToImmutable() };
    }

    /// <summary>
    /// σ per period from the log returns' sample standard deviation, and robustly as 1.4826·MAD (equal for normal
    /// returns; a one-sample glitch moves it little), both annualised by √(365.25·86,400 / the median spacing).
    /// </summary>
    public static ColumnVolatility Estimate(PriceSeries series)
    {
        var returns = series.LogReturns();
        double mean = returns.Average();
        double variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1);
        double med = Median(returns);
        double mad = Median(returns.Select(r => Math.Abs(r - med)));
        long spacing = Math.Max(1, series.MedianSpacingSeconds());
        double scale = Math.Sqrt(365.25 * 86_400 / spacing);
        return new ColumnVolatility(series.Column, series.Points.Length, spacing, Math.Sqrt(variance) * scale, 1.4826 * mad * scale);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
