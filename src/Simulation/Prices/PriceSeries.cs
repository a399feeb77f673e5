using System.Collections.Immutable;
using System.Globalization;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>One row of a price series: its time (Unix seconds, UTC) and the price's text as the file wrote it.</summary>
public sealed record PricePoint(long UnixSeconds, string Text)
{
    public double Value => double.Parse(Text, CultureInfo.InvariantCulture);
}

/// <summary>
/// A column of a market CSV (<c>../shared/data/market/</c>): the time column (the first of <c>timestamp_utc</c>,
/// <c>timestamp</c>, <c>time</c>, <c>date</c>, <c>open_time</c>) and the chosen price column, rows with an empty or
/// non-positive cell or no time skipped. Reading errors name the file and the line.
/// </summary>
public sealed record PriceSeries(string Source, string Column, ImmutableArray<PricePoint> Points)
{
    private static readonly string[] TimeColumns = ["timestamp_utc", "timestamp", "time", "date", "open_time"];

    public static PriceSeries Read(string path, string column)
    {
        var text = path.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress)).ReadToEnd()
            : File.ReadAllText(path);
        return Parse(path, text, column);
    }

    public static PriceSeries Parse(string source, string text, string column)
    {
        using var reader = new StringReader(text);
        var header = reader.ReadLine() ?? throw new FormatException($"{source}:1: the file is empty");
        var names = header.Split(',');
        int timeIndex = Array.FindIndex(names, n => TimeColumns.Contains(n.Trim()));
        if (timeIndex < 0) throw new FormatException($"{source}:1: no time column (one of {string.Join(", ", TimeColumns)})");
        int valueIndex = Array.FindIndex(names, n => n.Trim() == column);
        if (valueIndex < 0) throw new FormatException($"{source}:1: no column '{column}' (columns: {Abbreviate(names)})");
        var points = ImmutableArray.CreateBuilder<PricePoint>();
        int lineNumber = 1;
        long last = long.MinValue;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length <= Math.Max(timeIndex, valueIndex)) throw new FormatException($"{source}:{lineNumber}: {cells.Length} cells, the header has {names.Length}");
            var cell = cells[valueIndex].Trim();
            if (cell.Length == 0) continue;
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new FormatException($"{source}:{lineNumber}: {column} is not a number: '{cell}'");
            if (!(value > 0)) continue;
            if (cells[timeIndex].Trim().Length == 0) continue; // a row the source recorded without its time (one in the Feb 2025 alpha file)
            long time = ParseTime(cells[timeIndex].Trim()) ?? throw new FormatException($"{source}:{lineNumber}: cannot read the time '{cells[timeIndex]}'");
            if (time <= last) throw new FormatException($"{source}:{lineNumber}: times must increase ('{cells[timeIndex]}' is not after the row before)");
            last = time;
            points.Add(new PricePoint(time, cell));
        }
        if (points.Count < 2) throw new FormatException($"{source}: column '{column}' has fewer than two prices");
        return new PriceSeries(source, column, points.ToImmutable());
    }

    private static string Abbreviate(string[] names) => names.Length <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(12)) + $", … ({names.Length} in all)";

    private static long? ParseTime(string text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t.ToUnixTimeSeconds();
        return null;
    }

    /// <summary>Log returns between consecutive rows.</summary>
    public ImmutableArray<double> LogReturns()
    {
        var result = ImmutableArray.CreateBuilder<double>(Points.Length - 1);
        for (int i = 1; i < Points.Length; i++) result.Add(Math.Log(Points[i].Value / Points[i - 1].Value));
        return result.MoveToImmutable();
    }

    /// <summary>The median spacing of the rows in seconds (the series' resolution).</summary>
    public long MedianSpacingSeconds()
    {
        var gaps = new long[Points.Length - 1];
        for (int i = 1; i < Points.Length; i++) gaps[i - 1] = Points[i].UnixSeconds - Points[i - 1].UnixSeconds;
        Array.Sort(gaps);
        return gaps[gaps.Length / 2];
    }

    /// <summary>
    /// Maps the rows to blocks: the row at <paramref name="startUnixSeconds"/> (default: the first row) is block 0,
    /// and a row at time t is block ⌈(t − start)/blockSeconds⌉ (a price recorded between two blocks takes effect at the next).
    /// Rows before the start are dropped, except the last of them, which sets block 0's price when no row falls on it.
    /// With <paramref name="scale"/> every price is multiplied by it (rounded down to 18 decimals): a USD series
    /// replayed as a subnet's alpha price in TAO keeps its shape.
    /// </summary>
    public ReplayModel ToReplay(int blockSeconds, long? startUnixSeconds = null, Fixed? scale = null)
    {
        Fixed Exact(string text) => scale is { } f ? PriceSeries.Exact(text).Mul(f, Rounding.Down) : PriceSeries.Exact(text);
        long start = startUnixSeconds ?? Points[0].UnixSeconds;
        var result = ImmutableArray.CreateBuilder<ReplayPoint>();
        PricePoint? before = null;
        foreach (var p in Points)
        {
            if (p.UnixSeconds < start) { before = p; continue; }
            long block = (p.UnixSeconds - start + blockSeconds - 1) / blockSeconds;
            if (result.Count == 0 && block > 0)
            {
                if (before is null) throw new FormatException($"{Source}: column '{Column}' starts after the replay's start");
                result.Add(new ReplayPoint(0, Exact(before.Text)));
            }
            if (result.Count > 0 && result[^1].Block == block) result[^1] = new ReplayPoint(block, Exact(p.Text));
            else result.Add(new ReplayPoint(block, Exact(p.Text)));
        }
        if (result.Count == 0) throw new FormatException($"{Source}: column '{Column}' has no row at or after the replay's start");
        return new ReplayModel(result.ToImmutable());
    }

    /// <summary>The cell's decimal exactly; a cell in exponent form (<c>4e-05</c>) is expanded first, also exactly.</summary>
    internal static Fixed Exact(string text)
    {
        if (Fixed.TryParse(text, out var value)) return value;
        var d = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return Fixed.Parse(d.ToString("0.##################", CultureInfo.InvariantCulture));
    }
}
