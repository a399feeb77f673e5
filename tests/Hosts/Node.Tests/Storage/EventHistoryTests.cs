using System.Net;
using System.Text.Json;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ballast.Node.Tests.Storage;

/// <summary>
/// The whole event history is served: the latest events from memory, the older ones from the log (a transaction's in
/// its outcome, a block's own in its row), the genesis script's always. A restart from a snapshot, and a window of
/// ten events, answer every query as a node that held every event in memory answered it first, byte for byte; a filter
/// that matches few of many logged events stops at a budget and says where to go on.
/// </summary>
public sealed class EventHistoryTests
{
    /// <summary>Queries whose answers are compared: the whole history, by type, by account, by block range, and pages.</summary>
    private static readonly string[] Queries =
    [
        "/api/events?limit=10000",
        "/api/events?type=ledger.transferred&limit=10000",
        "/api/events?type=subnets.swapped,insurance.emissionFunded&limit=10000",
        "/api/events?account=dev3&limit=10000",
        "/api/events?account=dev7&type=ledger.transferred&limit=10000",
        "/api/events?fromBlock=5&toBlock=12&limit=10000",
        "/api/events?after=40&limit=25",
        "/api/events?fromBlock=3&account=dev1&limit=4",
    ];

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task After_a_restart_from_a_snapshot_every_query_answers_as_first_answered(string kind)
    {
        using var place = Stores.Create(kind);
        var options = TestNode.Automine(place.Options) with { Chain = new ChainSettings { SnapshotEveryBlocks = 4 } };
        var first = new Dictionary<string, string>();
        await using (var node = await TestNode.Start(options))
        {
            await SendTransfers(node, 24, seed: 5);
            foreach (var query in Queries) first[query] = await Text(node, query);
            (await Headers(node, "/api/events?limit=1")).Oldest.ShouldBe(0);
        }
        await using (var node = await TestNode.Start(options))
        {
            long snapshot = node.Host.Chain.RestoredFromSnapshot.ShouldNotBeNull();
            snapshot.ShouldBeGreaterThan(10, "most blocks are before the snapshot: their events come from the log");
            // Memory holds the genesis script's events and the replayed blocks' only.
            foreach (var query in Queries) Same(Items(await Text(node, query)), Items(first[query]), query);
            (await Headers(node, "/api/events?limit=1")).Oldest.ShouldBe(0);
        }
        var all = JsonDocument.Parse(first[Queries[0]]).RootElement;
        all.GetArrayLength().ShouldBeGreaterThan(100);
        for (int i = 0; i < all.GetArrayLength(); i++) all[i].GetProperty("seq").GetInt64().ShouldBe(i, "numbered from 0 without a gap");
        all.EnumerateArray().Count(e => e.GetProperty("txIndex").ValueKind == JsonValueKind.Null && e.GetProperty("block").GetInt64() > 0)
            .ShouldBeGreaterThan(20, "the hooks' events of the blocks, which no transaction holds");
    }

    [Fact]
    public async Task Past_a_window_of_ten_events_every_event_is_served_from_the_log_as_it_was_from_memory()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { EventsInMemory = 10 } });
        // Each new event read while it is in memory: the reference history.
        var seen = new List<string>();
        var random = new Random(9);
        for (int i = 0; i < 30; i++)
        {
            var from = $"dev{random.Next(1, 10)}";
            var body = DevSigner.Transfer(node.ChainId, from, node.Host.Chain.NextNonce(from), $"dev{random.Next(10)}", i % 7 == 6 ? "1000000 TAO" : $"{random.Next(1, 50)} TAO");
            using (var response = await node.Post("/api/transactions", body))
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity);
            if (i == 0) seen.AddRange(Items(await Text(node, "/api/events?limit=10000")));
            else seen.AddRange(Items(await Text(node, $"/api/events?after={Seq(seen[^1])}&limit=10000")));
        }
        node.Host.Chain.Events(EventFilter.All, -1, 10_000).Count.ShouldBe(seen.Count);
        seen.Count.ShouldBeGreaterThan(60);
        Same(Items(await Text(node, "/api/events?limit=10000")), seen, "the whole history, most of it from the log");
        // Pages of 7 from the start make the same history.
        var paged = new List<string>();
        for (long after = -1; ;)
        {
            var page = Items(await Text(node, $"/api/events?after={after}&limit=7"));
            if (page.Count == 0) break;
            page.Count.ShouldBeLessThanOrEqualTo(7);
            paged.AddRange(page);
            after = Seq(page[^1]);
        }
        Same(paged, seen, "pages of 7");
        (await Headers(node, "/api/events?limit=1")).Oldest.ShouldBe(0);
    }

    [Fact]
    public async Task A_filter_that_matches_few_logged_events_stops_at_the_budget_and_says_where_to_go_on()
    {
        using var place = Stores.Create("sqlite");
        var options = TestNode.Automine(place.Options) with { Chain = new ChainSettings { EventsInMemory = 5, EventsExaminedFromLogPerAnswer = 12 } };
        var found = new List<string>();
        await using (var node = await TestNode.Start(options))
        {
            for (ulong n = 0; n < 20; n++)
            {
                // dev8 receives every fifth transfer: few of the events name it.
                var body = DevSigner.Transfer(node.ChainId, "dev1", n, n % 5 == 0 ? "dev8" : "dev2", "1 TAO");
                using var response = await node.Post("/api/transactions", body);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            node.Host.Chain.ReadEvents(new EventFilter(null, null, null, "dev8"), -1, 10_000).ResumeAfter.ShouldNotBeNull("12 events examined, then the answer stops");
            int answers = 0, resumed = 0;
            for (long after = -1; ; answers++)
            {
                answers.ShouldBeLessThan(200, "every answer moves on");
                var (text, oldest, resume) = await Fetch(node, $"/api/events?account=dev8&after={after}&limit=100");
                oldest.ShouldBe(0);
                var page = Items(text);
                found.AddRange(page);
                if (resume is not { } next) break;
                next.ShouldBeGreaterThan(after, "the budget's stop is past where the answer started");
                page.Count.ShouldBeLessThan(100);
                if (page.Count > 0) next.ShouldBeGreaterThanOrEqualTo(Seq(page[^1]));
                resumed++;
                after = next;
            }
            resumed.ShouldBeGreaterThan(3, "the log held many more events than the budget of 12 an answer");
        }
        found.Select(Seq).ShouldBe(found.Select(Seq).Order().Distinct(), "rising, none twice");
        found.Count(e => e.Contains("\"ledger.transferred\"", StringComparison.Ordinal)).ShouldBe(4, "the four transfers to dev8");
        // A node with the default budget on the same log answers at once what this one answered in pieces.
        await using (var node = await TestNode.Start(options with { Chain = new ChainSettings { EventsInMemory = 5 } }))
        {
            var (text, _, resume) = await Fetch(node, "/api/events?account=dev8&limit=100");
            resume.ShouldBeNull();
            Same(Items(text), found, "at once");
        }
    }

    [Fact]
    public async Task Bounds_at_the_ends_of_the_number_range_answer_at_once_with_nothing_or_everything()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { EventsInMemory = 3 } });
        await SendTransfers(node, 4, seed: 8);
        int all = Items(await Text(node, "/api/events?limit=10000")).Count;
        all.ShouldBeGreaterThan(40);
        foreach (var query in (string[])[$"/api/events?after={long.MaxValue}", $"/api/events?after={long.MaxValue - 1}", $"/api/events?fromBlock={long.MaxValue}",
                     "/api/events?toBlock=-1", $"/api/events?fromBlock={long.MaxValue}&toBlock={long.MinValue}"])
        {
            var (text, _, resume) = await Fetch(node, query);
            Items(text).ShouldBeEmpty(query);
            resume.ShouldBeNull(query);
        }
        Items(await Text(node, $"/api/events?after={long.MinValue}&limit=10000")).Count.ShouldBe(all);
        Items(await Text(node, $"/api/events?fromBlock={long.MinValue}&toBlock={long.MaxValue}&limit=10000")).Count.ShouldBe(all);
    }

    [Fact]
    public async Task A_log_of_schema_3_is_upgraded_in_place_and_serves_the_events_logged_since()
    {
        using var place = Stores.Create("sqlite");
        var options = TestNode.Automine(place.Options) with { Chain = new ChainSettings { EventsInMemory = 10 } };
        string[] before;
        await using (var node = await TestNode.Start(options))
        {
            await SendTransfers(node, 6, seed: 3);
            before = Items(await Text(node, "/api/events?limit=10000")).ToArray();
        }
        var file = Path.Combine(place.Options.DataFolder, "chain.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            // The shape schema 3 had: blocks without first_event and events, version 3.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP INDEX blocks_first_event; ALTER TABLE blocks DROP COLUMN first_event; ALTER TABLE blocks DROP COLUMN events; UPDATE meta SET value = '3' WHERE key = 'schema';";
            command.ExecuteNonQuery();
        }
        await using (var node = await TestNode.Start(options))
        {
            long height = node.Host.Chain.Height;
            await SendTransfers(node, 6, seed: 4);
            var now = Items(await Text(node, "/api/events?limit=10000"));
            var (_, oldest, _) = await Fetch(node, "/api/events?limit=1");
            // The blocks logged since the upgrade number their events: served from the first of them on.
            var firstLogged = JsonDocument.Parse(now.First(e => JsonDocument.Parse(e).RootElement.GetProperty("block").GetInt64() > height)).RootElement.GetProperty("seq").GetInt64();
            oldest.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(firstLogged);
            oldest.Value.ShouldBeGreaterThan(0, "the events of the blocks logged before the upgrade are not served");
            now.Select(Seq).ShouldBe(now.Select(Seq).Order().Distinct());
            // What was served before the upgrade and is still served is the same text.
            foreach (var e in now.Where(e => Seq(e) < before.Length)) before.ShouldContain(e);
        }
        using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
        version.ExecuteScalar().ShouldBe("4");
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public void The_store_reads_a_range_of_blocks_in_queries_of_a_few_thousand_rows_each_block_whole_and_once(string kind)
    {
        // Blocks of 0 to 2,500 transactions and one of 9,000 (larger than a query's 4,096 rows: read alone), with and
        // without their own events; a reader asks for ranges that start and end inside the chunks.
        using var place = Stores.Create(kind);
        using var store = place.Open();
        store.WriteIdentity(new Ballast.Node.Storage.ChainIdentity("chunks", "{}", true));
        int[] sizes = [0, 3, 2_500, 1_700, 9_000, 1, 0, 2_200, 2_200, 2_200, 40, 0, 0, 5];
        long seq = 0;
        var written = new List<Ballast.Node.Storage.StoredBlock>();
        for (int b = 0; b < sizes.Length; b++)
        {
            long first = seq;
            var txs = new List<Ballast.Node.Storage.StoredTransaction>();
            for (int i = 0; i < sizes[b]; i++)
                txs.Add(new Ballast.Node.Storage.StoredTransaction($"h{b}-{i}", "{}", null) { Outcome = $"{{\"accepted\":true,\"events\":[{{\"seq\":{seq++},\"name\":\"x\",\"data\":{{}}}}]}}" });
            string? own = b % 3 == 0 ? $"[{{\"seq\":{seq++},\"name\":\"hook\",\"data\":{{}}}}]" : null;
            written.Add(new Ballast.Node.Storage.StoredBlock(b + 1, $"s{b}", txs) { FirstEvent = first, Events = own });
        }
        store.Append(written);
        foreach (var (after, upto) in ((long, long)[])[(0, sizes.Length), (2, 9), (4, 5), (3, 4), (0, 1), (9, 100), (sizes.Length, sizes.Length + 5)])
        {
            var read = store.ReadEventBlocks(after, upto).ToList();
            var expected = written.Where(w => w.Height > after && w.Height <= upto).ToList();
            read.Select(r => r.Height).ShouldBe(expected.Select(w => w.Height), $"({after}, {upto}]");
            for (int k = 0; k < read.Count; k++)
            {
                read[k].FirstEvent.ShouldBe(expected[k].FirstEvent);
                read[k].Events.ShouldBe(expected[k].Events);
                read[k].Transactions.Select(t => (t.Hash, t.Outcome)).ShouldBe(expected[k].Transactions.Select(t => (t.Hash, t.Outcome)));
            }
        }
        // Where a reader of event s starts: the block holding it, the last of a run sharing its first number.
        for (long s2 = 0; s2 < seq + 3; s2 += s2 < 20 || s2 > seq - 20 ? 1 : 97)
            store.EventBlock(s2).ShouldBe(written.Last(w => w.FirstEvent <= s2).Height, $"event {s2}");
        written[11].Transactions.Count.ShouldBe(0);
        written[11].Events.ShouldBeNull();
        store.EventBlock(written[12].FirstEvent!.Value).ShouldBe(13, "block 12 has no events and carries block 13's number: the reader starts at 13");
        store.EventBlock(seq + 10).ShouldBe(sizes.Length, "past the last event: the last block that numbers its events");
        store.FirstEventBlock().ShouldBe((1L, 0L));
    }

    /// <summary>The same events in the same order; a failure names the first that differs (the lists are long).</summary>
    private static void Same(IReadOnlyList<string> actual, IReadOnlyList<string> expected, string what)
    {
        for (int i = 0; i < Math.Min(actual.Count, expected.Count); i++)
            if (actual[i] != expected[i]) throw new ShouldAssertException($"{what}: event {i} is {actual[i]}, not {expected[i]}");
        actual.Count.ShouldBe(expected.Count, what);
    }

    private static async Task SendTransfers(TestNode node, int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var from = $"dev{random.Next(1, 10)}";
            var amount = i % 5 == 4 ? "1000000 TAO" : $"{random.Next(1, 300)} TAO"; // every fifth rejected by the engine
            var body = DevSigner.Transfer(node.ChainId, from, node.Host.Chain.NextNonce(from), $"dev{random.Next(10)}", amount);
            using (var response = await node.Post("/api/transactions", body))
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity);
            if (i % 4 == 1) (await node.Post("/dev/mine", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            node.Host.Chain.WaitForSnapshotWrite();
        }
    }

    private static async Task<string> Text(TestNode node, string query) => (await Fetch(node, query)).Text;

    private static async Task<(long? Oldest, long? Resume)> Headers(TestNode node, string query)
    {
        var (_, oldest, resume) = await Fetch(node, query);
        return (oldest, resume);
    }

    private static async Task<(string Text, long? Oldest, long? Resume)> Fetch(TestNode node, string query)
    {
        using var response = await node.Http.GetAsync(query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{query}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsStringAsync(), Header(response, "X-Ballast-Oldest-Event"), Header(response, "X-Ballast-Resume-After"));
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? long.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The answer's events, each as its JSON text.</summary>
    private static List<string> Items(string answer) =>
        JsonDocument.Parse(answer).RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();

    private static long Seq(string item) => JsonDocument.Parse(item).RootElement.GetProperty("seq").GetInt64();
}
