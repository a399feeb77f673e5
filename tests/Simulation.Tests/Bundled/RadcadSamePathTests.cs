using System.Globalization;
using Ballast.Core.Numerics;
using Ballast.Margin;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Prices;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;
using Ballast.Subnets;

namespace Ballast.Simulation.Tests.Bundled;

/// <summary>
/// The radCAD day scenarios run the Python model's path: their market's block returns are the model's (CPython's
/// Random(8).gauss), and the engine opens the model's book (CPython's Random(1), choice then uniform per position),
/// compared with vectors python3 made (tests/Simulation.Tests/Prices/CPythonVectors, bench/radcad/make_vectors.py).
/// </summary>
public class RadcadSamePathTests
{
    private static List<string> Vector(string file) =>
        [.. File.ReadAllLines(Path.Combine(Repo.Root, "tests", "Simulation.Tests", "Prices", "CPythonVectors", file)).Where(l => l.Length > 0 && l[0] != '#')];

    [Theory]
    [InlineData("radcad-margin-day.yaml")]
    [InlineData("radcad-margin-day-10k.yaml")]
    public void The_scenarios_first_100_block_returns_are_the_models(string file)
    {
        var s = ScenarioLoader.LoadFile(Repo.Scenario(file));
        var market = s.Markets.Single();
        market.Model.ShouldBe(new CPythonGbmModel(8, 0.004));
        // Whatever the path's own random source, the returns are CPython's.
        foreach (ulong other in new ulong[] { 1, 2 })
        {
            var path = (CPythonGbmPath)market.Model.Start(0.5, new DeterministicRandom(other));
            foreach (var hex in Vector("market-seed8-sigma0.004.txt"))
            {
                path.Step();
                BitConverter.DoubleToInt64Bits(path.LastReturn).ToString("x16", CultureInfo.InvariantCulture).ShouldBe(hex);
            }
        }
    }

    [Fact]
    public void The_engine_opens_the_models_first_100_positions_and_starts_the_path_at_the_pool_they_left()
    {
        var s = ScenarioLoader.LoadFile(Repo.Scenario("radcad-margin-day.yaml"));
        var traders = s.Agents.OfType<MarginTraderSpec>().Single();
        traders.CPythonDrawSeed.ShouldBe(1);
        var engine = new PathRunner(s).RunTo(0, 0);
        var view = engine.View;
        var book = Vector("book-seed1.txt").Select(l => l.Split(' ')).ToList();
        for (int i = 0; i < book.Count; i++)
        {
            var positions = view.Query<PositionsQuery, PositionList>(new PositionsQuery(traders.Account(i))).Positions;
            positions.Count.ShouldBe(1, traders.Account(i));
            positions[0].Leverage.ShouldBe(Fixed.FromInt(int.Parse(book[i][0], CultureInfo.InvariantCulture)), traders.Account(i));
            positions[0].InitialCollateral.Units.ShouldBe(UInt128.Parse(book[i][2], CultureInfo.InvariantCulture), traders.Account(i));
        }
        view.Query<SummaryQuery, MarginSummary>(new SummaryQuery()).OpenPositions.ShouldBe(1000);
        // The model's pool after its book is 0.536739799667 (bench/radcad/model_path.py 7200 1000): the engine's,
        // bought through the real module (its 0.3% fee, rounding to the rao), is within a few parts per million.
        double pool = view.Port<ISubnetMarkets>().SpotPrice(view, 3).ToDouble();
        (Math.Abs(pool / 0.536739799667 - 1)).ShouldBeLessThan(5e-6);
    }

    [Fact]
    public void The_relative_pin_moves_the_pool_by_the_models_return_each_block()
    {
        // The first 100 blocks (no position is liquidatable before block 532): the pool's price moves by the model's
        // return each block, from where it stands, to within the engine's rounding (18-decimal prices, rao reserves).
        var s = ScenarioLoader.LoadFile(Repo.Scenario("radcad-margin-day.yaml")) with { HorizonBlocks = 100, SampleEveryBlocks = 1 };
        s.Markets.Single().PinRelative.ShouldBeTrue();
        var r = Simulator.Run(s, 1);
        int pool = r.SeriesNames.ToList().IndexOf("pool.SN3");
        var series = r.Paths[0].Series;
        series.Length.ShouldBe(101);
        var returns = Vector("market-seed8-sigma0.004.txt").Select(h => BitConverter.Int64BitsToDouble(long.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToList();
        double drift = 1;
        for (int t = 1; t <= 100; t++)
        {
            double moved = series[t][pool] / series[t - 1][pool];
            (moved / returns[t - 1] - 1).ShouldBe(0, 1e-12, $"block {t}"); // ~1e-14 seen
            drift *= moved / returns[t - 1];
        }
        Math.Abs(drift - 1).ShouldBeLessThan(1e-11); // no rounding bias piles up over the blocks
    }

    [Fact]
    public void The_day_liquidates_as_the_model_does_a_block_later_and_within_a_tenth_of_its_count()
    {
        // radCAD's model (bench/radcad/model_path.py 7200 1000 1, bit for bit the same as radCAD 0.14) first liquidates
        // at block 532 and 398 times in all, the cascade over by block 805. The engine's keeper acts on the previous
        // block's state, so its first liquidation is a block later; the module's own rules (its LPs' fixed deposit and
        // so a lower borrowing rate, the subnet's emission deepening the pool) liquidate somewhat fewer.
        var s = ScenarioLoader.LoadFile(Repo.Scenario("radcad-margin-day.yaml")) with { SampleEveryBlocks = 1 };
        var r = Simulator.Run(s, 1);
        int liquidations = r.SeriesNames.ToList().IndexOf("margin.liquidations");
        var series = r.Paths[0].Series;
        int first = Enumerable.Range(1, series.Length - 1).First(t => series[t][liquidations] > 0);
        first.ShouldBe(533);
        double total = series[^1][liquidations];
        total.ShouldBeInRange(0.9 * 398, 398);
        Enumerable.Range(806, series.Length - 806).ShouldAllBe(t => series[t][liquidations] == total); // the cascade is over, as in the model
    }

    [Fact]
    public void With_the_models_rules_the_engine_runs_the_models_day_to_1e10_and_liquidates_in_the_same_blocks()
    {
        // Ballast's rules that differ from the model, set to the model's: the subnet's emission off (issuance at the cap)
        // and the liquidation window restarting at a missed block (the model resets its count at once; the deployed
        // contract's window is anchored to its first call). The keeper's timing and the LPs' fixed deposit stay, and the
        // model is given them (model_path.py --lagged-keeper --lp 250000): then every 100 blocks the pool's price agrees
        // to 1e-10 and the liquidations so far exactly, through the whole cascade (374 liquidations).
        var text = File.ReadAllText(Repo.Scenario("radcad-margin-day.yaml"))
            .Replace("  subnets: {}\n", "  subnets:\n    parameters:\n      ExternalTaoIssuanceRao: \"21000000000000000\"\n")
            .Replace("      Tiers[4].MaxLeverage: \"10\"\n", "      Tiers[4].MaxLeverage: \"10\"\n      LiquidationWindowRule: \"1\"\n")
            .Replace("sampleEveryBlocks: 7200", "sampleEveryBlocks: 100");
        text.ShouldContain("ExternalTaoIssuanceRao");
        text.ShouldContain("LiquidationWindowRule");
        var s = ScenarioLoader.Load("radcad-margin-day.yaml", text, Path.Combine(Repo.Root, "scenarios"));
        var r = Simulator.Run(s, 1);
        var names = r.SeriesNames.ToList();
        int pool = names.IndexOf("pool.SN3"), liquidations = names.IndexOf("margin.liquidations");
        var expected = Vector("day-1000-lagged-lp250000.txt").Select(l => l.Split(' ')).ToList();
        expected.Count.ShouldBe(73);
        r.Paths[0].SampleBlocks.ShouldBe([.. expected.Select(e => long.Parse(e[0], CultureInfo.InvariantCulture))]);
        for (int i = 0; i < expected.Count; i++)
        {
            double price = BitConverter.Int64BitsToDouble(long.Parse(expected[i][1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            (r.Paths[0].Series[i][pool] / price - 1).ShouldBe(0, 1e-10, $"block {expected[i][0]}");
            r.Paths[0].Series[i][liquidations].ShouldBe(double.Parse(expected[i][2], CultureInfo.InvariantCulture), $"block {expected[i][0]}");
        }
        r.Paths[0].Series[^1][liquidations].ShouldBe(374);
    }
}
