using System.Text.Json;

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

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);
}
