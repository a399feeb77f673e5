using Ballast.Simulation.Outputs;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Sharding;
using Ballast.Simulation.Sweeps;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Sharding;

/// <summary>
/// A run split into n ∈ {1, 2, 3, 7} shards and merged writes the same bytes as the single run — every file of the
/// output folder (results.sqlite, CSV, Parquet, summary.json, report.html) for a bundled scenario, and sweep.csv,
/// sweep.sqlite and sweep.html for a small sweep — and a merge refuses a missing, duplicated, running or failed shard.
/// </summary>
public class ShardMergeTests
{
    private static readonly ShardHost Host = new("test-host", new FixedClock());

    /// <summary>The bundled LIH gap scenario on 7 paths cut to 120 blocks: random prices and 60 random traders.</summary>
    private static Scenario Bundled() => ScenarioLoader.LoadFile(Repo.Scenario("lih-tao-gap.yaml"), 7) with { HorizonBlocks = 120, SampleEveryBlocks = 40 };

    /// <summary>A 3×2 grid over a perps market on a GBM feed, 3 paths a point.</summary>
    private static Scenario SmallSweep()
    {
        var dir = Directory.CreateTempSubdirectory("ballast-sweep-").FullName;
        var text = """
            name: shard-sweep
            seed: 5
            paths: 3
            horizon: { blocks: 30 }
            sampleEveryBlocks: 10
            modules: { subnets: {}, perps: {}, insurance: {}, risk: {} }
            genesis:
              - { type: ledger.genesisAccount, name: feeder, balances: {} }
              - { type: prices.genesisFeed, feed: TAO/USD, maxAgeBlocks: 600, feeder: feeder }
            markets:
              - { name: TAO/USD, feed: TAO/USD, feeder: feeder, initialPrice: 300, model: { kind: gbm, volatilityPerYear: 1 } }
            sweep:
              perps.MaintenanceMarginPpb: [31250000, 62500000, 125000000]
              insurance.LambdaMinPpb: [10000000, 20000000]
            """;
        return ScenarioLoader.Load(Path.Combine(dir, "sweep.yaml"), text, dir);
    }

    private static Dictionary<string, byte[]> Folder(Action<string> write)
    {
        var folder = Directory.CreateTempSubdirectory("ballast-merged-").FullName;
        write(folder);
        var files = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        Directory.Delete(folder, recursive: true);
        return files;
    }

    private static void ShouldBeSameBytes(Dictionary<string, byte[]> actual, Dictionary<string, byte[]> expected, string because)
    {
        actual.Keys.Order().ShouldBe(expected.Keys.Order(), because);
        foreach (var (name, bytes) in expected) actual[name].SequenceEqual(bytes).ShouldBeTrue($"{name} differs: {because}");
    }

    private static RunResults MergeSimulation(string location, Scenario scenario)
    {
        var stores = ResultsLocation.OpenForReading([location]);
        try
        {
            return ShardMerge.MergeSimulation(stores, ShardMerge.FindRun(stores, null), scenario);
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

    private static void RunShard(Scenario scenario, string location, Shard shard, Func<Ballast.Core.Blocks.EngineOptions, Ballast.Core.Blocks.Engine>? engine = null,
        ShardHost? host = null)
    {
        using var store = ResultsLocation.OpenForShard(location, shard);
        ShardRunner.RunSimulation(scenario, shard, store, 2, host ?? Host, engine);
    }

    [Fact]
    public void A_bundled_scenario_in_1_2_3_and_7_shards_merges_to_the_single_runs_bytes()
    {
        var scenario = Bundled();
        var single = Simulator.Run(scenario, 2);
        var expected = Folder(f => OutputFolder.Write(f, single));
        expected.Keys.Order().ShouldBe(["outcomes.csv", "outcomes.parquet", "report.html", "results.sqlite", "series.csv", "series.parquet", "summary.json"]);
        foreach (int n in new[] { 1, 2, 3, 7 })
        {
            using var place = ResultsPlace.Create("folder");
            // Shards run in reverse order: the merge must not depend on which finished first.
            for (int i = n - 1; i >= 0; i--) RunShard(scenario, place.Location, new Shard(i, n));
            var merged = MergeSimulation(place.Location, scenario);
            merged.Hash.ShouldBe(single.Hash);
            ShouldBeSameBytes(Folder(f => OutputFolder.Write(f, merged)), expected, $"{n} shards");
        }
    }

    [Fact]
    public void Random_path_counts_split_into_random_shard_counts_run_in_random_order_merge_to_the_single_run()
    {
        var random = new Random(20261201);
        for (int trial = 0; trial < 6; trial++)
        {
            int paths = random.Next(1, 7), n = random.Next(1, 9);
            var scenario = TinyScenarios.Crash(trader: true, paths: paths, horizon: 12, seed: (ulong)random.Next(1, 1000));
            using var place = ResultsPlace.Create(random.Next(2) == 0 ? "folder" : "file");
            foreach (int i in Enumerable.Range(0, n).OrderBy(_ => random.Next())) RunShard(scenario, place.Location, new Shard(i, n));
            MergeSimulation(place.Location, scenario).Hash.ShouldBe(Simulator.Run(scenario, 1).Hash, $"{paths} paths in {n} shards");
        }
    }

    [Theory]
    [MemberData(nameof(ResultsPlace.Kinds), MemberType = typeof(ResultsPlace))]
    public void A_small_sweep_in_1_2_3_and_7_shards_merges_to_the_single_sweeps_bytes(string kind)
    {
        var scenario = SmallSweep();
        var options = new SweepOptions("lpYield", [new RiskLimit("ruin", 0.5), new RiskLimit("var99", 1e6)]);
        var singlePoints = SweepRunner.Run(scenario, 2);
        var recommendation = Optimiser.Recommend(singlePoints, "lpYield", options.Limits);
        var expected = Folder(f => SweepOutput.Write(f, scenario, singlePoints, recommendation));
        foreach (int n in new[] { 1, 2, 3, 7 }) // 7 shards of 6 points: one shard is empty and still must be done
        {
            using var place = ResultsPlace.Create(kind);
            for (int i = 0; i < n; i++)
            {
                using var store = ResultsLocation.OpenForShard(place.Location, new Shard(i, n));
                ShardRunner.RunSweep(scenario, new Shard(i, n), store, 1, Host, options);
            }
            var stores = ResultsLocation.OpenForReading([place.Location]);
            try
            {
                var run = ShardMerge.FindRun(stores, null);
                run.Kind.ShouldBe(RunKind.Sweep);
                var stored = SweepOptions.FromJson(run.Options);
                stored.Optimise.ShouldBe("lpYield");
                stored.Limits.ShouldBe(options.Limits);
                var points = ShardMerge.MergeSweep(stores, run, ShardMerge.LoadScenario(run));
                points.Select(p => p.Hash).ShouldBe(singlePoints.Select(p => p.Hash));
                var merged = Folder(f => SweepOutput.Write(f, scenario, points, Optimiser.Recommend(points, "lpYield", options.Limits)));
                ShouldBeSameBytes(merged, expected, $"{kind}, {n} shards");
            }
            finally
            {
                foreach (var s in stores) s.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(ResultsPlace.Kinds), MemberType = typeof(ResultsPlace))]
    public void A_missing_or_failed_shard_is_refused_and_a_rerun_of_the_failed_shard_gives_the_same_result(string kind)
    {
        var scenario = TinyScenarios.Crash(trader: true, paths: 5, horizon: 30);
        var single = Simulator.Run(scenario, 2);
        using var place = ResultsPlace.Create(kind);
        RunShard(scenario, place.Location, new Shard(0, 3));
        var e = Should.Throw<ShardingException>(() => MergeSimulation(place.Location, scenario));
        e.Message.ShouldContain("is incomplete: 1 of 3 shard(s) done");
        e.Message.ShouldContain("shard 1/3 is missing (never started here): run it with --shard 1/3");
        e.Message.ShouldContain("shard 2/3 is missing");

        // Shard 1 breaks an engine invariant: it is recorded as failed with the sentence, and the merge says so.
        Should.Throw<SimulationFailure>(() => RunShard(scenario, place.Location, new Shard(1, 3), o => Faulty.Engine(o, breakAtHeight: 20)));
        RunShard(scenario, place.Location, new Shard(2, 3));
        e = Should.Throw<ShardingException>(() => MergeSimulation(place.Location, scenario));
        e.Message.ShouldContain("2 of 3 shard(s) done");
        e.Message.ShouldContain("shard 1/3 failed (attempt 1 on test-host): path 1, block");
        e.Message.ShouldContain("token conservation broken");
        e.Message.ShouldContain("rerun it with --shard 1/3");
        var stores = ResultsLocation.OpenForReading([place.Location]);
        var progress = RunProgress.Of(stores).Single();
        foreach (var s in stores) s.Dispose();
        (progress.Done, progress.Running, progress.Failed, progress.Missing.Count).ShouldBe((2, 0, 1, 0));

        // The rerun replaces the failed attempt's rows: the merge is the single run's.
        RunShard(scenario, place.Location, new Shard(1, 3));
        var merged = MergeSimulation(place.Location, scenario);
        merged.Hash.ShouldBe(single.Hash);
        HtmlReport.Render(merged).ShouldBe(HtmlReport.Render(single));
    }

    [Theory]
    [MemberData(nameof(ResultsPlace.Kinds), MemberType = typeof(ResultsPlace))]
    public void A_shard_that_died_midway_is_reported_running_and_its_rerun_replaces_its_rows(string kind)
    {
        var scenario = TinyScenarios.Crash(trader: true, paths: 4, horizon: 20);
        var single = Simulator.Run(scenario, 1);
        using var place = ResultsPlace.Create(kind);
        RunShard(scenario, place.Location, new Shard(0, 2));
        var run = ShardedRun.ForSimulation(scenario, 2, Path.GetDirectoryName(scenario.File)!);
        int staleAttempt;
        using (var store = ResultsLocation.OpenForShard(place.Location, new Shard(1, 2)))
        {
            // A process that wrote one path of shard 1 (a wrong one, even) and was killed.
            staleAttempt = store.Begin(run.Key, 1, "killed-host", ShardHost.BuildVersion, "2026-01-01T00:00:00Z");
            store.WriteUnit(run.Key, 1, staleAttempt, 2, UnitCodec.EncodePath(single.Paths[3] with { })).ShouldBeTrue();
        }
        var e = Should.Throw<ShardingException>(() => MergeSimulation(place.Location, scenario));
        e.Message.ShouldContain("shard 1/2 is running or died (attempt 1 on killed-host since 2026-01-01T00:00:00Z, 1 unit(s) written)");
        RunShard(scenario, place.Location, new Shard(1, 2));
        using (var store = ResultsLocation.OpenForShard(place.Location, new Shard(1, 2)))
        {
            // The killed attempt, were it to wake up, can no longer write.
            store.WriteUnit(run.Key, 1, staleAttempt, 2, UnitCodec.EncodePath(single.Paths[3])).ShouldBeFalse();
            store.Shards(run.Key).Single(s => s.Shard == 1).Attempt.ShouldBe(2);
        }
        MergeSimulation(place.Location, scenario).Hash.ShouldBe(single.Hash);
    }

    [Fact]
    public void A_duplicated_shard_another_runs_shard_and_another_scenario_are_refused()
    {
        var scenario = TinyScenarios.Crash(trader: true, paths: 3, horizon: 20);
        using var place = ResultsPlace.Create("folder");
        RunShard(scenario, place.Location, new Shard(0, 2));
        RunShard(scenario, place.Location, new Shard(1, 2));
        MergeSimulation(place.Location, scenario).Hash.ShouldBe(Simulator.Run(scenario, 1).Hash);
        File.Copy(Path.Combine(place.Location, "shard-1-of-2.sqlite"), Path.Combine(place.Location, "shard-1-of-2 (copy).sqlite"));
        var e = Should.Throw<ShardingException>(() => MergeSimulation(place.Location, scenario));
        e.Message.ShouldContain("shard 1/2 is duplicated, in ");
        e.Message.ShouldContain("remove the stale copy");
        File.Delete(Path.Combine(place.Location, "shard-1-of-2 (copy).sqlite"));

        // Another seed is another run: its shard never mixes into this one, and the merge must be told which run.
        RunShard(scenario with { Seed = 99 }, place.Location, new Shard(0, 2));
        e = Should.Throw<ShardingException>(() => MergeSimulation(place.Location, scenario));
        e.Message.ShouldContain("the results hold 2 runs; choose one with --run KEY");
        var stores = ResultsLocation.OpenForReading([place.Location]);
        try
        {
            var run = ShardMerge.FindRun(stores, ShardedRun.ForSimulation(scenario, 2).Key[..8]);
            Should.Throw<ShardingException>(() => ShardMerge.MergeSimulation(stores, run, scenario with { HorizonBlocks = 21 }))
                .Message.ShouldContain("the scenario given is not the one run");
            Should.Throw<ShardingException>(() => ShardMerge.MergeSweep(stores, run, scenario)).Message.ShouldContain("is a simulation, not a sweep");
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

    [Fact]
    public void Shards_run_by_two_builds_of_ballast_are_refused_until_rerun_by_one()
    {
        var scenario = TinyScenarios.Crash(trader: true, paths: 3, horizon: 12);
        using var place = ResultsPlace.Create("folder");
        RunShard(scenario, place.Location, new Shard(0, 2));
        RunShard(scenario, place.Location, new Shard(1, 2), host: Host with { Version = "0.9.0+oldcommit" });
        var e = Should.Throw<ShardingException>(() => MergeSimulation(place.Location, scenario));
        e.Message.ShouldContain("was run by 2 builds of ballast, which may compute different numbers: ");
        e.Message.ShouldContain("0.9.0+oldcommit ran shard(s) 1");
        RunShard(scenario, place.Location, new Shard(1, 2));
        MergeSimulation(place.Location, scenario).Hash.ShouldBe(Simulator.Run(scenario, 1).Hash);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    }
}
