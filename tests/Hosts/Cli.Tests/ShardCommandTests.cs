namespace Ballast.Cli.Tests;

/// <summary>
/// <c>simulate --shard</c>, <c>sweep --shard</c>, <c>merge</c> and <c>status</c> in-process: the merged folder is the
/// single run's, byte for byte; an incomplete run is refused with exit code 4 and says which shard to rerun.
/// </summary>
public class ShardCommandTests
{
    private const string Scenario = """
        name: cli-shards
        seed: 9
        paths: 5
        horizon: { blocks: 40 }
        sampleEveryBlocks: 10
        modules: { subnets: {}, perps: {}, insurance: {}, risk: {} }
        genesis:
          - { type: ledger.genesisAccount, name: feeder, balances: {} }
          - { type: prices.genesisFeed, feed: TAO/USD, maxAgeBlocks: 600, feeder: feeder }
        markets:
          - { name: TAO/USD, feed: TAO/USD, feeder: feeder, initialPrice: 300, model: { kind: gbm, volatilityPerYear: 2 } }
        sweep:
          perps.MaintenanceMarginPpb: [31250000, 62500000, 125000000]
        """;

    private static (string Dir, FileInfo File) Write()
    {
        var dir = Directory.CreateTempSubdirectory("ballast-shards-cli-").FullName;
        var file = Path.Combine(dir, "s.yaml");
        File.WriteAllText(file, Scenario);
        return (dir, new FileInfo(file));
    }

    private static void ShouldHoldTheSameFiles(string actual, string expected)
    {
        var names = Directory.GetFiles(expected).Select(Path.GetFileName).Order().ToList();
        Directory.GetFiles(actual).Select(Path.GetFileName).Order().ShouldBe(names);
        foreach (var name in names)
            File.ReadAllBytes(Path.Combine(actual, name!)).SequenceEqual(File.ReadAllBytes(Path.Combine(expected, name!))).ShouldBeTrue($"{name} differs");
    }

    [Fact]
    public void Three_simulate_shards_merge_to_the_single_runs_folder_and_status_follows_them()
    {
        var (dir, file) = Write();
        var (o, e) = (new StringWriter(), new StringWriter());
        SimulateCommand.Run(file, null, 2, new DirectoryInfo(Path.Combine(dir, "single")), o, e).ShouldBe(SimulateCommand.Ok, e.ToString());
        var shards = Path.Combine(dir, "shards");

        (o, e) = (new StringWriter(), new StringWriter());
        SimulateCommand.Run(file, null, 2, null, o, e, shard: "2/3", resultsStore: shards).ShouldBe(SimulateCommand.Ok, e.ToString());
        o.ToString().ShouldContain("cli-shards: shard 2/3: paths 3…4 of 5 written to ");
        File.Exists(Path.Combine(shards, "shard-2-of-3.sqlite")).ShouldBeTrue();

        (o, e) = (new StringWriter(), new StringWriter());
        ShardCommands.RunStatus([shards], null, o, e).ShouldBe(ShardCommands.Incomplete);
        o.ToString().ShouldContain("simulate cli-shards: 5 paths in 3 shard(s): 1 done, 0 running, 0 failed, 2 not started");
        o.ToString().ShouldContain("shard 0/3     not started");

        (o, e) = (new StringWriter(), new StringWriter());
        ShardCommands.RunMerge([shards], null, new DirectoryInfo(Path.Combine(dir, "merged")), o, e).ShouldBe(ShardCommands.Incomplete);
        e.ToString().ShouldContain("is incomplete: 1 of 3 shard(s) done; shard 0/3 is missing (never started here): run it with --shard 0/3");

        foreach (var s in new[] { "0/3", "1/3" })
            SimulateCommand.Run(file, null, 1, null, new StringWriter(), new StringWriter(), shard: s, resultsStore: shards).ShouldBe(SimulateCommand.Ok);
        (o, e) = (new StringWriter(), new StringWriter());
        ShardCommands.RunStatus([shards], null, o, e).ShouldBe(SimulateCommand.Ok);
        o.ToString().ShouldContain("3 done, 0 running, 0 failed, 0 not started — complete");
        (o, e) = (new StringWriter(), new StringWriter());
        ShardCommands.RunMerge([shards], null, new DirectoryInfo(Path.Combine(dir, "merged")), o, e).ShouldBe(SimulateCommand.Ok, e.ToString());
        o.ToString().ShouldContain("cli-shards: merged 3 shard(s) of run ");
        ShouldHoldTheSameFiles(Path.Combine(dir, "merged"), Path.Combine(dir, "single"));
    }

    [Fact]
    public void Sweep_shards_in_one_file_merge_to_the_single_sweep_with_its_recommendation()
    {
        var (dir, file) = Write();
        var (o, e) = (new StringWriter(), new StringWriter());
        SweepCommand.Run(file, 2, 1, new DirectoryInfo(Path.Combine(dir, "single")), "lpYield", 0.5, null, ["es99=1000"], o, e).ShouldBe(SimulateCommand.Ok, e.ToString());
        var store = Path.Combine(dir, "sweep-shards.sqlite");
        foreach (var s in new[] { "1/2", "0/2" })
            SweepCommand.Run(file, 2, 1, null, "lpYield", 0.5, null, ["es99=1000"], new StringWriter(), new StringWriter(), s, store).ShouldBe(SimulateCommand.Ok);
        (o, e) = (new StringWriter(), new StringWriter());
        ShardCommands.RunMerge([store], null, new DirectoryInfo(Path.Combine(dir, "merged")), o, e).ShouldBe(SimulateCommand.Ok, e.ToString());
        o.ToString().ShouldContain("merged 2 shard(s) of sweep run ");
        o.ToString().ShouldContain("recommended: point ");
        ShouldHoldTheSameFiles(Path.Combine(dir, "merged"), Path.Combine(dir, "single"));
    }

    [Fact]
    public void A_bad_shard_an_unreachable_store_and_missing_results_are_refused_with_a_sentence()
    {
        var (dir, file) = Write();
        var (o, e) = (new StringWriter(), new StringWriter());
        SimulateCommand.Run(file, null, 1, null, o, e, shard: "3/3", resultsStore: Path.Combine(dir, "x")).ShouldBe(SimulateCommand.BadScenario);
        e.ToString().ShouldContain("--shard 3/3: the shard index must be at least 0 and below the shard count (0 … 2)");
        (o, e) = (new StringWriter(), new StringWriter());
        SimulateCommand.Run(file, null, 1, new DirectoryInfo(Path.Combine(dir, "o")), o, e, shard: "0/3").ShouldBe(SimulateCommand.BadScenario);
        e.ToString().ShouldContain("--out: a shard writes into --results; 'ballast merge RESULTS --out ");
        (o, e) = (new StringWriter(), new StringWriter());
        SimulateCommand.Run(file, null, 1, null, o, e, shard: "0/3", resultsStore: "Host=127.0.0.1;Port=1;Username=u;Password=secret;Database=d;Timeout=2")
            .ShouldBe(SimulateCommand.CannotWrite);
        e.ToString().ShouldContain("cannot open the results store Host=127.0.0.1;Port=1;Username=u;Password=***;Database=d;Timeout=2: cannot connect to PostgreSQL at 127.0.0.1:1/d");
        e.ToString().ShouldNotContain("secret");
        (o, e) = (new StringWriter(), new StringWriter());
        ShardCommands.RunMerge([Path.Combine(dir, "nothing-here")], null, null, o, e).ShouldBe(SimulateCommand.CannotWrite);
        e.ToString().ShouldContain("no results at ");
        ShardCommands.Redact("postgresql://ballast:pw@db:5432/runs").ShouldBe("postgresql://ballast:***@db:5432/runs");
    }
}
