using System.Numerics;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Pools;

public class ConstantProductTests
{
    private static readonly Fixed Half = F("0.5");

    /// <summary>
    /// Pool of 1,000 TAO and 4,000 alpha (opened at 0.25 TAO per alpha: 1000/0.25 = 4000 alpha). TAO emission is
    /// switched off (21M issued outside) so nothing but the swaps moves the pool.
    /// </summary>
    private static Engine PoolOf1000TaoAnd4000Alpha(SubnetParameters? p = null)
    {
        var engine = NewEngine(NoTaoEmission(p), ("alice", Tao(5_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"));
        engine.Reserves(1).ShouldBe((Tao(1_000), Tao(4_000)));
        engine.Price(1).ShouldBe(F("0.25"));
        return engine;
    }

    [Fact]
    public void PoolMath_sell_100_tao_into_1000_tao_4000_alpha()
    {
        // out = y·Δ/(x+Δ) = 4000·100/1100 = 363.636363636|36… alpha → 363,636,363,636 rao (rounded down).
        PoolMath.AmountOut(PoolKind.ConstantProduct, Tao(1_000), Tao(4_000), Half, Half, Tao(100))
            .ShouldBe(Rao(363_636_363_636));
    }

    [Fact]
    public void Selling_100_tao_pays_363_636363636_alpha_and_moves_the_price()
    {
        var engine = PoolOf1000TaoAnd4000Alpha();
        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("bob"));

        // 4000e9·100e9/1100e9 = 363,636,363,636.36 → 363,636,363,636 rao.
        engine.Balance("bob", "SN1").ShouldBe(Rao(363_636_363_636));
        engine.Balance("bob", "TAO").ShouldBe(Tao(900));
        // Pool: 1,100 TAO; 4,000 − 363.636363636 = 3,636.363636364 alpha.
        engine.Reserves(1).ShouldBe((Tao(1_100), Rao(3_636_363_636_364)));
        // Price = 1100e9/3636363636364 = 0.302499999999969750|… (18 decimals, rounded down); exactly 0.3025 would
        // need 3636.3636… alpha, the extra 0.36 rao of alpha kept by the pool lowers it a hair.
        engine.Price(1).ShouldBe(F("0.30249999999996975"));
        var swapped = engine.Events.Records.Select(r => r.Event).OfType<Swapped>().Single();
        swapped.AmountOut.ShouldBe(Rao(363_636_363_636));
        swapped.Fee.ShouldBe(Amount.Zero);
        swapped.PriceAfter.ShouldBe(F("0.30249999999996975"));
    }

    [Fact]
    public void Selling_the_alpha_back_returns_1_rao_less_than_was_paid()
    {
        var engine = PoolOf1000TaoAnd4000Alpha();
        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("bob"));
        engine.Block(new Swap(1, SwapDirection.AlphaToTao, Rao(363_636_363_636), Amount.Zero).From("bob"));

        // Pool 1,100 TAO / 3,636.363636364 alpha; sell 363.636363636 alpha:
        // out = 1100e9·363636363636/(3636363636364 + 363636363636) = 1100e9·363636363636/4e12
        //     = 0.275·363,636,363,636 = 99,999,999,999.9 → 99,999,999,999 rao.
        engine.Balance("bob", "TAO").ShouldBe(Tao(900) + Rao(99_999_999_999));
        engine.Balance("bob", "SN1").ShouldBe(Amount.Zero);
        // The round trip left 1 rao in the pool: 1,000.000000001 TAO and exactly 4,000 alpha again.
        engine.Reserves(1).ShouldBe((Tao(1_000) + Rao(1), Tao(4_000)));
    }

    [Fact]
    public void A_30_bps_fee_is_taken_from_the_input_and_stays_in_the_pool()
    {
        var engine = PoolOf1000TaoAnd4000Alpha(new SubnetParameters { SwapFeeBps = new(30) });
        var quote = SubnetMarket.Quote(engine.View, 1, SwapDirection.TaoToAlpha, Tao(100), out var quotedOut, out var quotedFee);
        quote.Accepted.ShouldBeTrue();

        // fee = ⌈100 TAO·30/10,000⌉ = 0.3 TAO = 300,000,000 rao; net 99.7 TAO.
        // out = 4000·99.7/(1000 + 99.7) = 398.8/1.0997 = 362.644357552|06… → 362,644,357,552 rao.
        quotedFee.ShouldBe(Rao(300_000_000));
        quotedOut.ShouldBe(Rao(362_644_357_552));

        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("bob"));
        engine.Balance("bob", "SN1").ShouldBe(Rao(362_644_357_552));
        // The pool keeps all 100 TAO, fee included.
        engine.Reserves(1).ShouldBe((Tao(1_100), Tao(4_000) - Rao(362_644_357_552)));
        var swapped = engine.Events.Records.Select(r => r.Event).OfType<Swapped>().Single();
        swapped.Fee.ShouldBe(Rao(300_000_000));

        // Without the fee the same trade paid 363,636,363,636: the fee costs the trader 0.991… alpha.
        Rao(363_636_363_636).Units.ShouldBeGreaterThan(Rao(362_644_357_552).Units);
    }

    [Fact]
    public void A_one_rao_trade_with_a_fee_pays_the_whole_rao_as_fee_and_is_refused()
    {
        // fee = ⌈1·30/10,000⌉ = 1 rao, net 0: nothing comes out.
        var engine = PoolOf1000TaoAnd4000Alpha(new SubnetParameters { SwapFeeBps = new(30) });
        SubnetMarket.Quote(engine.View, 1, SwapDirection.TaoToAlpha, Rao(1), out var o, out var fee).Error
            .ShouldBe(SubnetErrors.TradeTooSmall);
        (o, fee).ShouldBe((Amount.Zero, Rao(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(1_000)]
    public void Quotes_equal_what_the_swaps_then_pay_in_both_directions(int feeBps)
    {
        var engine = PoolOf1000TaoAnd4000Alpha(new SubnetParameters { SwapFeeBps = new(feeBps) });
        var rng = new DeterministicRandom(7 + (ulong)feeBps);
        for (int i = 0; i < 60; i++)
        {
            bool buy = i % 2 == 0 || engine.Balance("bob", "SN1").IsZero;
            Amount amountIn;
            if (buy) amountIn = Rao(1 + rng.NextBelow(50_000_000_000));                          // up to 50 TAO
            else amountIn = Rao(1 + rng.NextBelow((ulong)engine.Balance("bob", "SN1").Units));  // some of bob's alpha
            var quoted = buy
                ? SubnetMarket.SimSwapTaoForAlpha(engine.View, 1, amountIn)
                : SubnetMarket.SimSwapAlphaForTao(engine.View, 1, amountIn);
            if (quoted.IsZero) continue; // too small to return anything: refused, tested elsewhere
            var tokenOut = buy ? "SN1" : "TAO";
            var before = engine.Balance("bob", tokenOut);
            // The quote as the minimum out: a swap pays exactly it, so it must pass.
            engine.Block(new Swap(1, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao, amountIn, quoted).From("bob"));
            (engine.Balance("bob", tokenOut) - before).ShouldBe(quoted);
            engine.Events.Records.Select(r => r.Event).OfType<Swapped>().Last().AmountOut.ShouldBe(quoted);
        }
    }

    [Fact]
    public void A_quote_of_an_invalid_trade_is_zero()
    {
        var engine = PoolOf1000TaoAnd4000Alpha();
        SubnetMarket.SimSwapTaoForAlpha(engine.View, 2, Tao(1)).ShouldBe(Amount.Zero);       // unknown subnet
        SubnetMarket.SimSwapTaoForAlpha(engine.View, 1, Amount.Zero).ShouldBe(Amount.Zero);  // zero
        SubnetMarket.SimSwapAlphaForTao(engine.View, 1, Rao(1)).ShouldBe(Amount.Zero);       // 1000·1/4000e9 → 0
    }

    [Fact]
    public void K_never_decreases_over_random_pool_math_swaps()
    {
        // Pure pool math, 10,000 random pools and trades (both directions are the same formula with the
        // reserves swapped): (x + Δ)·(y − out) ≥ x·y, exactly in integers.
        var gen =
            from x in FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000_000_000_000)
            from y in FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000_000_000_000)
            from d in Gen.Frequency(
                (3, FsCheck.FSharp.Gen.Choose64(1, 1_000_000)),
                (3, FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000_000)),
                (3, FsCheck.FSharp.Gen.Choose64(1, long.MaxValue)))
            select (X: (ulong)x, Y: (ulong)y, D: (ulong)d);
        Check.One(Cases(10_000), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = PoolMath.AmountOut(PoolKind.ConstantProduct, Rao(t.X), Rao(t.Y), Half, Half, Rao(t.D));
            o.Units.ShouldBeLessThan((UInt128)t.Y); // the pool is never emptied
            var before = (BigInteger)t.X * t.Y;
            var after = ((BigInteger)t.X + t.D) * ((BigInteger)t.Y - (BigInteger)o.Units);
            after.ShouldBeGreaterThanOrEqualTo(before);
            // and out is the largest amount that keeps k: one rao more would break it.
            var more = ((BigInteger)t.X + t.D) * ((BigInteger)t.Y - (BigInteger)o.Units - 1);
            more.ShouldBeLessThan(before);
        }));
    }

    [Fact]
    public void K_never_decreases_over_random_engine_swaps()
    {
        var rng = new DeterministicRandom(42);
        foreach (var feeBps in new[] { 0, 30 })
        {
            var engine = NewEngine(NoTaoEmission(new SubnetParameters { SwapFeeBps = new(feeBps) }),
                ("alice", Tao(5_000)), ("bob", Tao(100_000)));
            engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"));
            var (t0, a0) = engine.Reserves(1);
            var k = (BigInteger)t0.Units * (BigInteger)a0.Units;
            for (int i = 0; i < 300; i++)
            {
                bool buy = rng.NextBelow(2) == 0;
                var held = engine.Balance("bob", buy ? "TAO" : "SN1");
                if (held.IsZero) continue;
                // Amounts spread over many magnitudes, from 1 rao to everything bob holds.
                var cap = (ulong)UInt128.Min(held.Units, ulong.MaxValue);
                var amount = Rao(1 + rng.NextBelow(Math.Max(1, cap >> (int)rng.NextBelow(40))));
                var result = engine.ExecuteBlock([new Swap(1, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao, amount, Amount.Zero).From("bob")]).Results[0];
                if (!result.Accepted) result.Error.ShouldBe(SubnetErrors.TradeTooSmall);
                var (t, a) = engine.Reserves(1);
                var next = (BigInteger)t.Units * (BigInteger)a.Units;
                next.ShouldBeGreaterThanOrEqualTo(k);
                k = next;
            }
        }
    }
}
