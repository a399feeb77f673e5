using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>LP shares, the fee accumulator and the protocol subnet's miner emission routed to LPs.</summary>
public class LiquidityProviderTests
{
    private static MarginWorld World(Func<MarginParameters, MarginParameters>? parameters = null) => MarginWorldBuilder.Create()
        .WithParameters(parameters ?? (p => p))
        .WithSubnet(3, 100_000, "0.05")
        .WithLp("ann", 6_000)
        .WithLp("ben", 4_000)
        .WithTrader("bob", 20_000)
        .WithPair(3)
        .EmissionsToLps()
        .Build();

    [Fact]
    public void Lp_fees_accrue_pro_rata_to_shares_and_are_claimed_in_tao()
    {
        var world = World();
        world.State.TotalLpShares.ShouldBe(Tao(10_000).Units); // one share per rao while no bad debt
        world.Open("bob", 3, Tao(10), "2");
        // fee 60,000,000: LPs get 15,750,000 (after insurance's 2,250,000): per share 15,750,000·1e18/1e13 = 1.575e12
        world.State.AccFeePerShare.ShouldBe((UInt128)1_575_000_000_000);
        var ann = world.Balance("ann");
        world.RunOk(new ClaimLpFees().From("ann"), new ClaimLpFees().From("ben"));
        world.LastBlockEvents<LpFeesClaimed>().ShouldBe([new LpFeesClaimed("ann", Rao(9_450_000)), new LpFeesClaimed("ben", Rao(6_300_000))]);
        world.Balance("ann").ShouldBe(ann + Rao(9_450_000));
        world.State.PendingLpFees.ShouldBe(Amount.Zero);
        world.Run(new ClaimLpFees().From("ann")).ShouldBeRejectedWith(MarginErrors.NothingToClaim);
    }

    [Fact]
    public void A_later_deposit_earns_only_fees_after_it()
    {
        var world = World();
        world.Open("bob", 3, Tao(10), "2"); // 15,750,000 to ann and ben
        world.RunOk(new DepositLiquidity(Tao(10_000)).From("bob"));
        world.Open("bob", 3, Tao(10), "2"); // 15,750,000 more, now over 20,000 TAO of shares
        world.RunOk(new ClaimLpFees().From("ann"), new ClaimLpFees().From("bob"));
        // ann: 9,450,000 + 6,000/20,000·15,750,000 = 9,450,000 + 4,725,000; bob: 10,000/20,000·15,750,000 = 7,875,000
        world.LastBlockEvents<LpFeesClaimed>().ShouldBe([new LpFeesClaimed("ann", Rao(14_175_000)), new LpFeesClaimed("bob", Rao(7_875_000))]);
    }

    [Fact]
    public void The_protocol_subnets_miner_emission_goes_to_lps_by_share()
    {
        var world = World();
        // Each block SN67 emits 1 alpha (supply under 10.5M): 18% to its owner, the rest (no stakers rewarded in the
        // quiet market) to the miners' recipient, margin:emissions: 0.82 alpha a block, all to LPs (LpEmissionSharePpb = 100%).
        world.LastBlockEvents<EmissionsReceived>().ShouldHaveSingleItem().ShouldBe(new EmissionsReceived(Rao(820_000_000), Rao(0)));
        world.AdvanceTo(10);
        world.State.PendingLpEmission.ShouldBe(Rao(10 * 820_000_000UL));
        world.RunOk(new ClaimLpEmissions().From("ann"));
        // 10 blocks · 0.82 alpha · 60% = 4.92 alpha (block 11's own emission comes after the claim)
        world.LastBlockEvents<LpEmissionsClaimed>().ShouldHaveSingleItem().ShouldBe(new LpEmissionsClaimed("ann", "SN67", Rao(4_920_000_000)));
        world.AlphaBalance("ann", 67).ShouldBe(Rao(4_920_000_000));
        world.Run(new ClaimLpFees().From("ann")).ShouldBeRejectedWith(MarginErrors.NothingToClaim); // no trading yet
    }

    [Fact]
    public void Emission_not_credited_to_lps_goes_to_the_insurance_manager()
    {
        var world = World(p => p with { LpEmissionSharePpb = 750_000_000 });
        world.LastBlockEvents<EmissionsReceived>().ShouldHaveSingleItem().ShouldBe(new EmissionsReceived(Rao(615_000_000), Rao(205_000_000)));
        world.AlphaBalance(MarginModule.InsuranceAccount, 67).ShouldBe(Rao(205_000_000));
    }

    [Fact]
    public void What_lps_can_claim_never_exceeds_what_was_credited_to_them()
    {
        // ann has 1,000 TAO in from block 1; ben and cat join in blocks 2 and 3; 0.82 alpha reaches the LPs each block.
        // Rewards per share are floored, and so is each LP's entry point (shares·acc at deposit): with entry points
        // rounded down too, ann + ben + cat could claim ⌊1e12·acc/1e18⌋ + ⌊ben·acc/1e18⌋ − ⌊ben·acc₁/1e18⌋ + … =
        // 4·820,000,000 + 1 rao after block 4: one rao more than the vault holds for them.
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("ann", 1_000)
            .WithAccount("ben", 10_000)
            .WithAccount("cat", 10_000)
            .EmissionsToLps()
            .Build();
        world.RunOk(new DepositLiquidity(Rao(6_562_900_844_824)).From("ben"));
        world.RunOk(new DepositLiquidity(Rao(2_247_466_076_250)).From("cat"));
        world.Engine.AdvanceBlocks(1);
        world.State.PendingLpEmission.ShouldBe(Rao(4 * 820_000_000UL));

        var claims = world.Block(new ClaimLpEmissions().From("ann"), new ClaimLpEmissions().From("ben"), new ClaimLpEmissions().From("cat")).Results;
        claims.ShouldAllBe(r => r.Accepted);
        var paid = world.LastBlockEvents<LpEmissionsClaimed>().Aggregate(Amount.Zero, (sum, e) => sum + e.Amount);
        paid.ShouldBeLessThanOrEqualTo(Rao(4 * 820_000_000UL));
        world.AlphaBalance(MarginModule.VaultAccount, 67).ShouldBe(world.State.PendingLpEmission);
    }
}
