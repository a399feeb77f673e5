using System.Net;
using System.Security.Cryptography;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Storage;

/// <summary>
/// Receipts are stored with their block: a node restarted from a snapshot serves the receipt of every transaction
/// it ever included (before the snapshot from the log, after it from the replay) as the very text first served, and
/// answers a transaction sent again with its receipt instead of refusing its nonce.
/// </summary>
public sealed class StoredReceiptTests
{
    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task Every_receipt_is_served_after_a_restart_from_a_snapshot_as_first_served(string kind)
    {
        using var place = Stores.Create(kind);
        var options = TestNode.Automine(place.Options) with { Chain = new ChainSettings { SnapshotEveryBlocks = 3 } };
        var sent = new List<(string Body, string Hash, HttpStatusCode Status, string Served)>();
        var random = new Random(21);
        await using (var node = await TestNode.Start(options))
        {
            for (int i = 0; i < 24; i++)
            {
                var from = $"dev{random.Next(1, 10)}";
                // Every fifth one asks for more than the sender holds: the engine rejects it (422), and its receipt is kept too.
                var amount = i % 5 == 4 ? "1000000 TAO" : $"{random.Next(1, 300)} TAO";
                var body = DevSigner.Transfer(node.ChainId, from, node.Host.Chain.NextNonce(from), $"dev{random.Next(10)}", amount);
                using var response = await node.Post("/api/transactions", body);
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity);
                var hash = (await node.Json(response)).GetProperty("hash").GetString()!;
                using var served = await node.Http.GetAsync($"/api/transactions/{hash}");
                served.StatusCode.ShouldBe(HttpStatusCode.OK);
                sent.Add((body, hash, response.StatusCode, await served.Content.ReadAsStringAsync()));
                if (i % 4 == 1) (await node.Post("/dev/mine", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
                // The snapshot writer runs at the lowest priority, and a snapshot falls due only when none is being
                // written: on a busy machine the due ones would be skipped until it finishes. Waiting keeps them all.
                node.Host.Chain.WaitForSnapshotWrite();
            }
            // A tail after the last snapshot, for the restart to replay: one more transfer until one lands after it.
            for (int k = 0; k < 3; k++)
            {
                var body = DevSigner.Transfer(node.ChainId, "dev1", node.Host.Chain.NextNonce("dev1"), "dev2", "1 TAO");
                using var response = await node.Post("/api/transactions", body);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                var text = await response.Content.ReadAsStringAsync();
                var receipt = System.Text.Json.JsonDocument.Parse(text).RootElement;
                sent.Add((body, receipt.GetProperty("hash").GetString()!, HttpStatusCode.OK, text));
                // The last snapshot taken (it may still be being written: the store would show the one before).
                if (node.Host.Chain.LastSnapshotHeight < receipt.GetProperty("block").GetInt64()) break;
            }
            sent.Count(s => s.Status == HttpStatusCode.UnprocessableEntity).ShouldBeGreaterThan(2);
        }
        await using (var node = await TestNode.Start(options))
        {
            long snapshot = node.Host.Chain.RestoredFromSnapshot.ShouldNotBeNull();
            int beforeSnapshot = 0;
            foreach (var (body, hash, status, served) in sent)
            {
                using var response = await node.Http.GetAsync($"/api/transactions/{hash}");
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"receipt {hash} after the restart");
                var again = await response.Content.ReadAsStringAsync();
                again.ShouldBe(served, "the receipt as first served, events and their numbers included");
                if (node.Host.Chain.ReceiptOf(hash)!.Block <= snapshot) beforeSnapshot++;
                // The same signed transaction again: its receipt (200, or the engine's 422 with its code), not NonceReused.
                using var resent = await node.Post("/api/transactions", body);
                resent.StatusCode.ShouldBe(status);
                (await node.Json(resent)).GetProperty("hash").GetString().ShouldBe(hash);
            }
            beforeSnapshot.ShouldBeGreaterThan(sent.Count / 2, "most transactions are in blocks before the snapshot the restart loaded");
            beforeSnapshot.ShouldBeLessThan(sent.Count, "some are in the blocks it replayed");
        }
    }

    [Fact]
    public async Task A_receipt_read_back_from_the_log_is_the_text_first_served_and_old_ones_leave_memory_for_it()
    {
        using var place = Stores.Create("sqlite");
        // Two receipts in memory: the rest must come from the log.
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { ReceiptsInMemory = 2 } });
        using (var missing = await node.Http.GetAsync($"/api/transactions/{new string('a', 64)}"))
            missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var first = new List<(string Body, string Text)>();
        for (ulong nonce = 0; nonce < 6; nonce++)
        {
            var body = DevSigner.Transfer(node.ChainId, "dev1", nonce, "dev2", "1 TAO");
            using var response = await node.Post("/api/transactions", body);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            first.Add((body, await response.Content.ReadAsStringAsync()));
        }
        using var store = place.Open();
        foreach (var (body, text) in first)
        {
            var served = System.Text.Json.JsonDocument.Parse(text).RootElement;
            var hash = served.GetProperty("hash").GetString()!;
            var stored = store.ReadOutcome(served.GetProperty("block").GetInt64(), hash).ShouldNotBeNull();
            stored.Outcome.Length.ShouldBeLessThan(text.Length / 2, "the row keeps only what the rest of it does not say");
            var receipt = Receipt.FromStored(hash, stored);
            (receipt.Hash, receipt.Sender, receipt.Accepted).ShouldBe((hash, "dev1", true));
            node.Host.Chain.TextOf(receipt).ShouldBe(text, "the receipt rebuilt from the log is the text the submitter was answered");
            using (var response = await node.Http.GetAsync($"/api/transactions/{hash}"))
                (await response.Content.ReadAsStringAsync()).ShouldBe(text);
            using var resent = await node.Post("/api/transactions", body);
            resent.StatusCode.ShouldBe(HttpStatusCode.OK, "sent again, long after: its receipt, not NonceReused");
            (await resent.Content.ReadAsStringAsync()).ShouldBe(text);
        }
    }

    [Fact]
    public void Two_hashes_with_the_same_first_8_bytes_are_both_located()
    {
        var locator = new TransactionLocator();
        string a = "0123456789abcdef" + new string('a', 48), b = "0123456789abcdef" + new string('b', 48), c = new string('c', 64);
        locator.Add(a, 10);
        locator.Add(b, 12);
        locator.Add(c, 11);
        locator.Candidates(a).ShouldBe([10L, 12L]);
        locator.Candidates(b).ShouldBe([10L, 12L]);
        locator.Candidates(c).ShouldBe([11L]);
        locator.Candidates(new string('d', 64)).ShouldBeEmpty();
        locator.Candidates("not a hash").ShouldBeEmpty();
        locator.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public void A_locator_in_segments_finds_what_one_map_of_every_transaction_finds(int segmentEntries)
    {
        // Hashes drawn from few prefixes collide often, within a segment and across segments; the reference keeps every
        // height of every prefix.
        var random = new Random(segmentEntries);
        var locator = new TransactionLocator(segmentEntries);
        var reference = new Dictionary<string, List<long>>();
        var hashes = new List<string>();
        for (int i = 0; i < 3_000; i++)
        {
            string prefix = random.Next(4) == 0 ? $"{random.Next(50):x16}" : $"{random.NextInt64():x16}";
            string hash = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            long height = i / 3;
            locator.Add(hash, height);
            hashes.Add(hash);
            if (!reference.TryGetValue(prefix, out var heights)) reference[prefix] = heights = [];
            heights.Add(height);
        }
        locator.Count.ShouldBe(3_000);
        if (segmentEntries < 3_000) locator.Segments.ShouldBeGreaterThan(1);
        foreach (var hash in hashes) locator.Candidates(hash).ShouldBe(reference[hash[..16]], hash);
        locator.Candidates(new string('f', 64)).ShouldBeEmpty();
        locator.Clear();
        locator.Candidates(hashes[0]).ShouldBeEmpty();
    }

    [Fact]
    public void The_receipt_cache_keeps_the_latest_and_lets_the_oldest_go()
    {
        var cache = new ReceiptCache(3);
        Receipt R(int i) => new($"h{i}", i, 0, "ledger.transfer", "dev1", (ulong)i, true, null, null, []);
        for (int i = 0; i < 5; i++) cache.Add(R(i));
        cache.Add(R(4)); // again: no second place in the order
        cache.Count.ShouldBe(3);
        cache.TryGetValue("h0", out _).ShouldBeFalse();
        cache.TryGetValue("h1", out _).ShouldBeFalse();
        for (int i = 2; i < 5; i++) cache.TryGetValue($"h{i}", out var r).ShouldBeTrue();
        cache.Add(R(5));
        cache.TryGetValue("h2", out _).ShouldBeFalse();
        cache.TryGetValue("h5", out _).ShouldBeTrue();
    }
}
