using Ballast.Simulation.Metrics;
using Parquet;
using Parquet.Schema;

namespace Ballast.Simulation.Outputs;

/// <summary>
/// The outcomes and series as Parquet files (Parquet.Net), the same columns as the CSV files, for pandas
/// (<c>pd.read_parquet</c>) and other columnar tools: one row group each, doubles (NaN where a series has no value).
/// </summary>
public static class ParquetExport
{
    public static async Task WriteOutcomesAsync(string file, IReadOnlyList<PathResult> paths)
    {
        var fields = new List<DataField> { new DataField<int>("path") };
        var names = PathOutcomes.NamesOf(paths);
        fields.AddRange(names.Select(n => new DataField<double>(n)));
        fields.Add(new DataField<long>("blocks"));
        fields.Add(new DataField<long>("rejections"));
        var schema = new ParquetSchema(fields.Cast<Field>().ToArray());
        await using var stream = File.Create(file);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(fields[0], new ReadOnlyMemory<int>(paths.Select(p => p.Path).ToArray()));
        for (int o = 0; o < names.Length; o++)
            await group.WriteAsync(fields[1 + o], new ReadOnlyMemory<double>(paths.Select(p => p.Outcomes[o]).ToArray()));
        await group.WriteAsync(fields[^2], new ReadOnlyMemory<long>(paths.Select(p => p.Blocks).ToArray()));
        await group.WriteAsync(fields[^1], new ReadOnlyMemory<long>(paths.Select(p => p.Rejections).ToArray()));
    }

    public static async Task WriteSeriesAsync(string file, IReadOnlyList<string> names, IReadOnlyList<PathResult> paths)
    {
        var fields = new List<DataField> { new DataField<int>("path"), new DataField<long>("block") };
        fields.AddRange(names.Select(n => new DataField<double>(n)));
        var schema = new ParquetSchema(fields.Cast<Field>().ToArray());
        var rows = paths.SelectMany(p => p.SampleBlocks.Select((b, k) => (p.Path, Block: b, Values: p.Series[k]))).ToArray();
        await using var stream = File.Create(file);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(fields[0], new ReadOnlyMemory<int>(rows.Select(r => r.Path).ToArray()));
        await group.WriteAsync(fields[1], new ReadOnlyMemory<long>(rows.Select(r => r.Block).ToArray()));
        for (int m = 0; m < names.Count; m++)
            await group.WriteAsync(fields[2 + m], new ReadOnlyMemory<double>(rows.Select(r => r.Values[m]).ToArray()));
    }
}
