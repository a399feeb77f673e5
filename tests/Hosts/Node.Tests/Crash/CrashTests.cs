using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Ballast.Cli;
using Ballast.Node.Chain;
using Ballast.Node.Signing;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Crash;

/// <summary>
/// A load generator submits signed transactions while the node process is killed with SIGKILL at a random moment;
/// after each kill the log is replayed in this process (every stored block's hash checked at the end), the node is
/// restarted on the same data folder, and every transaction it had acknowledged must be there, with the state hash
/// of the fresh replay. <c>BALLAST_CRASH_TRIALS=100</c> runs the long version (docs/node.md).
/// </summary>
public sealed class CrashTests
{
    private static int Trials => int.TryParse(Environment.GetEnvironmentVariable("BALLAST_CRASH_TRIALS"), out var n) && n > 0 ? n : 20;

    [Fact]
    public async Task Every_acknowledged_transaction_survives_SIGKILL_and_the_restarted_state_equals_a_fresh_replay()
    {
        using var place = Stores.Create("sqlite");
        var folder = place.Options.DataFolder;
        var random = new Random(42);
        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        int killedWithLoad = 0, acknowledgedBefore = 0, fromSnapshot = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            using var node = await NodeProcess.Start("--data", folder, "--automine", "--rate-limit", "0", "--snapshot-every", "9");
            using var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
            if (trial > 0 && await CheckAfterRestart(http, folder, acknowledged)) fromSnapshot++;

            using var stop = new CancellationTokenSource();
            var chainId = "ballast-dev";
            var senders = Enumerable.Range(0, 10).Select(i => $"dev{i}").ToArray();
            var load = senders.Select(sender => Task.Run(async () =>
            {
                string text;
                try
                {
                    text = await http.GetStringAsync($"/api/accounts/{sender}/nonce");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return; // killed before this sender started
                }
                ulong nonce = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("nonce").GetUInt64();
                var local = new Random(sender.GetHashCode(StringComparison.Ordinal) ^ trial);
                while (!stop.IsCancellationRequested)
                {
                    var body = DevSigner.Transfer(chainId, sender, nonce, senders[local.Next(senders.Length)], $"{local.Next(1, 1000)} TAO");
                    HttpResponseMessage response;
                    try
                    {
                        response = await http.PostAsync("/api/transactions", new StringContent(body, Encoding.UTF8, "application/json"));
                    }
                    catch (HttpRequestException)
                    {
                        return; // the node is gone: this transaction was never acknowledged
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                    using (response)
                    {
                        // 200 (applied) and 422 (rejected by the engine) are both acknowledgements of an included transaction.
                        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity))
                            throw new InvalidOperationException($"{sender} nonce {nonce}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        var receipt = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        acknowledged[receipt.GetProperty("hash").GetString()!] = true;
                    }
                    nonce++;
                }
            })).ToList();

            // The kill comes at a random moment once this trial's load is flowing (its first acknowledgement), so a
            // busy machine's slow start does not turn trials into kills of an idle node.
            var flowing = System.Diagnostics.Stopwatch.StartNew();
            while (acknowledged.Count == acknowledgedBefore && flowing.Elapsed < TimeSpan.FromSeconds(20) && !load.All(t => t.IsCompleted)) await Task.Delay(5);
            await Task.Delay(random.Next(0, 350));
            node.Kill();
            stop.Cancel();
            await Task.WhenAll(load);
            if (acknowledged.Count > acknowledgedBefore) killedWithLoad++;
            acknowledgedBefore = acknowledged.Count;
        }
        // One last restart checks the final kill too.
        using (var last = await NodeProcess.Start("--data", folder, "--automine", "--rate-limit", "0", "--snapshot-every", "9"))
        using (var http = new HttpClient { BaseAddress = last.Address })
            await CheckAfterRestart(http, folder, acknowledged);
        // Killed under load, not between idle restarts: most trials had acknowledged transactions when the kill came.
        acknowledged.Count.ShouldBeGreaterThan(Trials, "the load generator's transactions must have been acknowledged");
        killedWithLoad.ShouldBeGreaterThan(Trials / 2);
        fromSnapshot.ShouldBeGreaterThan(Trials / 2, "most restarts load a stored snapshot and replay only the blocks after it");
    }

    /// <summary>
    /// Every acknowledged transaction has a receipt in a fresh replay, and the restarted node (which started from a
    /// snapshot) serves it too, in blocks before its snapshot as well as after; the node's state hash is the replay's.
    /// </summary>
    private static async Task<bool> CheckAfterRestart(HttpClient http, string folder, ConcurrentDictionary<string, bool> acknowledged)
    {
        var chain = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/chain")).RootElement;
        var nodeHash = chain.GetProperty("stateHash").GetString();
        var nodeHeight = chain.GetProperty("height").GetInt64();
        // The node restarts from its latest stored snapshot (one every 9 blocks) and replays the rest; it serves the
        // receipts of the blocks after that snapshot from the replay, and those before it from the log.
        long restoredFrom = chain.GetProperty("restoredFromSnapshot") is { ValueKind: System.Text.Json.JsonValueKind.Number } r ? r.GetInt64() : -1;
        // A fresh replay of the whole log, in this process (SQLite lets a second reader in while the node runs idle).
        var before = new List<string>();
        var after = new List<string>();
        using (var replay = NodeChain.Open(NodeHost.OpenStore(new NodeOptions { DataFolder = folder }), KeyRing.Development(),
                   new Ballast.Node.Storage.ChainIdentity("ballast-dev", NodeHost.DevelopmentGenesis(), true), Engines.Create, genesisGiven: false,
                   new ChainSettings { FullReplay = true }))
        {
            replay.Height.ShouldBe(nodeHeight);
            replay.StateHash().ShouldBe(nodeHash);
            foreach (var hash in acknowledged.Keys)
            {
                var receipt = replay.ReceiptOf(hash).ShouldNotBeNull($"acknowledged transaction {hash} is missing after the restart");
                (receipt.Block > restoredFrom ? after : before).Add(hash);
            }
        }
        foreach (var hash in before.Take(25).Concat(after.Take(25)))
        {
            using var response = await http.GetAsync($"/api/transactions/{hash}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"the restarted node does not serve the receipt of acknowledged transaction {hash}");
            System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("hash").GetString().ShouldBe(hash);
        }
        return restoredFrom >= 0;
    }
}
