using System.Net;
using System.Text.Json;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>
/// The node keeps the latest blocks in memory, not its whole history (automining under load it made close to a
/// thousand blocks a second, each kept with its transactions' hashes): past <see cref="ChainSettings.BlocksInMemory"/>
/// the oldest leave memory, and the block endpoints read them from the log. What a client sees does not change: every
/// block from the first to the last, the same answer from a node that keeps them all, before and after a restart.
/// </summary>
public sealed class BlockWindowTests
{
    private static NodeOptions Keeping(NodeOptions place, int blocks) =>
        TestNode.Automine(place) with { Chain = new ChainSettings { BlocksInMemory = blocks, SnapshotEveryBlocks = 7 } };

    private static async Task<string> AllBlocks(TestNode node)
    {
        long first = node.Host.Chain.SetupHeight;
        var page = await node.Get($"/api/blocks?from={first}&limit=1000");
        page.GetArrayLength().ShouldBe((int)(node.Host.Chain.Height - first + 1));
        for (int i = 0; i < page.GetArrayLength(); i++) page[i].GetProperty("height").GetInt64().ShouldBe(first + i);
        return page.ToString();
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task Blocks_older_than_the_window_are_served_from_the_log_as_they_were_from_memory(string kind)
    {
        using var place = Stores.Create(kind);
        const int keep = 6;
        var receipts = new List<(string Hash, long Block)>();
        string everything, page;
        await using (var node = await TestNode.Start(Keeping(place.Options, keep)))
        {
            for (int i = 0; i < 30; i++)
            {
                var receipt = await node.Json(await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", (ulong)i, $"dev{2 + i % 3}", $"{i + 1} TAO")));
                receipts.Add((receipt.GetProperty("hash").GetString()!, receipt.GetProperty("block").GetInt64()));
                if (i % 5 == 4) (await node.Post("/dev/mine?blocks=2", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            node.Host.Chain.BlocksHeld.ShouldBeInRange(keep, keep + keep / 4);
            (node.Host.Chain.Height - node.Host.Chain.SetupHeight).ShouldBeGreaterThan(3 * keep);
            everything = await AllBlocks(node);
            // Each transaction is in the block its receipt names, old or recent.
            foreach (var (hash, block) in receipts)
                (await node.Get($"/api/blocks/{block}")).GetProperty("transactions").EnumerateArray().Select(t => t.GetString()).ShouldContain(hash);
            // A page that starts in the log and ends in memory, and one block on its own.
            page = (await node.Get($"/api/blocks?from={node.Host.Chain.Height - keep - 3}&limit=5")).ToString();
            using (var missing = await node.Http.GetAsync($"/api/blocks/{node.Host.Chain.Height + 1}")) missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            using (var before = await node.Http.GetAsync($"/api/blocks/{node.Host.Chain.SetupHeight - 1}")) before.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        // The same chain served by a node that keeps every block in memory: the same answers.
        await using (var node = await TestNode.Start(Keeping(place.Options, 100_000) with { Chain = new ChainSettings { FullReplay = true } }))
        {
            (await AllBlocks(node)).ShouldBe(everything);
            (await node.Get($"/api/blocks?from={node.Host.Chain.Height - keep - 3}&limit=5")).ToString().ShouldBe(page);
        }
        // And after a restart from a snapshot with the small window.
        await using (var node = await TestNode.Start(Keeping(place.Options, keep)))
        {
            node.Host.Chain.RestoredFromSnapshot.ShouldNotBeNull();
            node.Host.Chain.BlocksHeld.ShouldBeLessThanOrEqualTo(keep + keep / 4);
            (await AllBlocks(node)).ShouldBe(everything);
        }
        JsonDocument.Parse(everything).RootElement.EnumerateArray().Sum(b => b.GetProperty("transactions").GetArrayLength()).ShouldBe(receipts.Count);
    }
}
