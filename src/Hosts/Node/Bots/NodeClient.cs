using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ballast.Node.Signing;

namespace Ballast.Node.Bots;

/// <summary>What the bots need of the API: the chain, a nonce, signing and submitting a transaction, proposals.</summary>
public sealed class NodeClient(HttpClient http)
{
    public async Task<(string ChainId, long Height)> Chain(CancellationToken cancel)
    {
        var chain = JsonDocument.Parse(await http.GetStringAsync("/api/chain", cancel)).RootElement;
        return (chain.GetProperty("chainId").GetString()!, chain.GetProperty("height").GetInt64());
    }

    public async Task<ulong> Nonce(string account, CancellationToken cancel) =>
        JsonDocument.Parse(await http.GetStringAsync($"/api/accounts/{Uri.EscapeDataString(account)}/nonce", cancel)).RootElement.GetProperty("nonce").GetUInt64();

    /// <summary>Signs <paramref name="transaction"/> (sender and nonce set here) and submits it; returns the status and the answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Answer)> Submit(string chainId, BotKey key, ulong nonce, JsonObject transaction, bool wait, CancellationToken cancel)
    {
        transaction["sender"] = key.Account;
        transaction["nonce"] = nonce;
        var signed = new JsonObject { ["chainId"] = chainId, ["transaction"] = transaction }.ToJsonString();
        var signature = Convert.ToBase64String(KeyRing.Sign(key.Key, Encoding.UTF8.GetBytes(signed)));
        var body = JsonSerializer.Serialize(new { signed, signature });
        using var response = await http.PostAsync($"/api/transactions?wait={(wait ? "true" : "false")}", new StringContent(body, Encoding.UTF8, "application/json"), cancel);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement.Clone());
    }

    public async Task<IReadOnlyList<string>> Keepers(CancellationToken cancel) =>
        JsonSerializer.Deserialize<List<string>>(await http.GetStringAsync("/api/keepers", cancel))!;

    public async Task<JsonArray> Proposals(string keeper, string account, CancellationToken cancel) =>
        JsonNode.Parse(await http.GetStringAsync($"/api/keepers/{Uri.EscapeDataString(keeper)}/proposals?account={Uri.EscapeDataString(account)}", cancel))!.AsArray();

    /// <summary>Waits until the chain is past <paramref name="height"/> (polling; a bot at block pace needs no more).</summary>
    public async Task<long> NextBlock(long height, TimeSpan poll, CancellationToken cancel)
    {
        while (true)
        {
            var (_, now) = await Chain(cancel);
            if (now > height) return now;
            await Task.Delay(poll, cancel);
        }
    }
}
