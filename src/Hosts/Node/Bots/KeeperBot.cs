using System.Net;
using System.Text.Json.Nodes;

namespace Ballast.Node.Bots;

/// <summary>
/// <c>ballast keeper</c>: runs the modules' keepers as an external bot would. Every block it asks the node what each
/// keeper would send as the bot's account (<c>GET /api/keepers/{name}/proposals</c>), signs those transactions with
/// its own key and submits them in nonce order. The keepers' logic stays in the modules; the key never leaves the bot.
/// </summary>
public static class KeeperBot
{
    /// <summary>One round: proposals of every keeper for the current state, signed and submitted. Returns how many were sent.</summary>
    public static async Task<int> Round(NodeClient node, BotKey key, IReadOnlyList<string> keepers, TextWriter log, CancellationToken cancel)
    {
        var (chainId, height) = await node.Chain(cancel);
        int sent = 0;
        ulong nonce = await node.Nonce(key.Account, cancel);
        foreach (var keeper in keepers)
        {
            foreach (var proposal in await node.Proposals(keeper, key.Account, cancel))
            {
                var tx = proposal!.AsObject();
                var (status, answer) = await node.Submit(chainId, key, nonce, (JsonObject)tx.DeepClone(), wait: false, cancel);
                if (status is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity)
                {
                    nonce++;
                    sent++;
                    log.WriteLine($"block {height}: {keeper} → {tx["type"]} ({status})");
                }
                else
                {
                    log.WriteLine($"block {height}: {keeper} → {tx["type"]} refused: {answer.GetProperty("code").GetString()}: {answer.GetProperty("detail").GetString()}");
                    nonce = await node.Nonce(key.Account, cancel);
                }
            }
        }
        return sent;
    }

    public static async Task Run(NodeClient node, BotKey key, IReadOnlyList<string>? keepers, TextWriter log, CancellationToken cancel)
    {
        var names = keepers is { Count: > 0 } ? keepers : await node.Keepers(cancel);
        log.WriteLine($"keeper bot as {key.Account}: {string.Join(", ", names)}");
        var (_, height) = await node.Chain(cancel);
        while (!cancel.IsCancellationRequested)
        {
            await Round(node, key, names, log, cancel);
            height = await node.NextBlock(height, TimeSpan.FromMilliseconds(250), cancel);
        }
    }
}
