using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Model;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Liquidation;

/// <summary>
/// The liquidation index keeps its keys across accruals and lets a scan allow for the accumulator's move
/// (<see cref="LiquidationIndex.Slack"/>). The bound must hold for every position (else a scan misses one), and the
/// candidates must stay exactly those of a full scan while keys are stale, across re-keyings and opens in between.
/// </summary>
public class LiquidationIndexAccrualTests
{
    [Fact]
    public void Candidates_equal_a_full_scan_through_many_accruals_with_stale_keys()
    {
        var builder = MarginWorldBuilder.Create()
            .WithSubnet(4, 100_000, "0.02")
            .WithLp("lp-ann", 60_000)
            .WithPair(4, thresholdPpb: 1_100_000_000);
        string[] traders = ["a", "b", "c", "d", "e", "f", "g", "h"];
        foreach (var t in traders) builder.WithTrader(t, 5_000, tierAlpha: 10_000);
        var world = builder.Build();
        world.WhaleBuys(4, Tao(100_000)).ShouldBeAccepted();
        (string Trader, decimal Collateral, string Leverage)[] opens =
            [("a", 400, "10"), ("b", 50, "7"), ("c", 10, "5"), ("d", 200, "3"), ("e", 1, "10"), ("f", 80, "9")];
        world.RunOk([.. opens.Select(o => new OpenPosition(4, Tao(o.Collateral), X(o.Leverage), 1_000).From(o.Trader))]);

        long interval = world.Params.BorrowAccrualIntervalBlocks;
        int mismatches = 0, liquidatable = 0, staleSteps = 0, rekeyings = 0;
        var keyedAt = world.State.Pairs[4].Index!.KeyedAtIndex;
        var notes = new List<string>();
        for (int step = 0; step < 120; step++)
        {
            // One accrual period, then a small fall: interest and price together push positions under the threshold.
            world.AdvanceTo(world.Height + interval);
            var index = world.State.Pairs[4].Index!;
            if (index.KeyedAtIndex != world.State.BorrowIndex) staleSteps++;
            if (index.KeyedAtIndex != keyedAt) { rekeyings++; keyedAt = index.KeyedAtIndex; }
            var scan = world.State.Positions.Keys.Where(id => world.Position(id).Liquidatable).Order().ToList();
            var found = world.Candidates(4);
            liquidatable += scan.Count;
            if (!found.SequenceEqual(scan))
            {
                mismatches++;
                notes.Add($"step {step}: index [{string.Join(",", found)}], scan [{string.Join(",", scan)}]");
            }
            if (step % 2 == 0)
                world.Run(new SwapToPrice(4, world.Spot(4).Mul(Fixed.FromBps(9_985), Rounding.Down), Tao(10_000_000)).From(MarginWorldBuilder.Whale)).ShouldBeAccepted();
            // New positions written at a later accumulator than the index's keys (they widen the bound).
            if (step == 30) world.RunOk(new OpenPosition(4, Tao(30), X("8"), 1_000).From("g"));
            if (step == 70) world.RunOk(new OpenPosition(4, Tao(5), X("10"), 1_000).From("h"));
        }
        staleSteps.ShouldBeGreaterThan(60);   // most scans ran on keys written at an earlier accumulator
        rekeyings.ShouldBeGreaterThan(0);     // and the accrual re-keyed once the move passed RekeyAfterPpb
        liquidatable.ShouldBeGreaterThan(0);
        mismatches.ShouldBe(0, string.Join("\n", notes));
    }

    [Fact]
    public void Slack_bounds_how_far_any_liquidation_price_rises_with_the_accumulator()
    {
        var random = new DeterministicRandom(42);
        int positive = 0;
        for (int i = 0; i < 20_000; i++)
        {
            UInt128 Draw(ulong max) => (UInt128)random.NextBelow(max) + 1;
            var threshold = new Ppb(1_000_000_000 + (long)random.NextBelow(200_000_000));
            var openedAt = Draw(5_000_000_000);
            var keyedAt = openedAt + Draw(50_000_000) - 1;
            var writtenAt = keyedAt + Draw(20_000_000) - 1;
            var now = writtenAt + Draw(100_000_000) - 1;
            var alpha = new Amount(Draw(random.NextBelow(2) == 0 ? 1_000_000UL : 10_000_000_000_000_000UL));
            var borrowed = new Amount(Draw(1_000_000_000_000_000));
            var added = random.NextBelow(3) == 0 ? new Amount(Draw(1_000_000_000_000)) : Amount.Zero;
            var position = new Position
            {
                Id = i, Owner = "o", Netuid = 4, InitialCollateral = borrowed, AddedCollateral = added, Borrowed = borrowed, Alpha = alpha,
                Leverage = Fixed.One, EntryPrice = Fixed.One, OpenedAt = 0, BorrowIndexAtOpen = openedAt, DiscountAtOpen = Ppb.Zero,
            };
            // Keyed at one accumulator, the position (re)written at a later one, scanned at a later one still.
            var index = new LiquidationIndex();
            index.Rebuild([], threshold, keyedAt);
            index.Upsert(position, threshold, writtenAt);
            var rise = LiquidationIndex.LiquidationPrice(position, threshold, now).Raw - LiquidationIndex.LiquidationPrice(position, threshold, writtenAt).Raw;
            rise.ShouldBeGreaterThanOrEqualTo(0);
            if (rise > 0) positive++;
            rise.ShouldBeLessThanOrEqualTo(index.Slack(now), $"case {i}");
        }
        positive.ShouldBeGreaterThan(10_000);
    }
}
