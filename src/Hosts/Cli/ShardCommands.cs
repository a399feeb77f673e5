using System.CommandLine;
using System.Globalization;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Sharding;
using Ballast.Simulation.Sweeps;

namespace Ballast.Cli;

/// <summary>
/// Scale-out (docs/scaleout.md): <c>simulate</c> and <c>sweep</c> with <c>--shard i/n</c> run shard i's paths or grid
/// points into a results store (<c>--results</c>: a folder of per-shard SQLite files, one SQLite file, or a PostgreSQL
/// connection string); <c>ballast merge RESULTS</c> writes the same folder the single run writes, byte for byte;
/// <c>ballast status RESULTS</c> shows each run's shards done, running and failed.
/// Exit codes as <c>simulate</c>, and 4 when a merge finds the run incomplete or ambiguous.
/// </summary>
internal static class ShardCommands
{
    public const int Incomplete = 4;

    public static Option<string?> ShardOption() => new("--shard")
    {
        Description = "Run only shard i of n (0-based: 0/4 … 3/4): a balanced, contiguous share of the paths (simulate) or grid points (sweep), written to --results; combine with 'ballast merge'",
    };

    public static Option<string?> ResultsOption() => new("--results")
    {
        Description = "Where a shard writes: a folder (each shard its own shard-I-of-N.sqlite; default out/NAME/shards), a .sqlite file, or a PostgreSQL connection string (Host=…;Database=…;Username=…;Password=… or postgresql://…)",
    };

    /// <summary>The host name a shard records: the machine, the process, and the Slurm job when there is one.</summary>
    private static ShardHost Host()
    {
        var name = $"{Environment.MachineName} pid {Environment.ProcessId}";
        if (Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { Length: > 0 } job) name += $" slurm job {job}";
        return new ShardHost(name, TimeProvider.System);
    }

    public static int SimulateShard(Scenario scenario, string? shardText, string? results, DirectoryInfo? output, int workers, TextWriter stdout, TextWriter stderr)
    {
        if (!CheckOptions("simulate", shardText, output, stderr, out var shard)) return SimulateCommand.BadScenario;
        var location = results ?? Path.Combine("out", scenario.Name, "shards");
        return InStore("simulate", location, shard, stderr, store =>
        {
            var report = ShardRunner.RunSimulation(scenario, shard, store, workers, Host());
            stdout.WriteLine($"{scenario.Name}: shard {shard}: paths {Range(report)} of {scenario.Paths} written to {store.Description} (run {report.Run.ShortKey}, attempt {report.Attempt})");
            stdout.WriteLine($"when every shard is done: ballast merge {Quote(Redact(location))}");
        });
    }

    public static int SweepShard(Scenario scenario, string? shardText, string? results, DirectoryInfo? output, int workers, SweepOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (!CheckOptions("sweep", shardText, output, stderr, out var shard)) return SimulateCommand.BadScenario;
        var location = results ?? Path.Combine("out", scenario.Name + "-sweep", "shards");
        return InStore("sweep", location, shard, stderr, store =>
        {
            int points = SweepRunner.Grid(scenario).Count;
            var report = ShardRunner.RunSweep(scenario, shard, store, workers, Host(), options, onUnitDone: i => stderr.WriteLine($"  point {i + 1}/{points}"));
            stdout.WriteLine($"{scenario.Name}: shard {shard}: grid points {Range(report)} of {points} written to {store.Description} (run {report.Run.ShortKey}, attempt {report.Attempt})");
            stdout.WriteLine($"when every shard is done: ballast merge {Quote(Redact(location))}");
        });
    }

    /// <summary>The shard (0/1 when only --results is given); a shard writes no output folder, so --out is refused rather than ignored.</summary>
    private static bool CheckOptions(string command, string? shardText, DirectoryInfo? output, TextWriter stderr, out Shard shard)
    {
        if (!Shard.TryParse(shardText ?? "0/1", out shard, out var error))
        {
            stderr.WriteLine($"ballast {command}: {error}");
            return false;
        }
        if (output is not null)
        {
            stderr.WriteLine($"ballast {command}: --out: a shard writes into --results; 'ballast merge RESULTS --out {output}' writes the folder once every shard is done");
            return false;
        }
        return true;
    }

    private static string Range(ShardReport r) => r.EndUnit > r.FirstUnit ? $"{r.FirstUnit}…{r.EndUnit - 1}" : "none";

    private static string Quote(string s) => s.Contains(' ', StringComparison.Ordinal) || s.Contains(';', StringComparison.Ordinal) ? $"\"{s}\"" : s;

    private static int InStore(string command, string location, Shard shard, TextWriter stderr, Action<ShardStore> work)
    {
        ShardStore store;
        try
        {
            store = ResultsLocation.OpenForShard(location, shard);
        }
        catch (Exception e) when (e is ShardingException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or ArgumentException or Npgsql.NpgsqlException or UriFormatException)
        {
            stderr.WriteLine($"ballast {command}: cannot open the results store {Redact(location)}: {e.Message}");
            return SimulateCommand.CannotWrite;
        }
        using (store)
        {
            try
            {
                work(store);
                return SimulateCommand.Ok;
            }
            catch (ScenarioException e)
            {
                stderr.WriteLine(e.Message);
                return SimulateCommand.BadScenario;
            }
            catch (SimulationFailure e)
            {
                stderr.WriteLine($"ballast {command}: shard {shard} stopped (recorded as failed; rerun it with --shard {shard}): {e.Message}");
                return SimulateCommand.Failed;
            }
            catch (ShardingException e)
            {
                stderr.WriteLine($"ballast {command}: shard {shard}: {e.Message}");
                return SimulateCommand.Failed;
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or IOException)
            {
                stderr.WriteLine($"ballast {command}: shard {shard}: cannot write to {store.Description}: {e.Message}");
                return SimulateCommand.CannotWrite;
            }
        }
    }

    /// <summary>A location as messages show it: a connection string's password hidden.</summary>
    internal static string Redact(string location) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(location, "(?i)(password|pwd)=[^;]*", "$1=***"), "(?i)(postgres(?:ql)?://[^:/@]+):[^@]*@", "$1:***@");

    public static Command Merge()
    {
        var results = new Argument<string[]>("results") { Description = "The shards' results: folders of shard stores, store files, or a PostgreSQL connection string", Arity = ArgumentArity.OneOrMore };
        var run = new Option<string?>("--run") { Description = "The run to merge (a prefix of its key, as 'ballast status' prints) when the results hold several" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder (default: the single run's, out/NAME or out/NAME-sweep)" };
        var command = new Command("merge", "Combine a sharded run's shards into the folder the single run writes (byte-identical results, exports and report)")
        {
            results, run, output,
        };
        command.SetAction(parse => RunMerge(parse.GetValue(results)!, parse.GetValue(run), parse.GetValue(output), Console.Out, Console.Error));
        return command;
    }

    public static int RunMerge(string[] locations, string? runKey, DirectoryInfo? output, TextWriter stdout, TextWriter stderr)
    {
        List<ShardStore> stores;
        try
        {
            stores = ResultsLocation.OpenForReading(locations);
        }
        catch (Exception e) when (e is ShardingException or Microsoft.Data.Sqlite.SqliteException or ArgumentException or Npgsql.NpgsqlException or UriFormatException)
        {
            stderr.WriteLine($"ballast merge: {e.Message}");
            return SimulateCommand.CannotWrite;
        }
        try
        {
            var run = ShardMerge.FindRun(stores, runKey);
            var scenario = ShardMerge.LoadScenario(run);
            if (run.Kind == RunKind.Simulate)
            {
                var merged = ShardMerge.MergeSimulation(stores, run, scenario);
                var folder = output?.FullName ?? Path.Combine("out", scenario.Name);
                var files = OutputFolder.Write(folder, merged);
                stdout.WriteLine($"{scenario.Name}: merged {run.Shards} shard(s) of run {run.ShortKey}: {scenario.Paths} paths × {scenario.HorizonBlocks:N0} blocks");
                stdout.WriteLine($"results hash {merged.Hash}");
                stdout.WriteLine($"results:  {files.Database} (also outcomes and series as .csv and .parquet, {Path.GetFileName(files.SummaryJson)})");
                stdout.WriteLine($"report:   {files.Report}");
            }
            else
            {
                var points = ShardMerge.MergeSweep(stores, run, scenario);
                var options = SweepOptions.FromJson(run.Options);
                var recommendation = options.Optimise is null ? null : Optimiser.Recommend(points, options.Optimise, options.Limits);
                var folder = output?.FullName ?? Path.Combine("out", scenario.Name + "-sweep");
                var files = SweepOutput.Write(folder, scenario, points, recommendation);
                stdout.WriteLine($"{scenario.Name}: merged {run.Shards} shard(s) of sweep run {run.ShortKey}: {points.Count} points × {scenario.Paths} paths");
                if (recommendation is not null)
                    stdout.WriteLine(recommendation.Best is null ? $"no recommendation: {recommendation.Explanation}"
                        : $"recommended: point {recommendation.Best.Index} ({string.Join(", ", recommendation.Best.Values)}); {recommendation.Explanation}");
                stdout.WriteLine($"results:  {files.Csv}, {files.Database}");
                stdout.WriteLine($"report:   {files.Report}");
            }
            return SimulateCommand.Ok;
        }
        catch (ShardingException e)
        {
            stderr.WriteLine($"ballast merge: {e.Message}");
            return Incomplete;
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine($"ballast merge: the stored scenario does not load here: {e.Message}");
            return SimulateCommand.BadScenario;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or InvalidDataException)
        {
            stderr.WriteLine($"ballast merge: {e.Message}");
            return SimulateCommand.CannotWrite;
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

    public static Command Status()
    {
        var results = new Argument<string[]>("results") { Description = "The shards' results: folders of shard stores, store files, or a PostgreSQL connection string", Arity = ArgumentArity.OneOrMore };
        var run = new Option<string?>("--run") { Description = "Only the run whose key starts with this" };
        var command = new Command("status", "Show a sharded run's progress: shards done, running and failed (with their hosts and messages)")
        {
            results, run,
        };
        command.SetAction(parse => RunStatus(parse.GetValue(results)!, parse.GetValue(run), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Prints every run's shards; exit 0 when every run shown is complete, 4 when some shard is not done, 1 when the results cannot be read.</summary>
    public static int RunStatus(string[] locations, string? runKey, TextWriter stdout, TextWriter stderr)
    {
        List<ShardStore> stores;
        try
        {
            stores = ResultsLocation.OpenForReading(locations);
        }
        catch (Exception e) when (e is ShardingException or Microsoft.Data.Sqlite.SqliteException or ArgumentException or Npgsql.NpgsqlException or UriFormatException)
        {
            stderr.WriteLine($"ballast status: {e.Message}");
            return SimulateCommand.CannotWrite;
        }
        try
        {
            var runs = RunProgress.Of(stores, runKey);
            if (runs.Count == 0)
            {
                stdout.WriteLine(runKey is null ? "no sharded runs in these results" : $"no run whose key starts with {runKey}");
                return Incomplete;
            }
            foreach (var p in runs)
            {
                var r = p.Run;
                stdout.WriteLine($"run {r.ShortKey}  {r.KindName} {r.Name}: {r.Units} {(r.Kind == RunKind.Simulate ? "paths" : "grid points")} in {r.Shards} shard(s): "
                    + $"{p.Done} done, {p.Running} running, {p.Failed} failed, {p.Missing.Count} not started{(p.Duplicated.Count > 0 ? $", {p.Duplicated.Count} duplicated" : "")}"
                    + (p.Complete ? " — complete: ballast merge can combine it" : ""));
                foreach (var s in p.Shards)
                {
                    var shard = new Shard(s.Shard, r.Shards);
                    int units = shard.End(r.Units) - shard.Start(r.Units);
                    string what = s.State switch
                    {
                        ShardState.Done => $"done      {units} unit(s), {s.StartedUtc} → {s.FinishedUtc}",
                        ShardState.Running => $"running   {s.UnitsDone}/{units} unit(s) since {s.StartedUtc}",
                        _ => $"failed    at {s.FinishedUtc}: {s.Message}",
                    };
                    stdout.WriteLine($"  shard {shard,-7} {what}  (attempt {s.Attempt}, {s.Host})");
                }
                foreach (var i in p.Missing) stdout.WriteLine($"  shard {new Shard(i, r.Shards),-7} not started");
                foreach (var i in p.Duplicated) stdout.WriteLine($"  shard {new Shard(i, r.Shards),-7} found in more than one store: merge will refuse it");
                var builds = p.Shards.Select(x => x.Version).Distinct().ToList();
                if (builds.Count > 1) stdout.WriteLine($"  shards ran {builds.Count} builds of ballast ({string.Join(", ", builds)}): merge will refuse them until rerun with one");
            }
            return runs.All(p => p.Complete) ? SimulateCommand.Ok : Incomplete;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            stderr.WriteLine($"ballast status: {e.Message}");
            return SimulateCommand.CannotWrite;
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

}
