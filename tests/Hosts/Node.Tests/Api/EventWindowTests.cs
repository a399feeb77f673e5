using System.Net;
using System.Text.Json;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>
/// The node keeps the latest events in memory, not its whole history (a node kept every event: 1.66 GB of heap after
/// 1.3 million transactions): past <see cref="ChainSettings.EventsInMemory"/> the oldest leave memory, in steps, and
/// are read from the log when asked for; the answer of <c>/api/events</c> names the event from which it serves the
/// whole history (0: all of it).
/// </summary>
public sealed class EventWindowTests
{
    [Fact]
    public async Task Only_the_latest_events_are_held_in_memory_and_the_rest_are_served_from_the_log()
    {
        const int keep = 40;
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { EventsInMemory = keep } });
        for (int i = 0; i < 60; i++)
            (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", (ulong)i, "dev2", $"{i + 1} TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Between the window and the window plus the quarter it may grow by before a drop.
        node.Host.Chain.EventsHeld.ShouldBeInRange(keep, keep + keep / 4);
        using var response = await node.Http.GetAsync("/api/events?limit=10000");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        events.GetArrayLength().ShouldBeGreaterThan(4 * 60, "every transfer's event and the hooks' of its block, from the start");
        response.Headers.GetValues("X-Ballast-Oldest-Event").Single().ShouldBe("0");
        node.Host.Chain.OldestEventSeq.ShouldBe(0);
        // Numbers contiguous from 0: the genesis script's, the log's, memory's.
        for (int i = 0; i < events.GetArrayLength(); i++) events[i].GetProperty("seq").GetInt64().ShouldBe(i);
        // The newest are there (the last transfer's event), and so are the genesis script's.
        var transfers = await node.Get("/api/events?type=ledger.transferred&account=dev2&limit=10000");
        transfers.GetArrayLength().ShouldBe(60);
        transfers[transfers.GetArrayLength() - 1].GetProperty("data").GetProperty("amount").GetString().ShouldBe("60000000000");
        (await node.Get("/api/events?type=subnets.registered&limit=100")).GetArrayLength().ShouldBeGreaterThan(0);
        // The OpenAPI document describes the headers.
        var openApi = await node.Get("/openapi/v1.json");
        var headers = openApi.GetProperty("paths").GetProperty("/api/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers");
        headers.GetProperty("X-Ballast-Oldest-Event").GetProperty("schema").GetProperty("type").GetString().ShouldBe("integer");
        headers.GetProperty("X-Ballast-Resume-After").GetProperty("schema").GetProperty("type").GetString().ShouldBe("integer");
    }
}
