using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ballast.Node.Tests.Support;

/// <summary>
/// <c>ballast node</c> as its own process (the CLI's <c>ballast.dll</c> beside the tests), so a test can kill it with
/// SIGKILL as a power cut or an OOM killer would.
/// </summary>
public sealed partial class NodeProcess : IDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The node's process id (the same after the CLI re-executes itself with its runtime settings).</summary>
    public int ProcessId => _process.Id;

    public static async Task<NodeProcess> Start(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ballast.dll"));
        info.ArgumentList.Add("node");
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(timeout.Token);
                throw new InvalidOperationException($"ballast node exited with {process.ExitCode} before listening: {await errors}");
            }
            if (Listening().Match(line) is { Success: true } m)
            {
                // Keep draining the output so the node never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return new NodeProcess(process, new Uri(m.Groups[1].Value));
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed that was not already durable.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [GeneratedRegex(@"^Listening on (http://\S+?/) ")]
    private static partial Regex Listening();
}
