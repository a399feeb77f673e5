using System.CommandLine;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Scripting;
using Ballast.Core.Serialization;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast exec SCRIPT</c>: applies a script of transactions to a fresh engine and prints events, rejections
/// and the final state as JSON. Exit codes: 0 ran (rejections are output, not failures), 1 cannot read the file,
/// 2 malformed script (the message names the line), 3 an engine invariant broke (a bug: please report it).
/// </summary>
internal static class ExecCommand
{
    public const int Ok = 0, CannotRead = 1, Malformed = 2, InvariantBroken = 3;

    public static Command Build()
    {
        var script = new Argument<FileInfo>("script") { Description = "Script file (JSON): genesis transactions and steps; see examples/README.md" };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the JSON report to this file instead of standard output" };
        var noEvents = new Option<bool>("--no-events") { Description = "Leave the event list out of the report" };
        var command = new Command("exec", "Apply a script of transactions to a fresh engine and print events, rejections and the final state as JSON")
        {
            script, output, noEvents,
        };
        command.SetAction(parse => Run(parse.GetValue(script)!, parse.GetValue(output), parse.GetValue(noEvents), Console.Out, Console.Error));
        return command;
    }

    public static int Run(FileInfo script, FileInfo? output, bool noEvents, TextWriter stdout, TextWriter stderr)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(script.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ballast exec: cannot read {script}: {e.Message}");
            return CannotRead;
        }

        ExecReport report;
        var progress = Console.IsErrorRedirected ? null : new ProgressLine(stderr);
        try
        {
            report = ScriptRunner.Run(bytes, Engines.Create, progress is null ? null : progress.Report);
        }
        catch (TransactionFormatException e)
        {
            progress?.Clear();
            stderr.WriteLine($"{script}:{e.Line}: {e.Problem}");
            return Malformed;
        }
        catch (InvariantViolationException e)
        {
            progress?.Clear();
            stderr.WriteLine($"ballast exec: engine invariant broken (a bug in Ballast): {e.Message}");
            return InvariantBroken;
        }
        progress?.Clear();

        if (noEvents) report = report with { Events = [] };
        var json = JsonSerializer.Serialize(report, ReportJson.Options);
        if (output is null) stdout.WriteLine(json);
        else File.WriteAllText(output.FullName, json + "\n");
        return Ok;
    }
}
