using System.Net;
using System.Text.Json;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>
/// The node keeps the latest events in memory, not its whole history (a node kept every event: 1.66 GB of heap after
/// 1.3 million transactions): past <see cref="ChainSettings.EventsInMemory"/> the oldest are dropped, in steps, and
/// every answer of <c>/api/events</c> names the oldest event still held, so a client scanning from before it knows
/// the answer is not the whole history.
/// </summary>
public sealed class EventWindowTests
{
    [Fact]
    public async Task Only_the_latest_events_are_kept_and_the_answer_names_the_oldest_held()
    {
        const int keep = 40;
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { EventsInMemory = keep } });
        for (int i = 0; i < 60; i++)
            (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", (ulong)i, "dev2", $"{i + 1} TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await node.Http.GetAsync("/api/events?limit=10000");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // Between the window and the window plus the quarter it may grow by before a drop.
        events.GetArrayLength().ShouldBeInRange(keep, keep + keep / 4);
        long oldest = long.Parse(response.Headers.GetValues("X-Ballast-Oldest-Event").Single(), System.Globalization.CultureInfo.InvariantCulture);
        events[0].GetProperty("seq").GetInt64().ShouldBe(oldest);
        node.Host.Chain.OldestEventSeq.ShouldBe(oldest);
        oldest.ShouldBeGreaterThan(0);
        // The newest are there (the last transfer's event), the genesis script's are gone.
        var transfers = await node.Get("/api/events?type=ledger.transferred&account=dev2&limit=10000");
        transfers[transfers.GetArrayLength() - 1].GetProperty("data").GetProperty("amount").GetString().ShouldBe("60000000000");
        (await node.Get("/api/events?type=subnets.registered&limit=100")).GetArrayLength().ShouldBe(0);
        // The OpenAPI document describes the header.
        var openApi = await node.Get("/openapi/v1.json");
        openApi.GetProperty("paths").GetProperty("/api/events").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("headers").GetProperty("X-Ballast-Oldest-Event").GetProperty("schema").GetProperty("type").GetString().ShouldBe("integer");
        // Numbers stay contiguous inside the window.
        for (int i = 1; i < events.GetArrayLength(); i++)
            events[i].GetProperty("seq").GetInt64().ShouldBe(events[i - 1].GetProperty("seq").GetInt64() + 1);
    }
}
