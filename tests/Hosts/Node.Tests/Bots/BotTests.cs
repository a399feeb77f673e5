using System.Net;
using Ballast.Node.Bots;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Bots;

/// <summary>The bots over the API: the feed posts a series one price per block; the keeper signs what a keeper proposes.</summary>
public sealed class BotTests
{
    [Fact]
    public async Task The_feed_replays_a_csv_series_one_price_per_block_signed_by_the_feeder()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var csv = Path.Combine(Path.GetTempPath(), $"ballast-feed-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "open_time,open,close\n2025-10-10 21:00,345.75,300.5\n2025-10-10 21:30,300.5,not-a-price\n2025-10-10 22:00,250,257.68\n");
        try
        {
            var prices = FeedBot.ReadSeries(csv, "close");
            prices.ShouldBe(["300.5", "257.68"]);
            long height = node.Host.Chain.Height;
            using var key = BotKey.Development("feeder");
            (await FeedBot.Run(new NodeClient(node.Http), key, "TAO/USD", prices, TextWriter.Null, CancellationToken.None)).ShouldBe(2);
            node.Host.Chain.Height.ShouldBe(height + 2);
            var posts = await node.Get($"/api/events?type=prices.pricePosted&fromBlock={height + 1}");
            posts.EnumerateArray().Where(e => e.GetProperty("block").GetInt64() > height).Select(e => e.GetProperty("block").GetInt64()).ShouldBe([height + 1, height + 2]);
            using var price = await node.Post("/api/queries/prices.price", "{\"source\": \"TAO/USD\"}");
            (await node.Json(price)).GetProperty("price").GetString().ShouldBe("257.68");
            // Another account is not the feed's feeder: the engine refuses its post, and the bot stops at no refusal of the node.
            using var intruder = BotKey.Development("dev5");
            (await FeedBot.Run(new NodeClient(node.Http), intruder, "TAO/USD", ["1"], TextWriter.Null, CancellationToken.None)).ShouldBe(0);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task The_keeper_endpoint_serves_a_keepers_proposals_for_an_account_and_the_bot_signs_them()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        (await node.Get("/api/keepers")).EnumerateArray().Select(k => k.GetString()).ShouldContain("margin.liquidator");
        using var unknown = await node.Http.GetAsync("/api/keepers/nobody/proposals?account=dev1");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // No position is near liquidation in the development genesis: the liquidator proposes nothing, the bot sends nothing.
        (await node.Get("/api/keepers/margin.liquidator/proposals?account=dev9")).GetArrayLength().ShouldBe(0);
        using var key = BotKey.Development("dev9");
        (await KeeperBot.Round(new NodeClient(node.Http), key, ["margin.liquidator"], TextWriter.Null, CancellationToken.None)).ShouldBe(0);
    }
}
