using System.Numerics;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Pools;

public class WeightedPoolTests
{
    private static readonly Fixed W03 = F("0.3");
    private static readonly Fixed W07 = F("0.7");

    /// <summary>Weighted pool, TAO weight 0.3, alpha weight 0.7, opened with 300 TAO at price 1; no TAO emission.</summary>
    private static Engine WeightedPool()
    {
        var engine = NewEngine(NoTaoEmission(), ("alice", Tao(5_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(1, Tao(300), Fixed.One, PoolKind.Weighted, W03).From("alice"));
        return engine;
    }

    [Fact]
    public void Opening_reserves_and_spot_price_follow_the_weights()
    {
        var engine = WeightedPool();
        var subnet = engine.Subnet(1);
        subnet.TaoWeight.ShouldBe(W03);
        subnet.AlphaWeight.ShouldBe(W07);

        // alpha = (w_alpha/w_tao)·TAO/price = 2.333333333333333333 (18 decimals, down)·300 TAO
        //       = 699,999,999,999.9999999 → 699,999,999,999 rao.
        engine.Reserves(1).ShouldBe((Tao(300), Rao(699_999_999_999)));

        // p = (w_alpha·TAO)/(w_tao·alpha) = (0.7·300)/(0.3·699.999999999) = 1.000000000001428571…
        // The engine rounds each step down: TAO/alpha = 0.428571428572040816 (down), ·0.7 = 0.300000000000428571
        // (down), /0.3 = 1.00000000000142857 (down).
        var price = engine.Price(1);
        price.ShouldBe(F("1.00000000000142857"));
        // …within 3 ulps below the exact rational.
        var exactNum = (BigInteger)7 * 300_000_000_000 * BigInteger.Pow(10, 18);
        var exactDen = (BigInteger)3 * 699_999_999_999;
        var exactRaw = exactNum / exactDen; // floor
        var gap = exactRaw - (BigInteger)price.Raw;
        gap.ShouldBeInRange(BigInteger.Zero, new BigInteger(3));
    }

    [Fact]
    public void Spot_price_is_w_alpha_tao_over_w_tao_alpha()
    {
        // 1,000 TAO and 500 alpha at weights 0.3/0.7: p = 0.7·1000/(0.3·500) = 4.666666666666666666…
        // Steps (down): 1000/500 = 2; ·0.7 = 1.4; /0.3 = 4.666666666666666666.
        PoolMath.SpotPrice(Tao(1_000), Tao(500), W03, W07, Rounding.Down).ShouldBe(F("4.666666666666666666"));
        PoolMath.SpotPrice(Tao(1_000), Tao(500), W03, W07, Rounding.Up).ShouldBe(F("4.666666666666666667"));
        // Equal weights: TAO/alpha.
        PoolMath.SpotPrice(Tao(1_000), Tao(500), F("0.5"), F("0.5"), Rounding.Down).ShouldBe(F("2"));
    }

    [Fact]
    public void Selling_30_tao_into_the_weighted_pool_pays_what_the_formula_says()
    {
        var engine = WeightedPool();
        var quoted = SubnetMarket.SimSwapTaoForAlpha(engine.View, 1, Tao(30));
        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(30), Amount.Zero).From("bob"));
        var got = engine.Balance("bob", "SN1");
        got.ShouldBe(quoted);

        // out = y·(1 − (x/(x+Δ))^(w_in/w_out)) = 699.999999999·(1 − (300/330)^(0.3/0.7))
        //     = 699.999999999·(1 − 0.909090…^0.428571…) = 699.999999999·0.040024216… ≈ 28.016951252 alpha.
        var expected = 699.999999999 * (1 - Math.Pow(300.0 / 330.0, 0.3 / 0.7));
        expected.ShouldBe(28.01695125, 1e-8);
        var gotTokens = (double)got.Units / 1e9;
        gotTokens.ShouldBeLessThanOrEqualTo(expected);
        (expected - gotTokens).ShouldBeLessThan(1e-9 * expected);
    }

    [Fact]
    public void Weighted_out_matches_a_double_computation_and_never_exceeds_the_exact_formula()
    {
        // 3,000 random weighted pools and trades. The engine's power carries an error bound of 1e-15 relative
        // (FixedMath.PowRelativeErrorBound) that it charges to the trader: its output can fall short of the
        // exact y·(1 − r^e) by about 1e-15·y, and by one rao for rounding down. So:
        //  • never above the exact value (60-digit reference) — the pool never pays more than the formula;
        //  • never above the double computation by more than the double's own error;
        //  • within 1e-9 relative of the double computation, plus the documented 1e-15·y (+1 rao) allowance
        //    that matters only for trades below ~1e-6 of the pool.
        var gen =
            from wRaw in FsCheck.FSharp.Gen.Choose64(10_000_000_000_000_000, 990_000_000_000_000_000) // w_tao ∈ [0.01, 0.99]
            from x in FsCheck.FSharp.Gen.Choose64(1_000_000_000, 100_000_000_000_000_000)          // 1 to 1e8 tokens
            from y in FsCheck.FSharp.Gen.Choose64(1_000_000_000, 100_000_000_000_000_000)
            from d in Gen.Frequency(
                (2, FsCheck.FSharp.Gen.Choose64(1, 1_000_000)),
                (4, FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000_000)),
                (4, FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000_000_000_000)))
            from taoIn in Gen.Elements(true, false)
            select (W: new Fixed(wRaw), X: (ulong)x, Y: (ulong)y, D: (ulong)d, TaoIn: taoIn);
        Check.One(Cases(3_000), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (wIn, wOut) = c.TaoIn ? (c.W, Fixed.One - c.W) : (Fixed.One - c.W, c.W);
            var o = PoolMath.AmountOut(PoolKind.Weighted, Rao(c.X), Rao(c.Y), wIn, wOut, Rao(c.D));
            o.Units.ShouldBeLessThan((UInt128)c.Y);

            // Exact (to 1e-60): engine·Scale ≤ reference.
            var exactScaled = ExactReference.WeightedOutScaled(Rao(c.X), Rao(c.Y), wIn, wOut, Rao(c.D));
            ((BigInteger)o.Units * ExactReference.Scale).ShouldBeLessThanOrEqualTo(exactScaled, $"pays more than the exact formula: {c}");

            // Double: y·(1 − (x/(x+Δ))^(w_in/w_out)).
            double e = wIn.ToDouble() / wOut.ToDouble();
            double dbl = c.Y * (1 - Math.Pow((double)c.X / ((double)c.X + c.D), e));
            double engine = (double)o.Units;
            // Never above the double value beyond the double's own rounding (a few ulps of y·r^e, e·ε each).
            double doubleError = c.Y * 1e-16 * (4 + 2 * e);
            engine.ShouldBeLessThanOrEqualTo(dbl + doubleError, $"{c}");
            // Within 1e-9 relative, plus the documented allowance.
            (dbl - engine).ShouldBeLessThanOrEqualTo(1e-9 * dbl + 2e-15 * c.Y + 1 + doubleError, $"{c}");
        }));
    }

    [Fact]
    public void A_heavy_tao_weight_pool_does_not_overpay_a_small_trade()
    {
        // Found by the property above: w_tao 0.989855983309532662 (exponent w_in/w_out ≈ 97.58), 7.24e16 rao of TAO,
        // 2.33e16 rao of alpha, sell 498,628 rao of TAO. Exact out = 15,628,100.5155… rao. FixedMath.Ln used to be
        // off by up to ~30 units in the 18th decimal; times the exponent that exceeded the pool's 1e-15 safety
        // margin and the pool paid 15,628,112 rao — 11 more than the formula.
        var w = F("0.989855983309532662");
        var o = PoolMath.AmountOut(PoolKind.Weighted, Rao(72_416_944_935_843_880), Rao(23_259_891_013_146_078), w, Fixed.One - w, Rao(498_628));
        var exact = ExactReference.WeightedOutScaled(Rao(72_416_944_935_843_880), Rao(23_259_891_013_146_078), w, Fixed.One - w, Rao(498_628));
        (exact / ExactReference.Scale).ShouldBe(new BigInteger(15_628_100));
        o.Units.ShouldBeLessThanOrEqualTo((UInt128)15_628_100);
        o.Units.ShouldBeGreaterThanOrEqualTo((UInt128)15_628_100 - 30); // the 1e-15·y margin is ≈ 23 rao here
    }

    [Fact]
    public void Weighted_out_is_within_1e_9_of_the_double_value_for_trades_above_a_millionth_of_the_pool()
    {
        // The plain acceptance bar, on trades where neither the rao nor the power's error bound can matter:
        // Δ ≥ 1e-6·x and out ≥ 1e6 rao.
        var gen =
            from wRaw in FsCheck.FSharp.Gen.Choose64(10_000_000_000_000_000, 990_000_000_000_000_000)
            from x in FsCheck.FSharp.Gen.Choose64(1_000_000_000_000, 10_000_000_000_000_000)
            from y in FsCheck.FSharp.Gen.Choose64(1_000_000_000_000, 10_000_000_000_000_000)
            from f in FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000) // Δ = x·f/1e6, f/1e6 ∈ [1e-6, 1000]
            from taoIn in Gen.Elements(true, false)
            select (W: new Fixed(wRaw), X: (ulong)x, Y: (ulong)y, D: (ulong)((UInt128)(ulong)x * (ulong)f / 1_000_000), TaoIn: taoIn);
        Check.One(Cases(2_000), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (wIn, wOut) = c.TaoIn ? (c.W, Fixed.One - c.W) : (Fixed.One - c.W, c.W);
            var o = PoolMath.AmountOut(PoolKind.Weighted, Rao(c.X), Rao(c.Y), wIn, wOut, Rao(c.D));
            double dbl = c.Y * (1 - Math.Pow((double)c.X / ((double)c.X + c.D), wIn.ToDouble() / wOut.ToDouble()));
            if (dbl < 1e6) return;
            double engine = (double)o.Units;
            // Never above: against the double value up to its own last bits (a double near 1e16 steps by 2),
            // and exactly against the 60-digit reference.
            engine.ShouldBeLessThanOrEqualTo(dbl + 4 * (Math.BitIncrement(dbl) - dbl), $"{c}");
            ((BigInteger)o.Units * ExactReference.Scale).ShouldBeLessThanOrEqualTo(
                ExactReference.WeightedOutScaled(Rao(c.X), Rao(c.Y), wIn, wOut, Rao(c.D)), $"{c}");
            (Math.Abs(dbl - engine) / dbl).ShouldBeLessThanOrEqualTo(1e-9, $"{c}");
        }));
    }

    [Fact]
    public void The_weighted_invariant_does_not_fall_over_random_engine_swaps()
    {
        // V = TAO^w_tao · alpha^w_alpha, in logs: w_tao·ln TAO + w_alpha·ln alpha must not fall (double, 1e-12).
        var engine = NewEngine(NoTaoEmission(), ("alice", Tao(5_000)), ("bob", Tao(100_000)));
        engine.Block(new RegisterSubnet(1, Tao(300), F("0.8"), PoolKind.Weighted, W03).From("alice"));
        var rng = new DeterministicRandom(99);
        double LogV()
        {
            var (t, a) = engine.Reserves(1);
            var s = engine.Subnet(1);
            return s.TaoWeight.ToDouble() * Math.Log((double)t.Units) + s.AlphaWeight.ToDouble() * Math.Log((double)a.Units);
        }
        var v = LogV();
        int accepted = 0;
        for (int i = 0; i < 400; i++)
        {
            bool buy = rng.NextBelow(2) == 0;
            var held = engine.Balance("bob", buy ? "TAO" : "SN1");
            if (held.IsZero) continue;
            var cap = (ulong)UInt128.Min(held.Units, ulong.MaxValue);
            var amount = Rao(1 + rng.NextBelow(Math.Max(1, cap >> (int)rng.NextBelow(40))));
            var r = engine.ExecuteBlock([new Swap(1, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao, amount, Amount.Zero).From("bob")]).Results[0];
            if (r.Accepted) accepted++;
            else r.Error.ShouldBe(SubnetErrors.TradeTooSmall);
            var next = LogV();
            next.ShouldBeGreaterThanOrEqualTo(v - 1e-12, $"swap {i}: {(buy ? "buy" : "sell")} {amount}");
            v = next;
        }
        accepted.ShouldBeGreaterThan(200);
        engine.Subnet(1).TaoWeight.ShouldBe(W03); // no emission: weights untouched
    }
}
