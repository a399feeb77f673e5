using System.Net;
using System.Text.Json;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>The API is generated from the catalogs: every declaration of every module is reachable and documented.</summary>
public sealed class CatalogApiTests
{
    [Fact]
    public async Task The_OpenAPI_document_has_a_schema_for_every_transaction_query_and_event_the_engine_declares()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var document = await node.Get("/openapi/v1.json");
        document.GetProperty("openapi").GetString().ShouldBe("3.1.0");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var paths = document.GetProperty("paths");
        var (transactions, queries, events) = node.Host.Chain.Read(e => (
            e.Catalog.All.Where(t => !t.GenesisOnly).Select(t => t.Name).ToList(), e.Queries.Names.ToList(), e.EventCatalog.Names.ToList()));
        transactions.Count.ShouldBeGreaterThan(40);
        foreach (var tx in transactions)
        {
            var schema = schemas.GetProperty("tx." + tx);
            schema.GetProperty("properties").GetProperty("type").GetProperty("const").GetString().ShouldBe(tx);
            schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldContain("sender");
        }
        foreach (var q in queries)
        {
            schemas.TryGetProperty("query." + q, out _).ShouldBeTrue(q);
            paths.GetProperty("/api/queries/" + q).GetProperty("post").GetProperty("responses").GetProperty("200").ValueKind.ShouldBe(JsonValueKind.Object);
        }
        foreach (var e in events) schemas.TryGetProperty("event." + e, out _).ShouldBeTrue(e);
        // Field-level: a transfer's amount is documented as token units in a string.
        var transfer = schemas.GetProperty("tx.ledger.transfer").GetProperty("properties");
        transfer.GetProperty("amount").GetProperty("type").GetString().ShouldBe("string");
        transfer.GetProperty("to").GetProperty("type").GetString().ShouldBe("string");
        // Every $ref points at a schema that exists.
        var refs = new List<string>();
        Collect(document, refs);
        foreach (var r in refs.Distinct()) schemas.TryGetProperty(r["#/components/schemas/".Length..], out _).ShouldBeTrue(r);
    }

    private static void Collect(JsonElement element, List<string> refs)
    {
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name == "$ref") refs.Add(p.Value.GetString()!);
                else Collect(p.Value, refs);
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray()) Collect(item, refs);
    }

    [Fact]
    public async Task The_API_reference_page_is_served_by_the_node_without_a_CDN()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var page = await node.Http.GetStringAsync("/docs/");
        page.ShouldContain("Ballast node API");
        page.ShouldNotContain("cdn.", Case.Insensitive);
        (await node.Http.GetAsync("/docs/scalar.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_parameterless_query_answers_and_an_unknown_query_is_a_404_problem()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var summary = await node.Post("/api/queries/governance.summary", "");
        summary.StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var name in node.Host.Chain.Read(e => e.Queries.Names.ToList()))
        {
            // With no input, a query answers (it takes none, or only optional fields) or refuses with a 400 naming what is missing.
            using var empty = await node.Post($"/api/queries/{name}", "{}");
            ((int)empty.StatusCode).ShouldBeOneOf([200, 400], name);
            if (name.EndsWith(".summary", StringComparison.Ordinal)) empty.StatusCode.ShouldBe(HttpStatusCode.OK, name);
        }
        using var unknown = await node.Post("/api/queries/nothing.here", "{}");
        await SignedTransactionTests.ShouldBeProblem(node, unknown, HttpStatusCode.NotFound, "NotFound");
        using var wrong = await node.Post("/api/queries/ledger.balance", "{\"account\": 5, \"token\": \"TAO\"}");
        await SignedTransactionTests.ShouldBeProblem(node, wrong, HttpStatusCode.BadRequest, "MalformedRequest");
    }

    [Fact]
    public async Task State_blocks_and_events_are_served_with_range_type_and_account_filters()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "3 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev4", 0, "dev5", "4 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        long height = node.Host.Chain.Height;
        var state = await node.Get("/api/state");
        state.GetProperty("height").GetInt64().ShouldBe(height);
        state.GetProperty("balances").GetProperty("dev2").GetProperty("TAO").GetString().ShouldBe("100003000000000");

        var block = await node.Get($"/api/blocks/{height}");
        block.GetProperty("transactions").GetArrayLength().ShouldBe(1);
        block.GetProperty("stateHash").GetString().ShouldBe(await node.StateHash());
        (await node.Get($"/api/blocks?from={height - 1}&limit=5")).GetArrayLength().ShouldBe(2);

        var transfers = await node.Get("/api/events?type=ledger.transferred");
        transfers.GetArrayLength().ShouldBe(2);
        var dev5 = await node.Get("/api/events?type=ledger.transferred&account=dev5");
        dev5.GetArrayLength().ShouldBe(1);
        dev5[0].GetProperty("data").GetProperty("amount").GetString().ShouldBe("4000000000");
        dev5[0].GetProperty("block").GetInt64().ShouldBe(height);
        (await node.Get($"/api/events?type=ledger.transferred&fromBlock={height}&toBlock={height}")).GetArrayLength().ShouldBe(1);
        // Setup events (the genesis script's subnets) are there too.
        (await node.Get("/api/events?type=subnets.registered&limit=100")).GetArrayLength().ShouldBe(6);
    }

    [Fact]
    public async Task The_event_stream_delivers_a_transaction_sent_through_the_API_with_its_block()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        using var stream = await node.Http.GetStreamAsync("/api/stream?type=ledger.transferred&account=dev7");
        using var reader = new StreamReader(stream);
        (await reader.ReadLineAsync())!.ShouldStartWith(": ballast node");
        (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev6", 0, "dev8", "1 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev6", 1, "dev7", "2 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!lines.Any(l => l.StartsWith("data:", StringComparison.Ordinal) && l.Contains("ledger.transferred", StringComparison.Ordinal)))
            lines.Add((await reader.ReadLineAsync(timeout.Token))!);
        lines.Count(l => l == "event: block").ShouldBe(2); // both blocks, then the one event that names dev7
        var data = JsonDocument.Parse(lines.Last()["data: ".Length..]).RootElement;
        data.GetProperty("data").GetProperty("to").GetString().ShouldBe("dev7");
    }
}
