using Ballast.Core.Numerics;
using Ballast.Simulation.Prices;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Prices;

public class ReplayTests
{
    [Fact]
    public void Replay_reproduces_every_row_of_the_csv_exactly_at_its_block()
    {
        var file = Repo.MarketData("alpha_price_tao_2min_20250220_20250226_sn3.csv");
        var series = PriceSeries.Read(file, "sn3");
        var replay = series.ToReplay(12);
        var path = replay.Start(0, new DeterministicRandom(1));
        long start = series.Points[0].UnixSeconds;
        var lines = File.ReadAllLines(file);
        int sn3 = Array.IndexOf(lines[0].Split(','), "sn3");
        // Every row with a time and a price, read here independently of PriceSeries.
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[0].Length > 0 && c[sn3].Length > 0)
            .Select(c => (Block: (DateTimeOffset.Parse(c[0]).ToUnixTimeSeconds() - start + 11) / 12, Price: c[sn3])).ToList();
        rows.Count.ShouldBeGreaterThan(4900);
        long block = 0;
        int checkedRows = 0;
        foreach (var (rowBlock, price) in rows)
        {
            while (block < rowBlock) { path.Step(); block++; }
            path.PriceFixed.ShouldBe(Fixed.Parse(price), $"block {block}");
            path.PriceFixed.ToString().TrimEnd('0').ShouldBe(price.TrimEnd('0'));
            checkedRows++;
        }
        checkedRows.ShouldBe(rows.Count);
    }

    [Fact]
    public void Between_rows_the_price_holds_and_after_the_last_it_stays()
    {
        var series = PriceSeries.Parse("t.csv", "time,close\n2025-01-01 00:00:00,1.5\n2025-01-01 00:01:00,2.25\n2025-01-01 00:01:30,3\n", "close");
        var path = series.ToReplay(12).Start(0, new DeterministicRandom(1));
        var prices = new List<string> { path.PriceFixed.ToString() };
        for (int i = 0; i < 10; i++) { path.Step(); prices.Add(path.PriceFixed.ToString()); }
        // 60 s = block 5; 90 s = block 7.5 → takes effect at block 8.
        prices.Select(p => decimal.Parse(p)).ShouldBe([1.5m, 1.5m, 1.5m, 1.5m, 1.5m, 2.25m, 2.25m, 2.25m, 3m, 3m, 3m]);
    }

    [Fact]
    public void A_gap_scales_the_replayed_price_exactly()
    {
        var series = PriceSeries.Parse("t.csv", "time,close\n2025-01-01 00:00:00,345.75\n2025-01-01 00:00:12,340\n", "close");
        var path = series.ToReplay(12).Start(0, new DeterministicRandom(1));
        path.Shock(0.7);
        path.PriceFixed.ShouldBe(Fixed.Parse("242.025"));
        path.Step();
        path.PriceFixed.ShouldBe(Fixed.Parse("238"));
    }

    [Fact]
    public void A_cell_in_exponent_form_is_read_exactly()
    {
        var series = PriceSeries.Parse("t.csv", "date,close\n2022-05-13 00:00:00,4e-05\n2022-05-13 01:00:00,0.00012\n", "close");
        series.ToReplay(12).Points[0].Price.ShouldBe(Fixed.Parse("0.00004"));
    }

    [Fact]
    public void A_missing_column_names_the_columns_the_file_has()
    {
        var e = Should.Throw<FormatException>(() => PriceSeries.Parse("t.csv", "time,close\n2025-01-01 00:00:00,1\n", "open"));
        e.Message.ShouldBe("t.csv:1: no column 'open' (columns: time, close)");
    }
}
