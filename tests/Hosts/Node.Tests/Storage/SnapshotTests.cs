using System.Net;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Storage;

/// <summary>
/// State snapshots in the store: a restart loads the latest and replays the blocks after it, reaching the state hash,
/// height, block list and nonces a replay of the whole log reaches; a damaged snapshot is passed over for a full
/// replay; the development state dump starts another chain at exactly that state.
/// </summary>
public sealed class SnapshotTests
{
    private static NodeOptions Snapshotting(NodeOptions place, bool fullReplay = false) =>
        TestNode.Automine(place) with { Chain = new ChainSettings { SnapshotEveryBlocks = 4, FullReplay = fullReplay } };

    /// <summary>Random transfers, a perps and a margin position, and empty blocks: module state as well as the ledger.</summary>
    private static async Task Traffic(TestNode node, int seed, int transfers)
    {
        var random = new Random(seed);
        for (int i = 0; i < transfers; i++)
        {
            var from = $"dev{random.Next(1, 10)}";
            using var r = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, from, node.Host.Chain.NextNonce(from), $"dev{random.Next(10)}", $"{random.Next(1, 500)} TAO"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            if (i % 7 == 3) (await node.Post($"/dev/mine?blocks={random.Next(1, 4)}", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            // The writer runs at the lowest priority and a due snapshot is skipped while one is written: wait, so a
            // busy machine skips none.
            node.Host.Chain.WaitForSnapshotWrite();
        }
        using (var r = await node.Post("/api/transactions", DevSigner.Body(node.ChainId, "dev2", node.Host.Chain.NextNonce("dev2"),
                   new { type = "perps.open", market = "TAO-USD", side = "long", margin = "10 TAO", leverage = "20" })))
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var r = await node.Post("/api/transactions", DevSigner.Body(node.ChainId, "dev3", node.Host.Chain.NextNonce("dev3"),
                   new { type = "margin.open", netuid = 3, collateral = "10 TAO", leverage = "2", maxSlippageBps = 500 })))
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await node.Post("/dev/mine?blocks=3", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task A_restart_from_the_latest_snapshot_reaches_the_state_of_a_full_replay(string kind)
    {
        using var place = Stores.Create(kind);
        string hash, block;
        long height, snapshotHeight;
        await using (var node = await TestNode.Start(Snapshotting(place.Options)))
        {
            await Traffic(node, 5, 40);
            // A last block after the latest snapshot, so the restart has a tail to replay. (A snapshot falls due every 4
            // blocks, or at the first block after the one before has been written: not always at a multiple of 4.)
            if (node.Host.Chain.LastSnapshotHeight == node.Host.Chain.Height) (await node.Post("/dev/mine", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            hash = await node.StateHash();
            height = node.Host.Chain.Height;
            block = (await node.Get($"/api/blocks/{node.Host.Chain.SetupHeight + 2}")).ToString();
            node.Host.Chain.Stats.Snapshots.ShouldBeGreaterThan(2);
        }
        using (var store = place.Open())
        {
            var latest = store.LatestSnapshot().ShouldNotBeNull();
            snapshotHeight = latest.Height;
            snapshotHeight.ShouldBeLessThan(height);
            store.ReadBlocks(snapshotHeight).Count().ShouldBe((int)(height - snapshotHeight));
        }
        string next;
        await using (var node = await TestNode.Start(Snapshotting(place.Options)))
        {
            node.Host.Chain.RestoredFromSnapshot.ShouldBe(snapshotHeight);
            node.Host.Chain.Height.ShouldBe(height);
            (await node.StateHash()).ShouldBe(hash);
            (await node.Get($"/api/blocks/{node.Host.Chain.SetupHeight + 2}")).ToString().ShouldBe(block, "a block before the snapshot, from the log's headers");
            (await node.Get("/api/chain")).GetProperty("restoredFromSnapshot").GetInt64().ShouldBe(snapshotHeight);
            // The nonces were in the snapshot: a reused one is refused, the next one accepted.
            var nonce = node.Host.Chain.NextNonce("dev2");
            nonce.ShouldBeGreaterThan(0UL);
            using (var reused = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev2", nonce - 1, "dev1", "1 TAO")))
                reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            await Traffic(node, 6, 10);
            next = await node.StateHash();
        }
        await using (var node = await TestNode.Start(Snapshotting(place.Options, fullReplay: true)))
        {
            node.Host.Chain.RestoredFromSnapshot.ShouldBeNull();
            (await node.StateHash()).ShouldBe(next, "a full replay of the log reaches the state the snapshot restart went on to");
        }
        using (var store = place.Open())
            store.ReadBlockHeaders(0, long.MaxValue).Count().ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task A_damaged_snapshot_is_passed_over_for_a_full_replay()
    {
        using var place = Stores.Create("sqlite");
        string hash;
        long height;
        await using (var node = await TestNode.Start(Snapshotting(place.Options)))
        {
            await Traffic(node, 8, 20);
            if (node.Host.Chain.LastSnapshotHeight == node.Host.Chain.Height) (await node.Post("/dev/mine", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            hash = await node.StateHash();
            height = node.Host.Chain.Height;
        }
        using (var store = place.Open())
        {
            // The latest snapshot, damaged, claimed for the last block of the log: a restart must not trust it.
            var latest = store.LatestSnapshot().ShouldNotBeNull();
            latest.Height.ShouldBeLessThan(height);
            var damaged = (byte[])latest.State.Clone();
            damaged[damaged.Length / 2] ^= 0x5a;
            store.WriteSnapshot(latest with { Height = height, State = damaged });
        }
        await using (var node = await TestNode.Start(Snapshotting(place.Options)))
        {
            node.Host.Chain.RestoredFromSnapshot.ShouldBeNull();
            node.Host.Chain.SnapshotError.ShouldNotBeNull().ShouldContain("whole log was replayed");
            (await node.StateHash()).ShouldBe(hash);
            node.Host.Chain.Height.ShouldBe(height);
        }
    }

    [Fact]
    public async Task The_state_dump_starts_another_chain_at_exactly_that_state()
    {
        using var first = Stores.Create("sqlite");
        using var second = Stores.Create("sqlite");
        var file = Path.Combine(Path.GetTempPath(), $"ballast-state-{Guid.NewGuid():N}.state");
        try
        {
            string hash;
            long height;
            await using (var node = await TestNode.Start(Snapshotting(first.Options)))
            {
                await Traffic(node, 9, 15);
                using var response = await node.Http.GetAsync("/dev/state");
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
                File.WriteAllBytes(file, await response.Content.ReadAsByteArrayAsync());
                hash = await node.StateHash();
                height = node.Host.Chain.Height;
            }
            string after;
            await using (var node = await TestNode.Start(Snapshotting(second.Options) with { StateFile = file }))
            {
                node.Host.Chain.Height.ShouldBe(height);
                node.Host.Chain.SetupHeight.ShouldBe(height);
                (await node.StateHash()).ShouldBe(hash);
                (await node.Balance("dev3")).ShouldNotBeNullOrEmpty();
                using (var dump = await node.Http.GetAsync("/dev/dump"))
                {
                    dump.StatusCode.ShouldBe(HttpStatusCode.Conflict);
                    (await node.Json(dump)).GetProperty("code").GetString().ShouldBe("NotAvailable");
                }
                // A new chain: its nonces start again, and it runs on from the loaded state (positions included).
                using (var r = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev4", 0, "dev5", "2 TAO")))
                    r.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await node.Post("/dev/mine?blocks=6", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
                after = await node.StateHash();
            }
            // Its data folder keeps the state it started from: a restart (no --state) replays onto it.
            await using (var node = await TestNode.Start(Snapshotting(second.Options, fullReplay: true)))
                (await node.StateHash()).ShouldBe(after);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
