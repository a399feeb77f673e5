using System.Numerics;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Prices;

public class PoolTwapTests
{
    [Fact]
    public void The_pools_twap_is_the_block_weighted_average_of_its_closing_prices()
    {
        // No TAO emission, so only the swaps move SN4's price.
        var engine = NewEngine(NoTaoEmission(), ("alice", Tao(5_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(4, Tao(1_000), F("0.25")).From("alice"));                        // block 1: p0 = 0.25
        engine.AdvanceBlocks(1);                                                                     // block 2
        engine.Block(new Swap(4, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("bob"));           // block 3: p1
        engine.AdvanceBlocks(2);                                                                     // blocks 4, 5
        engine.Block(new Swap(4, SwapDirection.AlphaToTao, Rao(363_636_363_636), Amount.Zero).From("bob")); // block 6: p2
        engine.AdvanceBlocks(4);                                                                     // blocks 7–10
        engine.Height.ShouldBe(10);

        var p0 = F("0.25");
        // 1,100 TAO / 3,636.363636364 alpha.
        var p1 = F("0.30249999999996975");
        // 1,000.000000001 TAO / 4,000 alpha.
        var p2 = F("0.25000000000025");
        engine.Prices.TryGetSpot("subnet:4", engine.Height, out var spot).Accepted.ShouldBeTrue();
        spot.ShouldBe(p2);

        // A price set in block h counts for block h on; the window of 8 blocks before height 10 is blocks 2–9:
        // block 2 at p0, blocks 3–5 at p1, blocks 6–9 at p2:
        // (0.25 + 3·0.30249999999996975 + 4·0.25000000000025)/8 = 2.15750000000090925/8 = 0.26968750000011365|625.
        Twap(engine, 8).ShouldBe(F("0.269687500000113656"));
        // 9 blocks (1–9): (2·0.25 + 3·p1 + 4·p2)/9 = 2.40750000000090925/9 = 0.26750000000010102|7…
        Twap(engine, 9).ShouldBe(F("0.267500000000101027"));
        // The last block alone, and blocks 6–9: p2.
        Twap(engine, 1).ShouldBe(p2);
        Twap(engine, 4).ShouldBe(p2);
        // Blocks 3–5: p1, seen from height 6 (before block 6's swap counts).
        engine.Prices.TryGetTwap("subnet:4", 6, 3, out var t).Accepted.ShouldBeTrue();
        t.ShouldBe(p1);
        // Blocks 5 and 6: (p1 + p2)/2.
        engine.Prices.TryGetTwap("subnet:4", 7, 2, out t).Accepted.ShouldBeTrue();
        t.ShouldBe(new Fixed((p1.Raw + p2.Raw) / 2));

        // The history starts at block 1: a 10-block window reaches block 0.
        engine.Prices.TryGetTwap("subnet:4", engine.Height, 10, out _).Error.ShouldBe(PriceErrors.TwapWindowTooLong);
        engine.Prices.TryGetTwap("subnet:4", engine.Height, 0, out _).Error.ShouldBe(PriceErrors.InvalidTwapWindow);
        engine.Prices.TryGetTwap("subnet:5", engine.Height, 1, out _).Error.ShouldBe(PriceErrors.UnknownPriceSource);

        // A swap in the current block moves the spot price at once but not the TWAP up to now.
        engine.Block(new Swap(4, SwapDirection.TaoToAlpha, Tao(500), Amount.Zero).From("bob"));            // block 11
        engine.Prices.TryGetSpot("subnet:4", engine.Height, out spot).Accepted.ShouldBeTrue();
        spot.ShouldBeGreaterThan(F("0.5"));
        Twap(engine, 4).ShouldBe(p2);                                                                // blocks 7–10
    }

    private static Fixed Twap(Engine engine, long window)
    {
        var r = engine.Prices.TryGetTwap(SubnetMarket.PriceSource(4), engine.Height, window, out var twap);
        r.Accepted.ShouldBeTrue(r.ToString());
        return twap;
    }

    [Fact]
    public void With_emission_and_many_swaps_the_twap_is_still_the_average_of_the_closing_prices()
    {
        // Default emission (the injection moves the price by rounding) and random swaps in random blocks: record
        // each block's closing spot price and compare every window with Σ price·blocks / window, rounded down.
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(5_000)), ("bob", Tao(5_000)));
        engine.Block(new RegisterSubnet(4, Tao(1_000), F("0.25")).From("alice"));
        var closing = new Dictionary<long, Fixed> { [engine.Height] = engine.Price(4) };
        var rng = new DeterministicRandom(11);
        for (int i = 0; i < 60; i++)
        {
            var txs = new List<Envelope>();
            if (rng.NextBelow(3) == 0)
            {
                bool buy = rng.NextBelow(2) == 0 || engine.Balance("bob", "SN4").IsZero;
                var held = engine.Balance("bob", buy ? "TAO" : "SN4");
                txs.Add(new Swap(4, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao,
                    Rao(1 + rng.NextBelow((ulong)held.Units / 4)), Amount.Zero).From("bob"));
            }
            engine.Block([.. txs]);
            closing[engine.Height] = engine.Price(4);
        }
        closing.Values.Distinct().Count().ShouldBeGreaterThan(15);
        for (long window = 1; window < engine.Height; window++)
        {
            BigInteger sum = 0;
            for (long h = engine.Height - window; h < engine.Height; h++) sum += (BigInteger)closing[h].Raw;
            var expected = new Fixed((Int128)(sum / window));
            Twap(engine, window).ShouldBe(expected, $"window {window}");
        }
    }
}
