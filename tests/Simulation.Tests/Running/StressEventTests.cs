using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Tests.Running;

/// <summary>Stress events on a feed market: a gap in one block, and an oracle outage that lets the feed go stale.</summary>
public class StressEventTests
{
    private static RunResults Run(string events)
    {
        var text = $$"""
            name: stress
            seed: 9
            horizon: { blocks: 30 }
            sampleEveryBlocks: 1
            modules: { subnets: {} }
            genesis:
              - { type: ledger.genesisAccount, name: feeder, balances: {} }
              - { type: prices.genesisFeed, feed: TAO/USD, maxAgeBlocks: 3, feeder: feeder }
            markets:
              - { name: TAO/USD, feed: TAO/USD, feeder: feeder, initialPrice: 300, model: { kind: gbm, volatilityPerYear: 0.5 } }
            events:
            {{events}}
            """;
        return Simulator.Run(ScenarioLoader.Load("stress.yaml", text, Path.GetTempPath()), 1);
    }

    private static double[] Column(RunResults r, string name)
    {
        int i = r.SeriesNames.ToList().IndexOf(name);
        return r.Paths[0].Series.Select(s => s[i]).ToArray();
    }

    [Fact]
    public void A_gap_moves_the_reference_by_its_percent_in_one_block_and_the_feed_follows()
    {
        var calm = Column(Run("  - { at: 25, kind: transactions, transactions: [] }"), "price.TAO/USD");
        var gapped = Run("  - { at: 10, kind: gap, market: TAO/USD, percent: -30 }");
        var price = Column(gapped, "price.TAO/USD");
        for (int b = 0; b < 10; b++) price[b].ShouldBe(calm[b]); // the same draws before the gap
        price[10].ShouldBe(price[9] * 0.7, 1e-9 * price[9]);    // the gap block's price is the gap itself
        Column(gapped, "feed.TAO/USD")[10].ShouldBe(price[10], 1e-9); // posted in the same block
    }

    [Fact]
    public void During_an_outage_the_feed_goes_stale_and_recovers_when_posts_resume()
    {
        var r = Run("  - { at: 5, kind: oracleOutage, market: TAO/USD, blocks: 10 }");
        var feed = Column(r, "feed.TAO/USD");
        var price = Column(r, "price.TAO/USD");
        feed[4].ShouldBe(price[4], 1e-9);
        // No post in blocks 5..14: the block-4 price serves until it is older than 3 blocks, then nothing.
        feed[7].ShouldBe(price[4], 1e-9);
        for (int b = 8; b <= 14; b++) double.IsNaN(feed[b]).ShouldBeTrue($"block {b}");
        for (int b = 15; b <= 30; b++) feed[b].ShouldBe(price[b], 1e-9, $"block {b}");
    }
}
