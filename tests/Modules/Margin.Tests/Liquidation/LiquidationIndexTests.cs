using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using Ballast.Subnets.Pools;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Liquidation;

/// <summary>
/// The liquidation index must find exactly the positions a full scan of every position's health finds, on every kind
/// of pool: constant product, and weighted pools heavy in either token. Positions of many sizes and leverages; the
/// price walks down half a percent a block and the two answers are compared at each step.
/// </summary>
public class LiquidationIndexTests
{
    [Theory]
    [InlineData(PoolKind.ConstantProduct, null)]
    [InlineData(PoolKind.Weighted, "0.7")]
    [InlineData(PoolKind.Weighted, "0.3")] // alpha-heavy: selling alpha returns less than spot·a·A/(A + a)
    public void Candidates_equal_a_full_scan_as_the_price_falls(PoolKind pool, string? taoWeight)
    {
        var builder = MarginWorldBuilder.Create()
            .WithSubnet(4, 100_000, "0.02", pool, taoWeight)
            .WithLp("lp-ann", 40_000)
            .WithPair(4, thresholdPpb: 1_100_000_000);
        string[] traders = ["a", "b", "c", "d", "e", "f"];
        foreach (var t in traders) builder.WithTrader(t, 5_000, tierAlpha: 10_000);
        var world = builder.Build();
        world.WhaleBuys(4, Tao(100_000)).ShouldBeAccepted(); // alpha to push the price down with

        // One big position (a few percent of the pool's alpha) and smaller ones at other leverages.
        (string Trader, decimal Collateral, string Leverage)[] opens =
            [("a", 500, "10"), ("b", 50, "7"), ("c", 10, "5"), ("d", 200, "3"), ("e", 1, "10"), ("f", 80, "9")];
        world.RunOk([.. opens.Select(o => new OpenPosition(4, Tao(o.Collateral), X(o.Leverage), 1_000).From(o.Trader))]);
        world.State.Positions.Count.ShouldBe(opens.Length);

        int mismatches = 0, liquidatable = 0;
        var notes = new List<string>();
        for (int step = 0; step < 80; step++)
        {
            var scan = world.State.Positions.Keys.Where(id => world.Position(id).Liquidatable).Order().ToList();
            var found = MarginQueries.LiquidationCandidates(world.Ctx, 4);
            liquidatable += scan.Count;
            if (!found.SequenceEqual(scan))
            {
                mismatches++;
                notes.Add($"step {step}, price {world.Spot(4)}: index [{string.Join(",", found)}], scan [{string.Join(",", scan)}]");
            }
            var target = world.Spot(4).Mul(Fixed.FromBps(9_950), Rounding.Down);
            world.Run(new SwapToPrice(4, target, Tao(10_000_000)).From(MarginWorldBuilder.Whale)).ShouldBeAccepted();
        }
        liquidatable.ShouldBeGreaterThan(0);
        mismatches.ShouldBe(0, string.Join("\n", notes));
    }
}
