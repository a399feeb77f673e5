using System.Net;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Storage;

/// <summary>The log is the state: a restarted node replays to the same hash, with the same receipts and nonces.</summary>
public sealed class RestartTests
{
    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task A_restarted_node_replays_its_log_to_the_same_state_hash_receipts_and_nonces(string kind)
    {
        using var place = Stores.Create(kind);
        string hash, receipt;
        long height;
        var random = new Random(13);
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
        {
            var hashes = new List<string>();
            for (int i = 0; i < 30; i++)
            {
                var from = $"dev{random.Next(10)}";
                var nonce = node.Host.Chain.NextNonce(from);
                using var r = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, from, nonce, $"dev{random.Next(10)}", $"{random.Next(1, 500)} TAO"));
                r.StatusCode.ShouldBe(HttpStatusCode.OK);
                hashes.Add((await node.Json(r)).GetProperty("hash").GetString()!);
            }
            // A perps position and a margin position too, so replay covers module state, not only the ledger.
            (await node.Post("/api/transactions", DevSigner.Body(node.ChainId, "dev2", node.Host.Chain.NextNonce("dev2"),
                new { type = "perps.open", market = "TAO-USD", side = "long", margin = "10 TAO", leverage = "20" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.Post("/api/transactions", DevSigner.Body(node.ChainId, "dev3", node.Host.Chain.NextNonce("dev3"),
                new { type = "margin.open", netuid = 3, collateral = "10 TAO", leverage = "2", maxSlippageBps = 500 }))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.Post("/dev/mine?blocks=5", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            hash = await node.StateHash();
            height = node.Host.Chain.Height;
            receipt = (await node.Get($"/api/transactions/{hashes[7]}")).ToString();
        }
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
        {
            node.Host.Chain.Height.ShouldBe(height);
            (await node.StateHash()).ShouldBe(hash);
            var again = (await node.Get($"/api/transactions/{System.Text.Json.JsonDocument.Parse(receipt).RootElement.GetProperty("hash").GetString()}")).ToString();
            again.ShouldBe(receipt);
            // The nonces continue where they were: the next transfer of dev2 takes its next nonce, not 0.
            var next = node.Host.Chain.NextNonce("dev2");
            next.ShouldBeGreaterThan(0UL);
            using var r = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev2", next, "dev1", "1 TAO"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_store_that_holds_another_genesis_is_refused_when_a_genesis_is_given()
    {
        using var place = Stores.Create("sqlite");
        await using (await TestNode.Start(TestNode.Automine(place.Options))) { }
        var other = Path.Combine(Path.GetTempPath(), $"ballast-other-genesis-{Guid.NewGuid():N}.json");
        File.WriteAllText(other, """{"genesis": [{"type": "ledger.genesisAccount", "name": "solo", "balances": {}}], "steps": []}""");
        try
        {
            var e = Should.Throw<InvalidOperationException>(() => NodeHost.Create(place.Options with { GenesisFile = other, Port = 0 }, Cli.Engines.Create));
            e.Message.ShouldContain("another genesis");
        }
        finally
        {
            File.Delete(other);
        }
    }

    [Fact]
    public async Task A_log_whose_state_hash_differs_from_its_replay_is_refused_at_start()
    {
        using var place = Stores.Create("sqlite");
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
            (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "1 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var store = place.Open())
        {
            var block = store.ReadBlocks(0).Last();
            store.TruncateAfter(block.Height - 1);
            store.Append([block with { StateHash = new string('0', 64) }]);
        }
        var e = Should.Throw<InvalidDataException>(() => NodeHost.Create(TestNode.Automine(place.Options) with { Port = 0 }, Cli.Engines.Create));
        e.Message.ShouldContain("replay diverged");
    }
}
