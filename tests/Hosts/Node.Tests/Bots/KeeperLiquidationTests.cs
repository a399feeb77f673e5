using System.Net;
using System.Text.Json;
using Ballast.Node.Bots;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Bots;

/// <summary>
/// The keeper bot in a crisis: through the API only, a whale pumps SN3's pool, a trader opens a leveraged margin long
/// at the pumped price, the whale dumps its alpha; the position falls below its liquidation threshold, and the bot
/// (<c>ballast keeper</c>'s loop, with its own key) calls the liquidation every block until the margin module
/// liquidates the position on the confirming call and credits the bot's account its reward.
/// </summary>
public sealed class KeeperLiquidationTests
{
    private static async Task<JsonElement> Send(TestNode node, string sender, object fields)
    {
        using var response = await node.Post("/api/transactions", DevSigner.Body(node.ChainId, sender, node.Host.Chain.NextNonce(sender), fields));
        var receipt = await node.Json(response);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, receipt.ToString());
        return receipt;
    }

    private static async Task<JsonElement> Query(TestNode node, string name, object input)
    {
        using var response = await node.Post($"/api/queries/{name}", JsonSerializer.Serialize(input));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await node.Json(response);
    }

    [Fact]
    public async Task The_keeper_bot_liquidates_a_margin_position_the_market_pushed_under_water()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        (await node.Post("/dev/setBalance?account=dev5&token=TAO&amount=1000000%20TAO", "")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The pump, the open at the top, the dump.
        await Send(node, "dev5", new { type = "subnets.swap", netuid = 3, direction = "taoToAlpha", amountIn = "100000 TAO", minAmountOut = "1" });
        var opened = await Send(node, "dev3", new { type = "margin.open", netuid = 3, collateral = "200 TAO", leverage = "2", maxSlippageBps = 1_000 });
        opened.GetProperty("accepted").GetBoolean().ShouldBeTrue(opened.ToString());
        long positionId = opened.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "margin.opened")
            .GetProperty("data").GetProperty("positionId").GetInt64();
        (await node.Get("/api/keepers/margin.liquidator/proposals?account=dev9")).GetArrayLength().ShouldBe(0, "healthy before the dump");
        // Down to 53% of the price the position opened at: its health (value / debt) near 1.06, under the pair's 1.1
        // threshold, yet above 1, so the liquidation repays the debt and pays its fee.
        var top = decimal.Parse((await Query(node, "prices.price", new { source = "subnet:3" })).GetProperty("price").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var alpha = (await Query(node, "ledger.balance", new { account = "dev5", token = "SN3" })).GetProperty("balance").GetString()!;
        var dump = await Send(node, "dev5", new { type = "subnets.swapToPrice", netuid = 3,
            targetPrice = (top * 0.53m).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture), maxAmountIn = alpha });
        dump.GetProperty("accepted").GetBoolean().ShouldBeTrue(dump.ToString());
        (await node.Get("/api/keepers/margin.liquidator/proposals?account=dev9")).GetArrayLength().ShouldBeGreaterThan(0, "under water after the dump");
        var before = await Query(node, "margin.claims", new { account = "dev9" });

        // The bot, as `ballast keeper --node URL --key dev9.key` runs it, until the position is gone.
        using var key = BotKey.Development("dev9");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var log = new StringWriter();
        var bot = KeeperBot.Run(new NodeClient(node.Http), key, ["margin.liquidator"], log, stop.Token);
        JsonElement liquidated = default;
        while (!stop.IsCancellationRequested)
        {
            var events = await node.Get("/api/events?type=margin.liquidated");
            if (events.GetArrayLength() > 0) { liquidated = events[0]; break; }
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        try { await bot; } catch (OperationCanceledException) { } catch (HttpRequestException) { }

        liquidated.ValueKind.ShouldBe(JsonValueKind.Object, $"no liquidation within a minute; the bot said:\n{log}");
        liquidated.GetProperty("data").GetProperty("positionId").GetInt64().ShouldBe(positionId);
        liquidated.GetProperty("data").GetProperty("owner").GetString().ShouldBe("dev3");
        // Every call came from the bot's account, one per block, and the confirming one was the liquidation's transaction.
        var calls = (await node.Get("/api/events?type=margin.liquidationCalled")).EnumerateArray().ToList();
        calls.Count.ShouldBeGreaterThanOrEqualTo(2);
        calls.Select(c => c.GetProperty("block").GetInt64()).Distinct().Count().ShouldBe(calls.Count, "one call per block");
        foreach (var call in calls)
        {
            var hash = call.GetProperty("txHash").GetString()!;
            (await node.Get($"/api/transactions/{hash}")).GetProperty("sender").GetString().ShouldBe("dev9");
        }
        liquidated.GetProperty("txHash").GetString().ShouldBe(calls[^1].GetProperty("txHash").GetString());
        (await Query(node, "margin.position", new { positionId })).ValueKind.ShouldBe(JsonValueKind.Null, "the position is closed");
        var rewards = (await node.Get("/api/events?type=margin.liquidatorRewarded&account=dev9")).EnumerateArray().ToList();
        rewards.ShouldNotBeEmpty($"the bot's account was credited its part of the liquidation fee: {liquidated}");
        var after = await Query(node, "margin.claims", new { account = "dev9" });
        after.ToString().ShouldNotBe(before.ToString());
        log.ToString().ShouldContain("margin.liquidate");
    }
}
