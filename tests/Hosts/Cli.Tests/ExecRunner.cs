using System.Text.Json;
using Ballast.Core.Blocks;

namespace Ballast.Cli.Tests;

/// <summary>Runs <c>ballast exec</c> in-process and captures what it prints.</summary>
internal static class ExecRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public static Outcome RunFile(string path, bool noEvents = false)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ExecCommand.Run(new FileInfo(path), null, noEvents, stdout, stderr);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    public static Outcome RunText(string script)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ballast-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, script);
        try { return RunFile(path); }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// A script's bytes through everything <c>exec</c> does after reading the file (no temporary file), on
    /// <paramref name="createEngine"/>'s engine (default: the one <c>exec</c> builds).
    /// </summary>
    public static Outcome RunBytes(string name, byte[] script, Func<EngineOptions, Engine>? createEngine = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ExecCommand.Execute(name, script, null, noEvents: true, stdout, stderr, createEngine ?? Engines.Create);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);
}
