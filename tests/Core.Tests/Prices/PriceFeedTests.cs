using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Prices;

/// <summary>Feeds in the standard world: TAO/USD, staleness limit 10 blocks, fed by "oracle".</summary>
public class PriceFeedTests
{
    private static Fixed P(string text) => Fixed.Parse(text);

    private static Fixed? LastRead(Engine engine) => engine.StateOf<TestState>().LastPrice;

    [Fact]
    public void Unauthorised_post_is_rejected_and_the_feed_keeps_its_price()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, P("400")).From(Oracle));
        var probe = RejectionProbe.Run(engine, new PostPrice(Feed, P("1")).From(Alice));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.MissingRole);
        engine.Prices.TryGetSpot(Feed, engine.Height, out var spot).ShouldBeAccepted();
        spot.ShouldBe(P("400"));
    }

    [Fact]
    public void Feeder_role_granted_by_a_governor_may_post()
    {
        var engine = Build();
        engine.RunOk(new GrantRole(Roles.Feeder(Feed), Alice).From(Gov));
        engine.RunOk(new PostPrice(Feed, P("401.5")).From(Alice));
        engine.Prices.TryGetSpot(Feed, engine.Height, out var spot).ShouldBeAccepted();
        spot.ShouldBe(P("401.5"));
        engine.RunOk(new RevokeRole(Roles.Feeder(Feed), Alice).From(Gov));
        engine.Run(new PostPrice(Feed, P("1")).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
    }

    [Fact]
    public void Price_is_fresh_for_max_age_blocks_and_stale_one_block_later()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, P("400")).From(Oracle)); // block 1
        engine.AdvanceTo(1 + FeedMaxAge - 1);
        engine.Run(new ReadPrice(Feed).From(Alice)).ShouldBeAccepted(); // block 11: 10 blocks old
        LastRead(engine).ShouldBe(P("400"));

        var probe = RejectionProbe.Run(engine, new ReadPrice(Feed).From(Alice)); // block 12: 11 blocks old
        probe.ShouldBeRejectedWithoutEffect(PriceErrors.StalePrice);
        engine.Prices.TryGetSpot(Feed, engine.Height, out _).Error.ShouldBe(PriceErrors.StalePrice);

        engine.RunOk(new PostPrice(Feed, P("402")).From(Oracle));
        engine.Run(new ReadPrice(Feed).From(Alice)).ShouldBeAccepted();
        LastRead(engine).ShouldBe(P("402"));
    }

    [Fact]
    public void Twap_of_10_for_five_blocks_then_20_for_five_blocks_is_15()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, P("10")).From(Oracle)); // block 1: 10 counts for blocks 1–5
        engine.AdvanceTo(5);
        engine.RunOk(new PostPrice(Feed, P("20")).From(Oracle)); // block 6: 20 counts for blocks 6–10
        engine.AdvanceTo(10);

        engine.Run(new ReadPrice(Feed, 10).From(Alice)).ShouldBeAccepted(); // block 11: window = blocks 1–10
        LastRead(engine).ShouldBe(P("15"));
        engine.Prices.TryGetTwap(Feed, 11, 10, out var twap).ShouldBeAccepted();
        twap.ShouldBe(P("15"));
        engine.Prices.TryGetTwap(Feed, 11, 5, out var lastFive).ShouldBeAccepted();
        lastFive.ShouldBe(P("20"));
        engine.Prices.TryGetTwap(Feed, 11, 8, out var lastEight).ShouldBeAccepted();
        lastEight.ShouldBe(P("16.25")); // (3·10 + 5·20) / 8
        engine.Prices.TryGetTwap(Feed, 6, 5, out var firstFive).ShouldBeAccepted();
        firstFive.ShouldBe(P("10"));
    }

    [Fact]
    public void Twap_window_longer_than_the_history_is_rejected()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, P("10")).From(Oracle)); // block 1: history starts here
        engine.AdvanceTo(7);
        engine.RunOk(new PostPrice(Feed, P("10")).From(Oracle)); // block 8: keeps the feed fresh
        engine.AdvanceTo(10);
        engine.Run(new ReadPrice(Feed, 10).From(Alice)).ShouldBeAccepted(); // block 11: blocks 1–10
        var probe = RejectionProbe.Run(engine, new ReadPrice(Feed, 12).From(Alice)); // block 12: would start at block 0
        probe.ShouldBeRejectedWithoutEffect(PriceErrors.TwapWindowTooLong);
        engine.Prices.TryGetTwap(Feed, 12, 11, out var all).ShouldBeAccepted();
        all.ShouldBe(P("10"));
    }

    [Fact]
    public void Price_posted_in_the_current_block_is_not_in_the_twap_up_to_now()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, P("10")).From(Oracle));
        engine.AdvanceTo(5);
        engine.RunOk(new PostPrice(Feed, P("20")).From(Oracle));
        engine.AdvanceTo(10);

        // Block 11: a manipulator posts 1,000,000 and reads in the same block.
        var block = engine.ExecuteBlock([
            new PostPrice(Feed, P("1000000")).From(Oracle),
            new ReadPrice(Feed, 10).From(Alice),
            new ReadPrice(Feed).From(Alice),
        ]);
        block.Results.ShouldAllBe(r => r.Accepted);
        var reads = engine.Events.Records.Where(r => r.Block == 11).Select(r => r.Event).OfType<PriceRead>().ToList();
        reads[0].Price.ShouldBe(P("15"));        // the TWAP up to now ignores this block's price
        reads[1].Price.ShouldBe(P("1000000"));   // the spot price is the latest

        // From the next block on, the new price counts for block 11 onwards.
        engine.Prices.TryGetTwap(Feed, 12, 2, out var twap).ShouldBeAccepted();
        twap.ShouldBe(P("500010")); // (20 + 1,000,000) / 2
    }

    [Fact]
    public void Second_post_in_a_block_replaces_the_first()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, P("10")).From(Oracle), new PostPrice(Feed, P("30")).From(Oracle)); // block 1
        engine.AdvanceTo(4);
        engine.Prices.TryGetTwap(Feed, 5, 4, out var twap).ShouldBeAccepted();
        twap.ShouldBe(P("30"));
    }

    [Fact]
    public void Pool_price_recorded_by_a_module_is_never_stale()
    {
        var engine = Build();
        engine.RunOk(new RecordPoolPrice("pool:1", P("0.25")).From(Alice));
        engine.AdvanceBlocks(1_000);
        engine.Run(new ReadPrice("pool:1").From(Alice)).ShouldBeAccepted();
        LastRead(engine).ShouldBe(P("0.25"));
        engine.Run(new ReadPrice("pool:1", 1_000).From(Alice)).ShouldBeAccepted();
        LastRead(engine).ShouldBe(P("0.25"));
        engine.Prices.TryGetSource("pool:1", out var source).ShouldBeTrue();
        source.Kind.ShouldBe(PriceSourceKind.Pool);
    }

    [Fact]
    public void Feed_created_by_a_governor_starts_without_a_price()
    {
        var engine = Build();
        engine.RunOk(new CreateFeed("ETH/USD", 3).From(Gov), new GrantRole(Roles.Feeder("ETH/USD"), Oracle).From(Gov));
        engine.Run(new ReadPrice("ETH/USD").From(Alice)).ShouldBeRejectedWith(PriceErrors.NoPriceYet);
        engine.RunOk(new PostPrice("ETH/USD", P("3000")).From(Oracle));
        engine.AdvanceBlocks(3);
        engine.Prices.TryGetSpot("ETH/USD", engine.Height, out _).ShouldBeAccepted();
        engine.AdvanceBlocks(1);
        engine.Prices.TryGetSpot("ETH/USD", engine.Height, out _).Error.ShouldBe(PriceErrors.StalePrice);
    }

    [Fact]
    public void Largest_allowed_price_is_accepted()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, PriceFeedModule.MaxPrice).From(Oracle));
        engine.AdvanceBlocks(5);
        engine.Prices.TryGetTwap(Feed, engine.Height, 5, out var twap).ShouldBeAccepted();
        twap.ShouldBe(PriceFeedModule.MaxPrice);
    }

    [Fact]
    public void Twap_equals_the_average_of_per_block_prices_over_random_posting_histories()
    {
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var rng = new DeterministicRandom(seed);
            var accumulator = new TwapAccumulator(historyBlocks: 1_000_000);
            var priceAt = new Dictionary<long, Int128>(); // the price in force during each block
            long height = 1 + (long)rng.NextBelow(50);
            long first = height;
            Int128 current = 0;
            for (int post = 0; post < 40; post++)
            {
                current = 1 + (Int128)rng.NextBelow(1_000_000_000_000) * 1_000_000;
                accumulator.Record(height, new Fixed(current));
                if (rng.NextBelow(4) == 0) // sometimes a second post in the same block
                {
                    current = 1 + (Int128)rng.NextBelow(1_000_000_000_000) * 1_000_000;
                    accumulator.Record(height, new Fixed(current));
                }
                long next = height + 1 + (long)rng.NextBelow(20);
                for (long h = height; h < next; h++) priceAt[h] = current;
                height = next;
            }
            for (int q = 0; q < 50; q++)
            {
                long at = first + 1 + (long)rng.NextBelow((ulong)(height - first));
                long window = 1 + (long)rng.NextBelow((ulong)(at - first));
                Int128 sum = 0;
                for (long h = at - window; h < at; h++) sum += priceAt[h];
                accumulator.TryTwap(at, window, out var twap).ShouldBeTrue();
                twap.Raw.ShouldBe(FullMath.MulDiv(sum, 1, window, Rounding.Down), $"seed {seed}: window {window} before block {at}");
                accumulator.TryTwap(at, at - first + 1, out _).ShouldBeFalse();
            }
        }
    }

    [Fact]
    public void Accumulator_keeps_history_for_windows_within_its_history_length_after_pruning()
    {
        var accumulator = new TwapAccumulator(historyBlocks: 100);
        for (long h = 1; h <= 5_000; h++) accumulator.Record(h, Fixed.FromInt(h % 7 + 1));
        accumulator.TryTwap(5_000, 100, out var twap).ShouldBeTrue();
        Int128 sum = 0;
        for (long h = 4_900; h < 5_000; h++) sum += Fixed.FromInt(h % 7 + 1).Raw;
        twap.Raw.ShouldBe(sum / 100);
        accumulator.TryTwap(5_000, 4_000, out _).ShouldBeFalse();

        var copy = accumulator.Clone();
        copy.TryTwap(5_000, 100, out var copied).ShouldBeTrue();
        copied.ShouldBe(twap);
        copy.FirstHeight.ShouldBe(accumulator.FirstHeight);
    }

    [Fact]
    public void Accumulator_refuses_to_go_back_in_time()
    {
        var accumulator = new TwapAccumulator(100);
        accumulator.Record(10, Fixed.One);
        Should.Throw<InvalidOperationException>(() => accumulator.Record(9, Fixed.One));
    }
}
