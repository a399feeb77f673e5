using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>
/// Tiers: SN67 alpha staked to the protocol hotkey ≥ 100 / 1,000 / 2,000 / 5,000 / 10,000 → max leverage
/// 2/3/4/5/7/10×, fee discounts 0–50%. Crowdloan: N whole TAO contributed unlocks a tier's leverage up to N×
/// (&lt;3 → 2×, 3 → 3×, 4 → 4×, 5–6 → 5×, 7–9 → 7×, ≥10 → 10×) and a discount per whole TAO (mainnet 5%, capped at
/// 50%; README 2%, capped at 20%) that stacks with the tier's, together capped at 90%.
/// </summary>
public class TierAndCrowdloanTests
{
    private static readonly (string User, decimal Alpha, decimal Crowdloan)[] Users =
    [
        ("t0", 0, 0), ("t0-edge", 99.999999999m, 0), ("t1", 100, 0), ("t1-edge", 999.999999999m, 0), ("t2", 1_000, 0),
        ("t3", 2_000, 0), ("t4", 5_000, 0), ("t4-edge", 9_999.999999999m, 0), ("t5", 10_000, 0),
        ("c2", 0, 2.999999999m), ("c3", 0, 3), ("c4", 0, 4), ("c5", 0, 5), ("c6", 0, 6), ("c7", 0, 7), ("c9", 0, 9), ("c10", 0, 10), ("c20", 0, 20),
        ("t1c1", 100, 1), ("t3c4", 2_000, 4), ("t4c10", 5_000, 10), ("t5c10", 10_000, 10), ("t5c20", 10_000, 20),
    ];

    private static MarginWorld World(string preset = "mainnet")
    {
        var builder = MarginWorldBuilder.Create().WithPreset(preset).WithSubnet(3, 100_000, "0.05").WithLp("lp-ann", 10_000).WithPair(3);
        foreach (var (user, alpha, crowdloan) in Users) builder.WithTrader(user, 100, alpha, crowdloan);
        return builder.Build();
    }

    [Theory]
    [InlineData("t0", 0, "2", 0)]
    [InlineData("t0-edge", 0, "2", 0)]             // one rao of alpha short of 100
    [InlineData("t1", 1, "3", 100_000_000)]
    [InlineData("t1-edge", 1, "3", 100_000_000)]
    [InlineData("t2", 2, "4", 200_000_000)]
    [InlineData("t3", 3, "5", 300_000_000)]
    [InlineData("t4", 4, "7", 400_000_000)]
    [InlineData("t4-edge", 4, "7", 400_000_000)]
    [InlineData("t5", 5, "10", 500_000_000)]
    // crowdloan alone (tier 0): whole TAO unlock leverage; 5% per whole TAO, capped at 50%
    [InlineData("c2", 0, "2", 100_000_000)]        // 2.999999999 TAO counts as 2
    [InlineData("c3", 0, "3", 150_000_000)]
    [InlineData("c4", 0, "4", 200_000_000)]
    [InlineData("c5", 0, "5", 250_000_000)]
    [InlineData("c6", 0, "5", 300_000_000)]
    [InlineData("c7", 0, "7", 350_000_000)]
    [InlineData("c9", 0, "7", 450_000_000)]
    [InlineData("c10", 0, "10", 500_000_000)]
    [InlineData("c20", 0, "10", 500_000_000)]     // 100% capped at 50%
    // stacked: tier + crowdloan, the higher leverage, discounts added and capped at 90%
    [InlineData("t1c1", 1, "3", 150_000_000)]      // 10% + 5%
    [InlineData("t3c4", 3, "5", 500_000_000)]      // 5x beats 4x; 30% + 20%
    [InlineData("t4c10", 4, "10", 900_000_000)]    // 40% + 50% = 90%
    [InlineData("t5c10", 5, "10", 900_000_000)]    // 50% + 50% capped at 90%
    [InlineData("t5c20", 5, "10", 900_000_000)]
    public void Mainnet_tiers_and_crowdloan(string user, int tier, string maxLeverage, long discountPpb)
    {
        var view = World().Tier(user);
        view.Tier.ShouldBe(tier);
        view.MaxLeverage.ShouldBe(X(maxLeverage));
        view.DiscountPpb.ShouldBe(discountPpb);
    }

    [Theory]
    [InlineData("c5", "5", 100_000_000)]           // 2% per whole TAO
    [InlineData("c10", "10", 200_000_000)]
    [InlineData("c20", "10", 200_000_000)]         // capped at 20%
    [InlineData("t5c20", "10", 700_000_000)]       // 50% + 20%
    [InlineData("t1c1", "3", 120_000_000)]
    public void Readme_crowdloan_discount_is_two_percent_per_tao_capped_at_twenty(string user, string maxLeverage, long discountPpb)
    {
        var view = World("readme").Tier(user);
        view.MaxLeverage.ShouldBe(X(maxLeverage));
        view.DiscountPpb.ShouldBe(discountPpb);
    }

    [Fact]
    public void The_stake_counts_only_with_the_protocol_hotkey_on_the_protocol_subnet()
    {
        var world = World();
        world.Tier("t5").StakedAlpha.ShouldBe(Alpha(10_000));
        // t2 moves its stake to another hotkey: tier 0.
        world.RunOk(new Ballast.Subnets.Unstake(67, MarginWorldBuilder.ProtocolHotkey, Alpha(1_000)).From("t2"));
        world.RunOk(new Ballast.Subnets.Stake(67, "someone-else", Alpha(1_000)).From("t2"));
        world.Tier("t2").Tier.ShouldBe(0);
    }

    [Fact]
    public void Crowdloan_leverage_opens_positions_and_its_discount_applies_to_the_fee()
    {
        var world = World();
        world.Run(new OpenPosition(3, Tao(10), X("5.5"), 1_000).From("c5")).ShouldBeRejectedWith(MarginErrors.LeverageAboveTier, "tier 0 allows 5x");
        world.Open("c5", 3, Tao(10), "5");
        // gross 50 TAO · 0.3% · (1 − 25%) = 0.1125 TAO
        world.LastBlockEvents<PositionOpened>().ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            o => o.Tier.ShouldBe(0), o => o.DiscountPpb.ShouldBe(250_000_000), o => o.TradingFee.ShouldBe(Tao(0.1125m)));

        // Withdrawing the contribution takes both away.
        world.RunOk(new WithdrawCrowdloan().From("c5"));
        world.LastBlockEvents<CrowdloanWithdrawn>().ShouldHaveSingleItem().ShouldBe(new CrowdloanWithdrawn("c5", Tao(5)));
        world.Tier("c5").MaxLeverage.ShouldBe(X("2"));
        world.Tier("c5").DiscountPpb.ShouldBe(0);
        world.Run(new WithdrawCrowdloan().From("c5")).ShouldBeRejectedWith(MarginErrors.NoCrowdloanContribution, "c5 has contributed nothing");
        world.Balance(MarginModule.CrowdloanAccount).ShouldBe(world.State.Crowdloan.Values.Aggregate(Amount.Zero, (a, b) => a + b));
    }

    [Fact]
    public void Contributions_add_up_and_unlock_more_as_they_cross_whole_tao()
    {
        var world = World();
        world.RunOk(new ContributeCrowdloan(Rao(1)).From("c2")); // 2.999999999 + 0.000000001 = 3 TAO
        world.Tier("c2").MaxLeverage.ShouldBe(X("3"));
        world.Tier("c2").CrowdloanContribution.ShouldBe(Tao(3));
    }

    [Fact]
    public void The_tier_discount_lowers_the_borrowing_fee_too()
    {
        // BorrowFeeTierDiscounted = 1 on both presets: t5c10's 90% applies to what it owes.
        var world = World();
        long id = world.Open("t5c10", 3, Tao(10), "2");
        world.AdvanceTo(3 + 360);
        // U = 10/10,000 = 0.1%: 50,187 ppb → 10e9·50,187/1e9 = 501,870, ·(1 − 90%) = 50,187
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao(50_187));
    }
}
