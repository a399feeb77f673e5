using System.Diagnostics;

namespace Ballast.Simulation.Tests.Support;

/// <summary>python3 on the PATH, for tests that compare with CPython itself when it is there (and skip when it is not).</summary>
internal static class Python3
{
    private static readonly Lazy<bool> Present = new(() =>
    {
        try
        {
            return Run(["-c", "import random, struct, decimal"]).Length >= 0;
        }
        catch (Exception)
        {
            return false;
        }
    });

    public static bool Available => Present.Value;

    /// <summary>Runs python3 with <paramref name="arguments"/> from the repository root; its standard output, or an exception naming its error.</summary>
    public static string Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python3 exited with {process.ExitCode}: {error.Result}");
        return output;
    }
}

/// <summary>A fact that runs only where python3 is on the PATH (skipped, with the reason, elsewhere).</summary>
internal sealed class Python3FactAttribute : FactAttribute
{
    public Python3FactAttribute()
    {
        if (!Python3.Available) Skip = "python3 is not on the PATH: the committed vectors still run (CPythonRandomTests)";
    }
}
