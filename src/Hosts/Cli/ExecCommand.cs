using System.CommandLine;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Scripting;
using Ballast.Core.Serialization;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast exec SCRIPT</c>: applies a script of transactions to a fresh engine and prints events, rejections
/// and the final state as JSON. Exit codes: 0 ran (rejections are output, not failures), 1 a file cannot be read
/// (or the report cannot be written), 2 bad input (<c>FILE:LINE: problem</c>), 3 an engine invariant broke or
/// Ballast failed in a way no input should reach (a bug: please report it).
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
        var progress = Console.IsErrorRedirected ? null : new ProgressLine(stderr);
        return Execute(script.ToString(), bytes, output, noEvents, stdout, stderr, Engines.Create, progress);
    }

    /// <summary>
    /// Everything <c>exec</c> does after reading the file: runs the script's bytes on an engine from
    /// <paramref name="createEngine"/> and prints the report or the problem. <paramref name="name"/> is the file
    /// as the user wrote it, the prefix of <c>FILE:LINE: problem</c>.
    /// </summary>
    internal static int Execute(string name, ReadOnlyMemory<byte> bytes, FileInfo? output, bool noEvents, TextWriter stdout, TextWriter stderr,
        Func<EngineOptions, Engine> createEngine, ProgressLine? progress = null)
    {
        string json;
        try
        {
            var report = ScriptRunner.Run(bytes, createEngine, progress is null ? null : progress.Report);
            if (noEvents) report = report with { Events = [] };
            json = JsonSerializer.Serialize(report, ReportJson.Options);
        }
        catch (TransactionFormatException e)
        {
            progress?.Clear();
            stderr.WriteLine($"{name}:{e.Line}: {e.Problem}");
            return Malformed;
        }
        catch (InvariantViolationException e)
        {
            progress?.Clear();
            stderr.WriteLine($"ballast exec: engine invariant broken (a bug in Ballast): {ScriptText.Clean(e.Message)}");
            return InvariantBroken;
        }
        catch (Exception e)
        {
            // No input should get here: format errors and broken invariants are caught above. Whatever does is a bug,
            // reported as one rather than as a crash with a stack trace.
            progress?.Clear();
            stderr.WriteLine($"ballast exec: internal error (a bug in Ballast, please report it with the script): {e.GetType().Name}: {ScriptText.Clean(e.Message)}");
            return InvariantBroken;
        }
        progress?.Clear();

        if (output is null)
        {
            stdout.WriteLine(json);
            return Ok;
        }
        try
        {
            File.WriteAllText(output.FullName, json + "\n");
            return Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ballast exec: cannot write {output}: {e.Message}");
            return CannotRead;
        }
    }
}
