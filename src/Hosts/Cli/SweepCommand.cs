using System.CommandLine;
using System.Globalization;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Sweeps;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast sweep SCENARIO</c>: runs the scenario at every point of its <c>sweep</c> grid and writes sweep.csv,
/// sweep.sqlite and sweep.html (heatmaps); with <c>--optimise OBJECTIVE</c> it recommends the point that maximises the
/// objective within the risk limits (<c>--max-ruin</c>, <c>--max-var99</c>, <c>--limit figure=max</c>) and says which
/// limit binds. Exit codes as <c>simulate</c>: 0, 1 cannot write, 2 bad scenario or option, 3 the run stopped.
/// </summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "Scenario file with a sweep grid (sweep: {module.Parameter: [values]})" };
        var paths = new Option<int?>("--paths", "-n") { Description = "Monte Carlo paths per point (overrides the scenario's)" };
        var threads = new Option<int?>("--threads", "-j") { Description = "Worker threads (default: every core)" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder (default: out/SCENARIO-NAME-sweep)" };
        var optimise = new Option<string?>("--optimise") { Description = $"Figure to maximise (one of {string.Join(", ", SweepPoint.FigureNames)}; lpYield for an LP-yield recommendation)" };
        var maxRuin = new Option<double?>("--max-ruin") { Description = "Limit: probability of ruin at most this (e.g. 0.01)" };
        var maxVar = new Option<double?>("--max-var99") { Description = "Limit: VaR99 of losses at most this many TAO" };
        var limits = new Option<string[]>("--limit") { Description = "Further limits: figure=max (repeatable), e.g. es99=500", AllowMultipleArgumentsPerToken = true };
        var shard = ShardCommands.ShardOption();
        var results = ShardCommands.ResultsOption();
        var command = new Command("sweep", "Run a scenario over its parameter grid; optionally recommend the point that maximises an objective within risk limits")
        {
            scenario, paths, threads, output, optimise, maxRuin, maxVar, limits, shard, results,
        };
        command.SetAction(parse => Run(parse.GetValue(scenario)!, parse.GetValue(paths), parse.GetValue(threads), parse.GetValue(output), parse.GetValue(optimise),
            parse.GetValue(maxRuin), parse.GetValue(maxVar), parse.GetValue(limits) ?? [], Console.Out, Console.Error, parse.GetValue(shard), parse.GetValue(results)));
        return command;
    }

    public static int Run(FileInfo file, int? paths, int? threads, DirectoryInfo? output, string? objective, double? maxRuin, double? maxVar99, string[] limitTexts,
        TextWriter stdout, TextWriter stderr, string? shard = null, string? results = null)
    {
        var limits = new List<RiskLimit>();
        if (maxRuin is { } r) limits.Add(new RiskLimit("ruin", r));
        if (maxVar99 is { } v) limits.Add(new RiskLimit("var99", v));
        foreach (var text in limitTexts)
        {
            var parts = text.Split('=');
            if (parts.Length != 2 || !SweepPoint.FigureNames.Contains(parts[0]) || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max))
            {
                stderr.WriteLine($"ballast sweep: --limit {text}: expected figure=max with a figure among {string.Join(", ", SweepPoint.FigureNames)}");
                return SimulateCommand.BadScenario;
            }
            limits.Add(new RiskLimit(parts[0], max));
        }
        if (objective is not null && !SweepPoint.FigureNames.Contains(objective))
        {
            stderr.WriteLine($"ballast sweep: --optimise {objective}: expected one of {string.Join(", ", SweepPoint.FigureNames)}");
            return SimulateCommand.BadScenario;
        }
        Scenario s;
        try
        {
            s = ScenarioLoader.LoadFile(file.ToString(), paths);
            if (s.Sweep.IsDefaultOrEmpty) throw new ScenarioException(file.ToString(), 1, "sweep: the scenario has no sweep grid (sweep: {module.Parameter: [values], …})");
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine(e.Message);
            return SimulateCommand.BadScenario;
        }
        int workers = Math.Max(1, threads ?? Environment.ProcessorCount);
        // A shard writes its grid points to the store, with the options, so 'ballast merge' recommends as this run would.
        if (shard is not null || results is not null)
            return ShardCommands.SweepShard(s, shard, results, output, workers, new Ballast.Simulation.Sharding.SweepOptions(objective, limits), stdout, stderr);
        IReadOnlyList<SweepPoint> points;
        try
        {
            points = SweepRunner.Run(s, workers, (i, n) => stderr.WriteLine($"  point {i + 1}/{n}"));
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine(e.Message);
            return SimulateCommand.BadScenario;
        }
        catch (SimulationFailure e)
        {
            stderr.WriteLine($"ballast sweep: the run stopped: {e.Message}");
            return SimulateCommand.Failed;
        }
        var recommendation = objective is null ? null : Optimiser.Recommend(points, objective, limits);
        var folder = output?.FullName ?? Path.Combine("out", s.Name + "-sweep");
        SweepFiles files;
        try
        {
            files = SweepOutput.Write(folder, s, points, recommendation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"ballast sweep: cannot write the results to {folder}: {e.Message}");
            return SimulateCommand.CannotWrite;
        }
        var axes = s.Sweep.Select(a => $"{a.Module}.{a.Parameter}").ToList();
        stdout.WriteLine($"{s.Name}: {points.Count} points × {s.Paths} paths × {s.HorizonBlocks:N0} blocks");
        stdout.WriteLine(string.Join("  ", axes.Concat(["ruin", "var99", "lpYield", "lossTao"])));
        foreach (var p in points)
            stdout.WriteLine(string.Join("  ", p.Values.Concat(new[] { "ruin", "var99", "lpYield", "lossTao" }.Select(f => p.Figure(f).ToString("G5", CultureInfo.InvariantCulture))))
                + (recommendation?.Best?.Index == p.Index ? "   ← recommended" : ""));
        if (recommendation is not null)
            stdout.WriteLine(recommendation.Best is null ? $"no recommendation: {recommendation.Explanation}"
                : $"recommended: {string.Join(", ", axes.Select((a, i) => $"{a} = {recommendation.Best.Values[i]}"))}; {recommendation.Explanation}");
        stdout.WriteLine($"results:  {files.Csv}, {files.Database}");
        stdout.WriteLine($"report:   {files.Report}");
        return SimulateCommand.Ok;
    }
}
