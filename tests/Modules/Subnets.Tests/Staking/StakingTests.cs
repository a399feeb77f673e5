using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Staking;

public class StakingTests
{
    /// <summary>
    /// Block 1: alice opens SN1 (1,000 TAO at 0.25), carol and dave buy alpha with 10 TAO each.
    /// Block 2: carol stakes 3 alpha with validator-a: 3e9 shares, one per unit. The block's alpha_out (1 alpha)
    /// pays stakers 0.41 alpha, all to validator-a: 3.41e9 alpha units for 3e9 shares.
    /// </summary>
    private static Engine CarolStakedWithValidatorA()
    {
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(2_000)), ("carol", Tao(100)), ("dave", Tao(100)));
        engine.Block(
            new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"),
            new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("carol"),
            new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("dave"));
        engine.Block(new Stake(1, "validator-a", Tao(3)).From("carol"));
        var stake = engine.Subnet(1).Stakes["validator-a"];
        stake.TotalShares.ShouldBe((UInt128)3_000_000_000);
        stake.TotalAlpha.ShouldBe(Rao(3_410_000_000));
        stake.AlphaOf("carol").ShouldBe(Rao(3_410_000_000));
        return engine;
    }

    private static T LastEvent<T>(Engine engine) => engine.Events.Records.Select(r => r.Event).OfType<T>().Last();

    [Fact]
    public void Staking_rounds_the_new_shares_down_and_unstaking_rounds_the_burn_up()
    {
        var engine = CarolStakedWithValidatorA();

        // Block 3: dave stakes 1 alpha: shares = ⌊1e9·3e9/3.41e9⌋ = ⌊879,765,395.89⌋ = 879,765,395.
        // Right after: 4.41e9 alpha for 3,879,765,395 shares; dave's worth ⌊4.41e9·879,765,395/3,879,765,395⌋
        // = 999,999,999 < 1e9 (the lost fraction stays with the pool), carol's ⌊4.41e9·3e9/3,879,765,395⌋ = 3.41e9.
        engine.Block(new Stake(1, "validator-a", Tao(1)).From("dave"));
        LastEvent<Staked>(engine).Shares.ShouldBe((UInt128)879_765_395);
        var stake = engine.Subnet(1).Stakes["validator-a"];
        stake.TotalShares.ShouldBe((UInt128)3_879_765_395);
        stake.SharesByColdkey["dave"].ShouldBe((UInt128)879_765_395);
        // Block 3's emission then adds 0.41 alpha: 4.82e9 alpha.
        //   carol: ⌊4.82e9·3e9/3,879,765,395⌋ = 3,727,029,479;  dave: ⌊4.82e9·879,765,395/3,879,765,395⌋ = 1,092,970,520.
        stake.TotalAlpha.ShouldBe(Rao(4_820_000_000));
        stake.AlphaOf("carol").ShouldBe(Rao(3_727_029_479));
        stake.AlphaOf("dave").ShouldBe(Rao(1_092_970_520));
        // Both worths are rounded down: together one unit less than the hotkey holds.
        (stake.AlphaOf("carol") + stake.AlphaOf("dave")).ShouldBe(Rao(4_819_999_999));

        // Block 4: dave withdraws all he is worth, 1,092,970,520: burn ⌈1,092,970,520·3,879,765,395/4.82e9⌉
        // = ⌈879,765,394.6…⌉ = 879,765,395, all his shares. Carol is left with 3,727,029,480 alpha for 3e9 shares:
        // the unit both roundings kept in the pool is now hers.
        var daveAlpha = engine.Balance("dave", "SN1");
        engine.Block(new Unstake(1, "validator-a", Rao(1_092_970_520)).From("dave"));
        LastEvent<Unstaked>(engine).Shares.ShouldBe((UInt128)879_765_395);
        (engine.Balance("dave", "SN1") - daveAlpha).ShouldBe(Rao(1_092_970_520));
        stake = engine.Subnet(1).Stakes["validator-a"];
        stake.SharesByColdkey.ContainsKey("dave").ShouldBeFalse();
        stake.TotalShares.ShouldBe((UInt128)3_000_000_000);
        // 3,727,029,480 + block 4's 0.41 alpha.
        stake.TotalAlpha.ShouldBe(Rao(3_727_029_480 + 410_000_000));
        stake.AlphaOf("carol").ShouldBe(stake.TotalAlpha);
    }

    [Fact]
    public void Emission_raises_the_alpha_per_share_of_every_delegator()
    {
        var engine = CarolStakedWithValidatorA();
        engine.Block(new Stake(1, "validator-a", Tao(1)).From("dave"));
        var stake = engine.Subnet(1).Stakes["validator-a"];
        var (carol, dave, shares) = (stake.AlphaOf("carol"), stake.AlphaOf("dave"), stake.TotalShares);
        for (int block = 0; block < 5; block++)
        {
            engine.AdvanceBlocks(1);
            stake = engine.Subnet(1).Stakes["validator-a"];
            stake.TotalShares.ShouldBe(shares); // nobody staked: the shares did not change…
            // …but each block's 0.41 alpha raised what every share is worth, for both delegators, pro rata.
            var (c, d) = (stake.AlphaOf("carol"), stake.AlphaOf("dave"));
            c.ShouldBeGreaterThan(carol);
            d.ShouldBeGreaterThan(dave);
            var gained = (c - carol) + (d - dave);
            gained.Units.ShouldBeInRange((UInt128)409_999_998, (UInt128)410_000_001);
            // carol holds 3e9/3,879,765,395 = 77.3% of the shares and gets that part of the gain (±1 unit).
            var carolPart = (double)(c - carol).Units / (double)gained.Units;
            carolPart.ShouldBe(3e9 / 3_879_765_395.0, 3e-9);
            (carol, dave) = (c, d);
        }
    }

    [Fact]
    public void A_delegator_cannot_unstake_more_than_its_shares_are_worth()
    {
        var engine = CarolStakedWithValidatorA();
        engine.ShouldBeRejectedWithoutEffect(new Unstake(1, "validator-a", Rao(3_410_000_001)).From("carol"), SubnetErrors.InsufficientStake)
            .Message!.ShouldContain("3410000000");
        // Dave has nothing with validator-a; carol has nothing with validator-b.
        engine.ShouldBeRejectedWithoutEffect(new Unstake(1, "validator-a", Rao(1)).From("dave"), SubnetErrors.InsufficientStake);
        engine.ShouldBeRejectedWithoutEffect(new Unstake(1, "validator-b", Rao(1)).From("carol"), SubnetErrors.InsufficientStake);
        // Exactly the worth is fine (after the rejected blocks above, 3 more blocks of 0.41 alpha were paid).
        var worth = engine.Subnet(1).Stakes["validator-a"].AlphaOf("carol");
        worth.ShouldBe(Rao(3_410_000_000 + 3 * 410_000_000UL));
        engine.Block(new Unstake(1, "validator-a", worth).From("carol"));
        engine.Subnet(1).Stakes.ContainsKey("validator-a").ShouldBeFalse(); // emptied: the hotkey's record goes
    }

    [Fact]
    public void Burning_the_last_shares_withdraws_everything_so_no_alpha_is_left_to_nobody()
    {
        // carol alone: 3.41e9 alpha for 3e9 shares. She withdraws all but one unit, 3,409,999,999:
        // ⌈3,409,999,999·3e9/3.41e9⌉ = ⌈2,999,999,999.1⌉ = 3e9 — every share. The unit left would belong to
        // nobody, keep drawing stakers' emission, and go to the next staker (one share per unit when there are
        // none). Burning the last shares takes all they carry: she receives 3.41e9.
        var engine = CarolStakedWithValidatorA();
        var carolAlpha = engine.Balance("carol", "SN1");
        var miners = engine.Balance("subnet:1:miners", "SN1");
        engine.Block(new Unstake(1, "validator-a", Rao(3_409_999_999)).From("carol"));
        var unstaked = LastEvent<Unstaked>(engine);
        unstaked.Shares.ShouldBe((UInt128)3_000_000_000);
        unstaked.Alpha.ShouldBe(Rao(3_410_000_000));
        (engine.Balance("carol", "SN1") - carolAlpha).ShouldBe(Rao(3_410_000_000));
        engine.Subnet(1).Stakes.ShouldBeEmpty();
        engine.Balance("subnet:1:stake", "SN1").ShouldBe(Amount.Zero);
        // Nobody stakes now: the block's stakers' part went to the miners with theirs (0.82 alpha).
        (engine.Balance("subnet:1:miners", "SN1") - miners).ShouldBe(Rao(820_000_000));

        // dave stakes 1 alpha afterwards and gets exactly what he put in, one share per unit.
        engine.Block(new Stake(1, "validator-a", Tao(1)).From("dave"));
        LastEvent<Staked>(engine).Shares.ShouldBe((UInt128)1_000_000_000);
        engine.Subnet(1).Stakes["validator-a"].AlphaOf("dave").ShouldBe(Rao(1_410_000_000)); // + the block's 0.41
    }

    [Fact]
    public void A_stake_too_small_to_buy_a_share_is_refused()
    {
        // One share is worth 3.41e9/3e9 = 1.137 units: 1 unit buys ⌊1·3e9/3.41e9⌋ = 0 shares.
        var engine = CarolStakedWithValidatorA();
        engine.ShouldBeRejectedWithoutEffect(new Stake(1, "validator-a", Rao(1)).From("dave"), SubnetErrors.TradeTooSmall);
        // 2 units buy 1 share (worth 1.137 units: the staker gives up 0.86 of a unit to the others).
        engine.Block(new Stake(1, "validator-a", Rao(2)).From("dave"));
        LastEvent<Staked>(engine).Shares.ShouldBe(UInt128.One);
    }

    [Fact]
    public void Random_stakes_and_unstakes_never_cost_the_other_delegators()
    {
        // 200 random sequences of stakes and unstakes by three coldkeys on two hotkeys, with emission between
        // blocks. After every transaction: the actor's new worth ≤ what it put in (stake) and no other delegator's
        // worth fell; each hotkey keeps ≥ 1 alpha unit per share and Σ worth ≤ its alpha; the stake account
        // holds exactly Σ hotkey alpha.
        string[] coldkeys = ["carol", "dave", "erin"];
        string[] hotkeys = ["hk-1", "hk-2"];
        var op =
            from who in Gen.Elements(coldkeys)
            from hk in Gen.Elements(hotkeys)
            from stake in Gen.Elements(true, true, false)
            from size in Gen.Frequency(
                (2, FsCheck.FSharp.Gen.Choose64(1, 10)),
                (4, FsCheck.FSharp.Gen.Choose64(1, 2_000_000_000)),
                (2, FsCheck.FSharp.Gen.Choose64(1_000_000_000, 60_000_000_000)))
            select (Who: who, Hotkey: hk, Stake: stake, Size: (ulong)size);
        var gen = Gen.ListOf(op, 25).Select(l => l.ToArray());
        Check.One(Cases(200), Prop.ForAll(gen.ToArbitrary(), ops =>
        {
            var engine = NewEngine(new SubnetParameters(), ("alice", Tao(2_000)), ("carol", Tao(100)), ("dave", Tao(100)), ("erin", Tao(100)));
            engine.Block(
                new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"),
                new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("carol"),
                new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("dave"),
                new Swap(1, SwapDirection.TaoToAlpha, Tao(10), Amount.Zero).From("erin"));
            foreach (var o in ops)
            {
                var before = Worths(engine, coldkeys, hotkeys);
                Envelope tx;
                Amount amount;
                if (o.Stake) tx = new Stake(1, o.Hotkey, amount = Rao(o.Size)).From(o.Who);
                else
                {
                    // Unstake a part of what the coldkey is worth (sometimes all of it, sometimes more).
                    var worth = before[(o.Who, o.Hotkey)];
                    amount = o.Size % 5 == 0 ? worth : o.Size % 7 == 0 ? worth + Rao(1) : Rao(worth.Units == 0 ? o.Size : 1 + (ulong)(o.Size % (ulong)worth.Units));
                    tx = new Unstake(1, o.Hotkey, amount).From(o.Who);
                }
                var result = Apply(engine, tx, out var after);
                if (!result.Accepted)
                    result.Error.ShouldBeOneOf(SubnetErrors.InsufficientStake, SubnetErrors.TradeTooSmall, CoreErrors.InsufficientBalance, CoreErrors.ZeroAmount);
                foreach (var key in before.Keys)
                {
                    if (key.Coldkey == o.Who && key.Hotkey == o.Hotkey)
                    {
                        if (!result.Accepted) after[key].ShouldBe(before[key]);
                        else if (o.Stake) (after[key] - before[key]).ShouldBeLessThanOrEqualTo(amount);
                        else (before[key] - after[key]).ShouldBeGreaterThanOrEqualTo(amount);
                    }
                    else after[key].ShouldBeGreaterThanOrEqualTo(before[key], $"{key} lost from {tx}");
                }
                CheckStakeBooks(engine);
            }
        }));
    }

    private static Dictionary<(string Coldkey, string Hotkey), Amount> Worths(Engine engine, string[] coldkeys, string[] hotkeys)
    {
        var worths = new Dictionary<(string, string), Amount>();
        var stakes = engine.Subnet(1).Stakes;
        foreach (var c in coldkeys)
            foreach (var h in hotkeys)
                worths[(c, h)] = stakes.TryGetValue(h, out var s) ? s.AlphaOf(c) : Amount.Zero;
        return worths;
    }

    /// <summary>
    /// Runs <paramref name="tx"/> in a block and returns every delegator's worth just after it — before the block's
    /// emission, which is not observable between blocks — rebuilt from the Staked/Unstaked event applied to a copy
    /// of the hotkeys as they were.
    /// </summary>
    private static TxResult Apply(Engine engine, Envelope tx, out Dictionary<(string Coldkey, string Hotkey), Amount> worths)
    {
        var stakes = engine.Subnet(1).Stakes.ToDictionary(kv => kv.Key, kv => (Ballast.Subnets.Staking.HotkeyStake)kv.Value.DeepClone());
        var result = engine.ExecuteBlock([tx]).Results[0];
        if (result.Accepted)
        {
            var e = engine.Events.Records.Last(r => r.Event is Staked or Unstaked).Event;
            var (coldkey, hotkey, alpha, shares, stake) = e switch
            {
                Staked s => (s.Coldkey, s.Hotkey, s.Alpha, s.Shares, true),
                Unstaked u => (u.Coldkey, u.Hotkey, u.Alpha, u.Shares, false),
                _ => throw new InvalidOperationException(),
            };
            if (!stakes.TryGetValue(hotkey, out var h)) stakes[hotkey] = h = new Ballast.Subnets.Staking.HotkeyStake { Hotkey = hotkey };
            h.SharesByColdkey.TryGetValue(coldkey, out var owned);
            if (stake)
            {
                h.TotalAlpha += alpha; h.TotalShares += shares; h.SharesByColdkey[coldkey] = owned + shares;
            }
            else
            {
                shares.ShouldBeLessThanOrEqualTo(owned);
                h.TotalAlpha -= alpha; h.TotalShares -= shares; h.SharesByColdkey[coldkey] = owned - shares;
            }
        }
        worths = new();
        foreach (var c in new[] { "carol", "dave", "erin" })
            foreach (var hk in new[] { "hk-1", "hk-2" })
                worths[(c, hk)] = stakes.TryGetValue(hk, out var s) ? s.AlphaOf(c) : Amount.Zero;
        return result;
    }

    private static void CheckStakeBooks(Engine engine)
    {
        var s = engine.Subnet(1);
        var total = Amount.Zero;
        foreach (var h in s.Stakes.Values)
        {
            h.TotalShares.ShouldBeGreaterThan(UInt128.Zero);
            h.TotalAlpha.Units.ShouldBeGreaterThanOrEqualTo(h.TotalShares); // a share is worth at least one unit
            var sharesSum = UInt128.Zero;
            var worthSum = Amount.Zero;
            foreach (var (c, sh) in h.SharesByColdkey) { sharesSum += sh; worthSum += h.AlphaOf(c); }
            sharesSum.ShouldBe(h.TotalShares);
            worthSum.ShouldBeLessThanOrEqualTo(h.TotalAlpha);
            total += h.TotalAlpha;
        }
        engine.Balance("subnet:1:stake", "SN1").ShouldBe(total);
    }
}
