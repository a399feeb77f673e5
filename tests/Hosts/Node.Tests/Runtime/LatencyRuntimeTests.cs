using System.Net.Http.Json;
using System.Text.Json;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Runtime;

/// <summary>
/// <c>ballast node</c> runs with a small gen-0 budget for the garbage collector (the runtime reads it only from the
/// environment at start, so the CLI re-executes itself once with it set, keeping its process id and arguments): the
/// node's own environment shows it, and the node works as started.
/// </summary>
public sealed class LatencyRuntimeTests
{
    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    [Fact]
    public async Task The_node_process_runs_with_the_small_gen0_budget_and_answers_as_started()
    {
        if (!OperatingSystem.IsLinux()) return; // the re-execution is Linux's only (elsewhere the node runs as started)
        var folder = Path.Combine(Path.GetTempPath(), "ballast-node-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var node = await NodeProcess.Start("--data", folder, "--automine", "--chain-id", "gen0-check");
            var environment = EnvironmentOf(node.ProcessId);
            environment.GetValueOrDefault("DOTNET_GCgen0size").ShouldBe("0x400000");
            environment.GetValueOrDefault("BALLAST_GC_DEFAULTS").ShouldBe("applied");
            // The arguments survived the re-execution: the chain id given is the chain id served.
            using var http = new HttpClient { BaseAddress = node.Address };
            var chain = await http.GetFromJsonAsync<JsonElement>("/api/chain");
            chain.GetProperty("chainId").GetString().ShouldBe("gen0-check");
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
