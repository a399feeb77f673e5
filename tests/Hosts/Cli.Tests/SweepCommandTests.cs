namespace Ballast.Cli.Tests;

/// <summary><c>ballast sweep</c> in-process: the grid's points, the recommendation, the files, and refusals.</summary>
public class SweepCommandTests
{
    private const string Grid = """
        name: cli-sweep
        seed: 3
        paths: 2
        horizon: { blocks: 30 }
        sampleEveryBlocks: 10
        modules: { subnets: {}, perps: {}, insurance: {}, risk: {} }
        genesis:
          - { type: ledger.genesisAccount, name: feeder, balances: {} }
          - { type: prices.genesisFeed, feed: TAO/USD, maxAgeBlocks: 600, feeder: feeder }
        markets:
          - { name: TAO/USD, feed: TAO/USD, feeder: feeder, initialPrice: 300, model: { kind: gbm, volatilityPerYear: 1 } }
        sweep:
          insurance.LambdaMinPpb: [10000000, 20000000]
          perps.MaintenanceMarginPpb: [31250000, 62500000, 125000000]
        """;

    private static (int Code, string Out, string Err, string Folder) Sweep(string text, string? optimise, double? maxRuin, params string[] limits)
    {
        var dir = Directory.CreateTempSubdirectory("ballast-sweep-").FullName;
        var file = Path.Combine(dir, "g.yaml");
        File.WriteAllText(file, text);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var folder = Path.Combine(dir, "out");
        int code = SweepCommand.Run(new FileInfo(file), null, 2, new DirectoryInfo(folder), optimise, maxRuin, null, limits, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString(), folder);
    }

    [Fact]
    public void A_sweep_runs_every_point_and_recommends_one_within_the_limits()
    {
        var (code, stdout, stderr, folder) = Sweep(Grid, "lpYield", 0.5);
        code.ShouldBe(SimulateCommand.Ok, stderr);
        stdout.ShouldContain("cli-sweep: 6 points × 2 paths × 30 blocks");
        stdout.ShouldContain("recommended: insurance.LambdaMinPpb = ");
        stdout.ShouldContain("← recommended");
        var csv = File.ReadAllLines(Path.Combine(folder, "sweep.csv"));
        csv.Length.ShouldBe(7);
        csv[0].ShouldStartWith("point,insurance.LambdaMinPpb,perps.MaintenanceMarginPpb,ruin,var95,var99");
        csv[6].ShouldStartWith("5,20000000,125000000,");
        File.Exists(Path.Combine(folder, "sweep.sqlite")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(folder, "sweep.html")).ShouldContain("Recommended: insurance.LambdaMinPpb = ");
    }

    [Fact]
    public void A_scenario_without_a_grid_and_an_unknown_figure_are_refused()
    {
        var noGrid = Grid[..Grid.IndexOf("sweep:", StringComparison.Ordinal)];
        var (code, _, stderr, _) = Sweep(noGrid, null, null);
        code.ShouldBe(SimulateCommand.BadScenario);
        stderr.ShouldContain("g.yaml:1: sweep: the scenario has no sweep grid");
        (code, _, stderr, _) = Sweep(Grid, "happiness", null);
        code.ShouldBe(SimulateCommand.BadScenario);
        stderr.ShouldContain("--optimise happiness: expected one of ruin, var95");
        (code, _, stderr, _) = Sweep(Grid, "lpYield", null, "var99");
        code.ShouldBe(SimulateCommand.BadScenario);
        stderr.ShouldContain("--limit var99: expected figure=max");
    }
}
