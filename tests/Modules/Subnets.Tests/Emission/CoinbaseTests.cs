using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Emission;

public class CoinbaseTests
{

    /// <summary>
    /// A big EMA step (α = MovingAlpha·b/(b + halvingBlocks) = 0.5 from the first block on) and a TAO block emission
    /// of 0.125 TAO (18.375M TAO issued outside: 21M/(21M − 18.377M) ≈ 8.006 → 3 halvings), small enough that no
    /// subnet hits the 1-alpha cap on alpha_in.
    /// </summary>
    private static readonly SubnetParameters FastEma = new()
    {
        MovingAlpha = F("0.5"),
        EmaHalvingBlocks = 0,
        ExternalTaoIssuanceRao = 18_375_000_000_000_000,
    };

    /// <summary>Block 1: SN1 opens with 100 TAO at 0.2 (500 alpha), SN2 with 100 TAO at 0.1 (1,000 alpha).</summary>
    private static Engine TwoSubnets(SubnetParameters p)
    {
        var engine = NewEngine(p, ("alice", Tao(1_000)), ("bob", Tao(1_000)), ("carol", Tao(1_000)));
        engine.Block(
            new RegisterSubnet(1, Tao(100), F("0.2")).From("alice"),
            new RegisterSubnet(2, Tao(100), F("0.1")).From("bob"));
        return engine;
    }

    [Fact]
    public void The_first_block_shares_equally_then_tao_in_follows_the_ema_price()
    {
        var engine = TwoSubnets(FastEma);
        var state = engine.StateOf<SubnetState>();
        var (sn1, sn2) = (engine.Subnet(1), engine.Subnet(2));

        // ---- Block 1 (registration block): age 0, α = 0, both EMAs stay 0 → equal shares.
        state.LastBlockEmission.ShouldBe(Rao(125_000_000));                  // 1 TAO >> 3
        sn1.EmaPrice.ShouldBe(Fixed.Zero);
        sn2.EmaPrice.ShouldBe(Fixed.Zero);
        sn1.LastTaoIn.ShouldBe(Rao(62_500_000));                             // 0.125/2
        sn2.LastTaoIn.ShouldBe(Rao(62_500_000));
        sn1.LastAlphaIn.ShouldBe(Rao(312_500_000));                          // 0.0625/0.2 = 0.3125 alpha
        sn2.LastAlphaIn.ShouldBe(Rao(625_000_000));                          // 0.0625/0.1 = 0.625 alpha
        engine.Reserves(1).ShouldBe((Rao(100_062_500_000), Rao(500_312_500_000)));
        engine.Reserves(2).ShouldBe((Rao(100_062_500_000), Rao(1_000_625_000_000)));
        engine.Price(1).ShouldBe(F("0.2"));                                  // 100.0625/500.3125: unchanged
        engine.Price(2).ShouldBe(F("0.1"));
        state.TotalTaoEmitted.ShouldBe(Rao(125_000_000));

        // ---- Block 2: age 1, α = 0.5·1/(1 + 0) = 0.5.
        //   ema1 = 0.5·min(0.2, 1) + 0.5·0 = 0.1;  ema2 = 0.5·0.1 = 0.05.
        //   tao_in1 = ⌊0.125 TAO·0.1/0.15⌋ = ⌊83,333,333.3⌋ = 83,333,333 rao; tao_in2 = ⌊41,666,666.6⌋ = 41,666,666.
        //   alpha_in = tao_in/price: 83,333,333/0.2 = 416,666,665; 41,666,666/0.1 = 416,666,660.
        engine.AdvanceBlocks(1);
        sn1 = engine.Subnet(1);
        sn2 = engine.Subnet(2);
        sn1.EmaPrice.ShouldBe(F("0.1"));
        sn2.EmaPrice.ShouldBe(F("0.05"));
        sn1.LastTaoIn.ShouldBe(Rao(83_333_333));
        sn2.LastTaoIn.ShouldBe(Rao(41_666_666));
        sn1.LastAlphaIn.ShouldBe(Rao(416_666_665));
        sn2.LastAlphaIn.ShouldBe(Rao(416_666_660));
        engine.Price(1).ShouldBe(F("0.2"));
        engine.Price(2).ShouldBe(F("0.1"));
        // One rao of the 0.125 TAO was lost to rounding down and never minted.
        state = engine.StateOf<SubnetState>();
        state.TotalTaoEmitted.ShouldBe(Rao(125_000_000 + 124_999_999));
        engine.Ledger.Supply(engine.TaoToken).ShouldBe(Tao(3_000) + Rao(249_999_999));

        // ---- Block 3: ema1 = 0.5·0.2 + 0.5·0.1 = 0.15; ema2 = 0.5·0.1 + 0.5·0.05 = 0.075 (still 2:1).
        engine.AdvanceBlocks(1);
        engine.Subnet(1).EmaPrice.ShouldBe(F("0.15"));
        engine.Subnet(2).EmaPrice.ShouldBe(F("0.075"));
        engine.Subnet(1).LastTaoIn.ShouldBe(Rao(83_333_333));

        // ---- Block 4: carol buys SN2 with 50 TAO, so SN2's price rises and its EMA catches up; from now on
        // check every block against the rule itself.
        var before = (engine.Reserves(1), engine.Reserves(2));
        engine.Block(new Swap(2, SwapDirection.TaoToAlpha, Tao(50), Amount.Zero).From("carol"));
        for (int block = 0; block < 6; block++)
        {
            if (block > 0) engine.AdvanceBlocks(1);
            CheckBlockAgainstTheRule(engine, FastEma);
        }
        // SN2's share grew: its EMA now exceeds half of SN1's.
        (engine.Subnet(2).EmaPrice.Raw * 2).ShouldBeGreaterThan(engine.Subnet(1).EmaPrice.Raw);
        engine.Subnet(2).LastTaoIn.Units.ShouldBeGreaterThan((UInt128)41_666_666);
        before.ShouldNotBe((engine.Reserves(1), engine.Reserves(2)));
    }

    /// <summary>
    /// Recomputes the last block's emission for every subnet from the state after it: the price before the
    /// injection is (TAO − tao_in)/(alpha − alpha_in) — no swap ran after the hook — and each EMA moved from the
    /// value before; checks tao_in ∝ EMA, alpha_in = tao_in/price with the cap, and the price held.
    /// Constant-product pools only (a weighted pool's weights before the injection are not kept).
    /// </summary>
    private static void CheckBlockAgainstTheRule(Engine engine, SubnetParameters p, IReadOnlyDictionary<int, Fixed>? emaBefore = null)
    {
        var state = engine.StateOf<SubnetState>();
        var e = state.LastBlockEmission;
        var total = Fixed.Zero;
        foreach (var s in state.Subnets.Values) total += s.EmaPrice.Mul(Fixed.FromBps(10_000 - s.MinerBurn.Value), Rounding.Down);
        foreach (var s in state.Subnets.Values)
        {
            s.Kind.ShouldBe(PoolKind.ConstantProduct);
            var (tao, alpha) = engine.Reserves(s.Netuid);
            var priceBefore = PoolMath.SpotPrice(tao - s.LastTaoIn, alpha - s.LastAlphaIn, s.TaoWeight, s.AlphaWeight, Rounding.Down);
            var weight = s.EmaPrice.Mul(Fixed.FromBps(10_000 - s.MinerBurn.Value), Rounding.Down);
            var share = new Amount(FullMath.MulDiv(e.Units, (UInt128)weight.Raw, (UInt128)total.Raw, Rounding.Down));
            var alphaIn = priceBefore.DivAmount(share, Rounding.Down);
            var cap = AlphaCap(engine, s);
            if (alphaIn > cap)
            {
                alphaIn = cap;
                share = priceBefore.MulAmount(cap, Rounding.Down);
            }
            s.LastTaoIn.ShouldBe(share, $"SN{s.Netuid} tao_in");
            s.LastAlphaIn.ShouldBe(alphaIn, $"SN{s.Netuid} alpha_in");
            var priceAfter = engine.Price(s.Netuid);
            // The price held: less than p rao of TAO (⌊tao_in/p⌋ alpha) or 1 rao (⌊p·alpha_in⌋ TAO) unmatched, so
            // |Δp|·alpha ≤ ⌈p⌉ rao, +1 for rounding this product up.
            var bound = (UInt128)Math.Max(1, (int)Math.Ceiling(priceBefore.ToDouble())) + 1;
            (priceAfter - priceBefore).Abs().MulAmount(alpha, Rounding.Up).Units.ShouldBeLessThanOrEqualTo(bound, $"SN{s.Netuid} price moved");
            if (emaBefore is not null)
            {
                long age = engine.Height - s.RegisteredAt;
                var a = p.MovingAlpha.Mul(Fixed.Ratio(age, age + p.EmaHalvingBlocks, Rounding.Down), Rounding.Down);
                s.EmaPrice.ShouldBe(a.Mul(Fixed.Min(priceBefore, Fixed.One), Rounding.Down) + (Fixed.One - a).Mul(emaBefore[s.Netuid], Rounding.Down));
            }
        }
    }

    /// <summary>
    /// The cap on alpha_in: the alpha block emission at the alpha issued before this block's hook, i.e. the supply
    /// now less alpha_in and alpha_out (alpha_out is minted in full: owner, stakers, miners).
    /// </summary>
    private static Amount AlphaCap(Engine engine, Subnet s) =>
        Ballast.Subnets.Emission.EmissionSchedule.BlockEmission(engine.Ledger.Supply(s.AlphaToken) - s.LastAlphaIn - s.LastAlphaOut);

    [Fact]
    public void One_ema_step_with_a_ramp_of_three_halving_blocks()
    {
        // α = MovingAlpha·b/(b + halvingBlocks) = 0.5·b/(b + 3), b = blocks since registration.
        //   b = 1: α = 0.125, ema = 0.125·0.2 = 0.025
        //   b = 2: α = 0.5·2/5 = 0.2, ema = 0.2·0.2 + 0.8·0.025 = 0.06
        //   b = 3: α = 0.5·3/6 = 0.25, ema = 0.25·0.2 + 0.75·0.06 = 0.095
        // SN2 opens at 4 TAO per alpha: the EMA follows min(p, 1) = 1: 0.125, then 0.2 + 0.8·0.125 = 0.3.
        var p = FastEma with { EmaHalvingBlocks = 3 };
        var engine = NewEngine(p, ("alice", Tao(1_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(1, Tao(100), F("0.2")).From("alice"), new RegisterSubnet(2, Tao(100), F("4")).From("bob"));
        var ema = engine.StateOf<SubnetState>().Subnets.ToDictionary(kv => kv.Key, kv => kv.Value.EmaPrice);
        engine.AdvanceBlocks(1);
        engine.Subnet(1).EmaPrice.ShouldBe(F("0.025"));
        engine.Subnet(2).EmaPrice.ShouldBe(F("0.125"));
        CheckBlockAgainstTheRule(engine, p, ema);
        ema = engine.StateOf<SubnetState>().Subnets.ToDictionary(kv => kv.Key, kv => kv.Value.EmaPrice);
        engine.AdvanceBlocks(1);
        engine.Subnet(1).EmaPrice.ShouldBe(F("0.06"));
        engine.Subnet(2).EmaPrice.ShouldBe(F("0.3"));
        CheckBlockAgainstTheRule(engine, p, ema);
        engine.AdvanceBlocks(1);
        engine.Subnet(1).EmaPrice.ShouldBe(F("0.095"));
        // Shares 0.06·… : SN2 at price 4 earns by its capped EMA, not by its price.
        engine.Subnet(2).LastTaoIn.Units.ShouldBeGreaterThan(engine.Subnet(1).LastTaoIn.Units);
    }

    [Fact]
    public void Alpha_in_is_capped_at_the_alpha_block_emission_and_the_unused_tao_is_not_minted()
    {
        // Default issuance (2,000 TAO in the ledger): E = 1 TAO, shared equally in the first block: 0.5 TAO each.
        // SN1 at 0.2: 0.5/0.2 = 2.5 alpha > 1 alpha (the alpha block emission at 500 alpha issued) → alpha_in =
        // 1 alpha and tao_in = 0.2·1 = 0.2 TAO. SN2 at 0.1: 5 alpha → 1 alpha, 0.1 TAO. 0.7 TAO is never minted.
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(1_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(1, Tao(100), F("0.2")).From("alice"), new RegisterSubnet(2, Tao(100), F("0.1")).From("bob"));
        engine.StateOf<SubnetState>().LastBlockEmission.ShouldBe(Tao(1));
        engine.Subnet(1).LastAlphaIn.ShouldBe(Tao(1));
        engine.Subnet(1).LastTaoIn.ShouldBe(Rao(200_000_000));
        engine.Subnet(2).LastAlphaIn.ShouldBe(Tao(1));
        engine.Subnet(2).LastTaoIn.ShouldBe(Rao(100_000_000));
        engine.StateOf<SubnetState>().TotalTaoEmitted.ShouldBe(Rao(300_000_000));
        engine.Ledger.Supply(engine.TaoToken).ShouldBe(Tao(2_000) + Rao(300_000_000));
        // 100.2/501 = 0.2 and 100.1/1001 = 0.1: the injection left the prices where they were.
        engine.Reserves(1).ShouldBe((Rao(100_200_000_000), Tao(501)));
        engine.Price(1).ShouldBe(F("0.2"));
        engine.Reserves(2).ShouldBe((Rao(100_100_000_000), Tao(1_001)));
        engine.Price(2).ShouldBe(F("0.1"));
        // alpha_out: 1 alpha each (issuance far below 10.5M); nobody stakes → owner 18%, miners 82%.
        engine.Subnet(1).LastAlphaOut.ShouldBe(Tao(1));
        engine.Balance("alice", "SN1").ShouldBe(Rao(180_000_000));
        engine.Balance("subnet:1:miners", "SN1").ShouldBe(Rao(820_000_000));
        engine.Balance("bob", "SN2").ShouldBe(Rao(180_000_000));
    }

    [Fact]
    public void Alpha_out_goes_18_percent_to_the_owner_then_stakers_pro_rata_then_miners()
    {
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(2_000)), ("carol", Tao(100)), ("dave", Tao(100)));
        engine.Block(
            new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"),
            new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("carol"),
            new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("dave"));
        var owner0 = engine.Balance("alice", "SN1");
        var miners0 = engine.Balance("subnet:1:miners", "SN1");
        var stake0 = engine.Balance("subnet:1:stake", "SN1");
        stake0.ShouldBe(Amount.Zero);

        // Block 2: carol stakes 3 alpha with validator-a, dave 1 alpha with validator-b.
        engine.Block(new Stake(1, "validator-a", Tao(3)).From("carol"), new Stake(1, "validator-b", Tao(1)).From("dave"));

        // alpha_out = 1 alpha: owner 18% = 0.18; rest 0.82: stakers 50% = 0.41, pro rata 3:1 →
        // validator-a 0.3075, validator-b 0.1025; miners 0.41.
        var s = engine.Subnet(1);
        s.LastAlphaOut.ShouldBe(Tao(1));
        (engine.Balance("alice", "SN1") - owner0).ShouldBe(Rao(180_000_000));
        s.Stakes["validator-a"].TotalAlpha.ShouldBe(Rao(3_307_500_000));
        s.Stakes["validator-b"].TotalAlpha.ShouldBe(Rao(1_102_500_000));
        (engine.Balance("subnet:1:miners", "SN1") - miners0).ShouldBe(Rao(410_000_000));
        engine.Balance("subnet:1:stake", "SN1").ShouldBe(Rao(4_000_000_000UL + 410_000_000));
        // Each delegator's stake grew with its hotkey.
        s.Stakes["validator-a"].AlphaOf("carol").ShouldBe(Rao(3_307_500_000));
        s.Stakes["validator-b"].AlphaOf("dave").ShouldBe(Rao(1_102_500_000));
        // Totals since registration: block 1 (no stakers: 0.18 owner, 0.82 miners) + block 2.
        s.AlphaToOwner.ShouldBe(Rao(360_000_000));
        s.AlphaToStakers.ShouldBe(Rao(410_000_000));
        s.AlphaToMiners.ShouldBe(Rao(820_000_000 + 410_000_000));
    }

    [Fact]
    public void Stakers_rounding_dust_goes_to_the_miners()
    {
        // Three hotkeys with 1 alpha each: 0.41 alpha/3 = 136,666,666.6 → 136,666,666 each, 2 rao of dust → miners
        // get 410,000,000 + 2.
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(2_000)), ("carol", Tao(100)));
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"), new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("carol"));
        var miners0 = engine.Balance("subnet:1:miners", "SN1");
        engine.Block(
            new Stake(1, "hk-1", Tao(1)).From("carol"),
            new Stake(1, "hk-2", Tao(1)).From("carol"),
            new Stake(1, "hk-3", Tao(1)).From("carol"));
        var s = engine.Subnet(1);
        foreach (var hk in new[] { "hk-1", "hk-2", "hk-3" }) s.Stakes[hk].TotalAlpha.ShouldBe(Rao(1_136_666_666));
        (engine.Balance("subnet:1:miners", "SN1") - miners0).ShouldBe(Rao(410_000_002));
    }

    [Fact]
    public void Miner_burn_lowers_a_subnets_share()
    {
        // Same price 0.2, SN2 burns 50%: weights 0.1 and 0.05 after one EMA step → tao_in 2:1.
        var engine = NewEngine(FastEma, ("alice", Tao(1_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(1, Tao(100), F("0.2")).From("alice"), new RegisterSubnet(2, Tao(100), F("0.2"), MinerBurnBps: 5_000).From("bob"));
        engine.AdvanceBlocks(1);
        engine.Subnet(1).EmaPrice.ShouldBe(engine.Subnet(2).EmaPrice);
        engine.Subnet(1).LastTaoIn.ShouldBe(Rao(83_333_333));
        engine.Subnet(2).LastTaoIn.ShouldBe(Rao(41_666_666));
    }

    [Theory]
    [InlineData("0.25")]
    [InlineData("3.5")] // above 1 TAO per alpha the alpha cap does not bind: tao_in = share·E, alpha_in rounded down
    public void Injection_keeps_a_constant_product_price_within_a_rao(string openingPrice)
    {
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(5_000)), ("bob", Tao(5_000)));
        engine.Block(new RegisterSubnet(1, Tao(1_000), F(openingPrice)).From("alice"));
        var rng = new DeterministicRandom(3);
        for (int i = 0; i < 40; i++)
        {
            // An irregular price from a swap, then an empty block: only the injection moves the pool.
            bool buy = i % 2 == 0 || engine.Balance("bob", "SN1").IsZero;
            var amount = buy ? Rao(1 + rng.NextBelow(20_000_000_000)) : Rao(1 + rng.NextBelow((ulong)engine.Balance("bob", "SN1").Units / 2));
            engine.ExecuteBlock([new Swap(1, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao, amount, Amount.Zero).From("bob")]);
            var price = engine.Price(1);
            engine.AdvanceBlocks(1);
            var s = engine.Subnet(1);
            s.LastTaoIn.IsZero.ShouldBeFalse();
            var after = engine.Price(1);
            // |Δp|·alpha ≤ 1 rao: alpha_in = ⌊tao_in/p⌋ leaves less than p rao of TAO unmatched (or, when capped,
            // tao_in = ⌊p·alpha_in⌋ less than 1 rao short), on top of the price's own 1e-18 rounding.
            var (_, alpha) = engine.Reserves(1);
            (after - price).Abs().MulAmount(alpha, Rounding.Down).Units.ShouldBeLessThanOrEqualTo(
                (UInt128)Math.Max(1, (int)Math.Ceiling(price.ToDouble())), $"block {engine.Height}: {price} → {after}");
            CheckBlockAgainstTheRule(engine, new SubnetParameters());
        }
    }

    [Fact]
    public void A_weighted_pool_is_reweighted_so_that_its_price_holds()
    {
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(5_000)), ("bob", Tao(5_000)));
        engine.Block(new RegisterSubnet(1, Tao(300), F("0.2"), PoolKind.Weighted, F("0.3")).From("alice"));
        var rng = new DeterministicRandom(4);
        var lastWeight = engine.Subnet(1).TaoWeight;
        for (int i = 0; i < 40; i++)
        {
            bool buy = i % 2 == 0 || engine.Balance("bob", "SN1").IsZero;
            var amount = buy ? Rao(1 + rng.NextBelow(20_000_000_000)) : Rao(1 + rng.NextBelow((ulong)engine.Balance("bob", "SN1").Units / 2));
            engine.ExecuteBlock([new Swap(1, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao, amount, Amount.Zero).From("bob")]);
            var price = engine.Price(1);
            var weightBefore = engine.Subnet(1).TaoWeight;
            engine.AdvanceBlocks(1);
            var s = engine.Subnet(1);
            s.LastTaoIn.IsZero.ShouldBeFalse();
            s.LastAlphaIn.IsZero.ShouldBeFalse();
            // The injection adds equal values of TAO and alpha (tao_in = p·alpha_in), so the TAO weight moves toward ½:
            // w' = TAO'/(TAO' + p·alpha').
            s.TaoWeight.ShouldBeGreaterThan(weightBefore);
            s.TaoWeight.ShouldBeLessThan(F("0.5"));
            var (tao, alpha) = engine.Reserves(1);
            s.TaoWeight.ShouldBe(Fixed.Ratio(tao, tao + price.MulAmount(alpha, Rounding.Down), Rounding.Down));
            // …and the price holds: (w_alpha·TAO)/(w_tao·alpha) moved by at most a rao's worth across the alpha reserve.
            var after = engine.Price(1);
            (after - price).Abs().MulAmount(alpha, Rounding.Down).Units.ShouldBeLessThanOrEqualTo((UInt128)1, $"block {engine.Height}: {price} → {after}");
            lastWeight = s.TaoWeight;
        }
        lastWeight.ShouldBeGreaterThan(F("0.3"));
    }
}
