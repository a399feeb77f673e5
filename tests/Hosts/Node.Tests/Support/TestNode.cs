using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ballast.Cli;
using Ballast.Node.Chain;

namespace Ballast.Node.Tests.Support;

/// <summary>A node in this process on a free loopback port, spoken to over real HTTP.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(NodeHost host, HttpClient http)
    {
        Host = host;
        Http = http;
    }

    public NodeHost Host { get; }
    public HttpClient Http { get; }
    public string ChainId => Host.Chain.ChainId;

    public static Task<TestNode> Start(NodeOptions options) => Start(options, null);

    /// <summary>A node whose new chain starts from <paramref name="genesisState"/> (state-file bytes) when given.</summary>
    public static async Task<TestNode> Start(NodeOptions options, byte[]? genesisState)
    {
        var host = NodeHost.Create(options with { Port = 0, Banner = false }, Engines.Create, XmlDocs.Summary, genesisState);
        await host.StartAsync();
        return new TestNode(host, new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) });
    }

    public static NodeOptions Automine(NodeOptions place) => place with { Mining = MiningMode.Automine, RequestsPerSecondPerClient = 0 };

    public Task<HttpResponseMessage> Post(string path, string body) =>
        Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    public async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async Task<JsonElement> Get(string path)
    {
        using var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await Json(response);
    }

    public async Task<string> Balance(string account, string token = "TAO")
    {
        using var response = await Post("/api/queries/ledger.balance", JsonSerializer.Serialize(new { account, token }));
        response.EnsureSuccessStatusCode();
        return (await Json(response)).GetProperty("balance").GetString()!;
    }

    public async Task<string> StateHash() => (await Get("/api/chain")).GetProperty("stateHash").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
