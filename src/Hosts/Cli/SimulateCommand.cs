using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ballast.Simulation;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Spectre.Console;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast simulate SCENARIO</c>: runs a scenario's Monte Carlo paths on all cores, writes results.sqlite, CSV, a
/// summary and an HTML report into one folder, and prints the headline figures and the report's path. Exit codes:
/// 0 ran, 1 a file cannot be read or written, 2 a bad scenario (<c>FILE:LINE: problem</c>, before any work),
/// 3 an engine invariant broke on some path (the message names path, block and token).
/// </summary>
internal static class SimulateCommand
{
    public const int Ok = 0, CannotWrite = 1, BadScenario = 2, Failed = 3;

    public static Command Build()
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "Scenario file (YAML or JSON); see scenarios/README.md" };
        var paths = new Option<int?>("--paths", "-n") { Description = "Number of Monte Carlo paths (overrides the scenario's)" };
        var threads = new Option<int?>("--threads", "-j") { Description = "Worker threads (default: every core); results do not depend on it" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder (default: out/SCENARIO-NAME)" };
        var shard = ShardCommands.ShardOption();
        var results = ShardCommands.ResultsOption();
        var fullCheck = new Option<bool>("--full-conservation-check")
        {
            Description = "Check conservation each block by summing every balance (slow) instead of the ledger's incrementally kept totals; results are the same",
        };
        var command = new Command("simulate", "Run a scenario's Monte Carlo paths and write results (SQLite, CSV) and an HTML risk report")
        {
            scenario, paths, threads, output, shard, results, fullCheck,
        };
        command.SetAction(parse => Run(parse.GetValue(scenario)!, parse.GetValue(paths), parse.GetValue(threads), parse.GetValue(output), Console.Out, Console.Error,
            progress: !Console.IsErrorRedirected, shard: parse.GetValue(shard), resultsStore: parse.GetValue(results), fullConservationCheck: parse.GetValue(fullCheck)));
        return command;
    }

    public static int Run(FileInfo file, int? paths, int? threads, DirectoryInfo? output, TextWriter stdout, TextWriter stderr, bool progress = false,
        string? shard = null, string? resultsStore = null, bool fullConservationCheck = false)
    {
        Func<Ballast.Core.Blocks.EngineOptions, Ballast.Core.Blocks.Engine>? createEngine = fullConservationCheck
            ? options => SimulationEngines.Create(options with { FullConservationScan = true })
            : null;
        Scenario scenario;
        try
        {
            if (paths is < 1) throw new ScenarioException(file.ToString(), 0, "--paths must be at least 1");
            scenario = ScenarioLoader.LoadFile(file.ToString(), paths);
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine(e.Message);
            return e.Line == 0 && e.Problem.StartsWith("cannot read", StringComparison.Ordinal) ? CannotWrite : BadScenario;
        }
        int workers = Math.Max(1, threads ?? Environment.ProcessorCount);
        // A shard (or a run into a results store) writes its paths to the store; 'ballast merge' writes the folder.
        if ((shard is not null || resultsStore is not null) && fullConservationCheck)
        {
            // The shard runner builds its own engines; the full scan is a debugging aid for a run on one machine.
            stderr.WriteLine("ballast simulate: --full-conservation-check applies to a run on one machine, not to --shard or --results");
            return BadScenario;
        }
        if (shard is not null || resultsStore is not null) return ShardCommands.SimulateShard(scenario, shard, resultsStore, output, workers, stdout, stderr);
        var folder = output?.FullName ?? Path.Combine("out", scenario.Name);
        var stopwatch = Stopwatch.StartNew();
        RunResults results;
        try
        {
            results = progress ? RunWithProgress(scenario, workers, stderr, createEngine) : Simulator.Run(scenario, workers, createEngine: createEngine);
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine(e.Message);
            return BadScenario;
        }
        catch (SimulationFailure e)
        {
            stderr.WriteLine($"ballast simulate: the run stopped: {e.Message}");
            return Failed;
        }
        double seconds = stopwatch.Elapsed.TotalSeconds;
        OutputFiles files;
        try
        {
            files = OutputFolder.Write(folder, results);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"ballast simulate: cannot write the results to {folder}: {e.Message}");
            return CannotWrite;
        }
        PrintSummary(results, files, seconds, workers, stdout);
        return Ok;
    }

    private static RunResults RunWithProgress(Scenario scenario, int workers, TextWriter stderr,
        Func<Ballast.Core.Blocks.EngineOptions, Ballast.Core.Blocks.Engine>? createEngine)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        RunResults? results = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{scenario.Name}: 0/{scenario.Paths} paths", maxValue: scenario.HorizonBlocks * (double)scenario.Paths);
                MonteCarlo? run = null;
                var worker = Task.Run(() => results = Simulator.Run(scenario, workers, m => run = m, createEngine));
                var clock = Stopwatch.StartNew();
                while (!worker.Wait(200))
                {
                    if (run is null) continue;
                    double blocks = run.BlocksDone;
                    task.Value = blocks;
                    task.Description = $"{scenario.Name}: {run.PathsDone}/{scenario.Paths} paths, {blocks / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0} blocks/s";
                }
                worker.GetAwaiter().GetResult();
                task.Value = task.MaxValue;
            });
        return results!;
    }

    private static void PrintSummary(RunResults results, OutputFiles files, double seconds, int workers, TextWriter stdout)
    {
        var console = ReferenceEquals(stdout, Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var s = results.Scenario;
        var table = new Table().Title($"{Markup.Escape(s.Name)}: {s.Paths} paths × {s.HorizonBlocks:N0} blocks").AddColumn("figure").AddColumn(new TableColumn("estimate").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned());
        foreach (var (name, e) in Headline.Figures(results.Summary))
            table.AddRow(Markup.Escape(name), Format(e.Value), double.IsNaN(e.Low) ? "" : $"[[{Format(e.Low)}, {Format(e.High)}]]");
        console.Write(table);
        long blocks = s.HorizonBlocks * s.Paths;
        console.WriteLine($"{blocks:N0} blocks in {seconds:0.00} s on {workers} thread(s): {blocks / Math.Max(seconds, 1e-9):N0} blocks/s, {seconds / s.Paths:0.000} s per path");
        if (results.Rejections.Count > 0)
            console.WriteLine("most refused: " + string.Join("; ", results.Rejections.Take(3).Select(r => $"{r.Kind} ×{r.Count:N0}")));
        console.WriteLine($"results hash {results.Hash}");
        console.WriteLine($"results:  {files.Database} (also outcomes and series as .csv and .parquet, {Path.GetFileName(files.SummaryJson)})");
        console.WriteLine($"report:   {files.Report}");
    }

    private static string Format(double x)
    {
        if (double.IsNaN(x)) return "–";
        double a = Math.Abs(x);
        return a != 0 && (a < 1e-3 || a >= 1e9) ? x.ToString("0.###e+0", CultureInfo.InvariantCulture) : x.ToString(a < 1 ? "0.######" : "N2", CultureInfo.InvariantCulture);
    }
}
