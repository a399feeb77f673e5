using System.Globalization;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace Ballast.Simulation.Tests.Outputs;

/// <summary>The CSV and Parquet exports hold the same numbers as the results, read back independently.</summary>
public class ExportTests
{
    [Fact]
    public async Task Csv_and_parquet_read_back_to_the_paths_values()
    {
        var results = Simulator.Run(TinyScenarios.Crash(trader: true, paths: 2), 2);
        var files = OutputFolder.Write(Directory.CreateTempSubdirectory("ballast-export-").FullName, results);

        var csv = File.ReadAllLines(files.SeriesCsv);
        var header = csv[0].Split(',');
        header[..2].ShouldBe(["path", "block"]);
        header[2..].ShouldBe(results.SeriesNames.ToArray());
        csv.Length.ShouldBe(1 + results.Paths.Sum(p => p.SampleBlocks.Length));
        var row = csv[5].Split(','); // path 0, block 4
        double.Parse(row[2 + results.SeriesNames.ToList().IndexOf("price.SN3")], CultureInfo.InvariantCulture).ShouldBe(results.Paths[0].Series[4][0]);

        await using var reader = await ParquetReader.CreateAsync(files.SeriesParquet);
        reader.Schema.GetDataFields().Select(f => f.Name).ShouldBe(["path", "block", .. results.SeriesNames]);
        using var group = reader.OpenRowGroupReader(0);
        group.RowCount.ShouldBe(csv.Length - 1);
        var blocks = new long[group.RowCount];
        await group.ReadAsync<long>(reader.Schema.GetDataFields()[1], blocks.AsMemory());
        blocks.ShouldBe(results.Paths.SelectMany(p => p.SampleBlocks).ToArray());
        var liquidations = new double[group.RowCount];
        await group.ReadAsync<double>(reader.Schema.GetDataFields().Single(f => f.Name == "margin.liquidations"), liquidations.AsMemory());
        int column = results.SeriesNames.ToList().IndexOf("margin.liquidations");
        liquidations.ShouldBe(results.Paths.SelectMany(p => p.Series.Select(s => s[column])).ToArray());

        await using var outcomes = await ParquetReader.CreateAsync(files.OutcomesParquet);
        using var og = outcomes.OpenRowGroupReader(0);
        var ruined = new double[og.RowCount];
        await og.ReadAsync<double>(outcomes.Schema.GetDataFields().Single(f => f.Name == "liquidations"), ruined.AsMemory());
        ruined.ShouldBe(results.Paths.Select(p => p.Outcomes[PathOutcomes.Liquidations]).ToArray());
    }
}
