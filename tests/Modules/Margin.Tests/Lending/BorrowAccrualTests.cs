using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Lending;

/// <summary>
/// The global borrow accumulator moves one period's rate at most once per 360 blocks (the block hook, or anyone's
/// margin.accrue when it is due); a position owes borrowed·(index now − index at open)/1e9, less its discount when
/// BorrowFeeTierDiscounted = 1. Worked across the kink: 10,000 TAO of LP liquidity, 5,000 lent (U = 50%), then
/// 8,500 (U = 85%).
/// </summary>
public class BorrowAccrualTests
{
    private static MarginWorld World(BorrowFeeDiscount tierDiscounted = BorrowFeeDiscount.TierDiscounted,
        IdleAccrualClock idle = IdleAccrualClock.Frozen) => MarginWorldBuilder.Create()
        .WithParameters(p => p with { BorrowFeeTierDiscounted = tierDiscounted, IdleAccrualClock = idle })
        .WithSubnet(3, 100_000, "0.05")
        .WithLp("lp-ann", 10_000)
        .WithTrader("carol", 5_000, tierAlpha: 100) // tier 1: 10% discount
        .WithPair(3)
        .Build();

    [Fact]
    public void Accumulator_adds_one_periods_rate_per_360_blocks_and_positions_owe_borrowed_times_its_rise()
    {
        var world = World();
        long setUp = 0; // the accumulator's clock stays at genesis while nothing is lent (IdleAccrualClock.Frozen)
        world.State.LastAccrualBlock.ShouldBe(setUp);

        long first = world.Open("carol", 3, Tao(2_500), "3"); // borrows 5,000 TAO: U = 50%
        world.Summary().Pool.UtilizationPpb.ShouldBe(new Ppb(500_000_000));
        world.Summary().Pool.BorrowRatePpbPer360Blocks.ShouldBe(new Ppb(143_750)); // 0.005% + 0.5·0.015%/0.8

        world.AdvanceTo(setUp + 359);
        world.State.BorrowIndex.ShouldBe(UInt128.Zero);
        world.Position(first).BorrowingFeeOwed.ShouldBe(Rao(0));

        world.AdvanceTo(setUp + 360);
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldHaveSingleItem().ShouldBe(new BorrowFeesAccrued(new Ppb(500_000_000), new Ppb(143_750), 143_750));
        // owed = 5,000e9 · 143,750 / 1e9 = 718,750,000 rao, less the 10% tier discount = 646,875,000
        world.Position(first).BorrowingFeeOwed.ShouldBe(Rao(646_875_000));

        long second = world.Open("carol", 3, Tao(1_750), "3"); // borrows 3,500 more: U = 85%, above the kink
        world.Summary().Pool.UtilizationPpb.ShouldBe(new Ppb(850_000_000));
        world.State.Positions[second].BorrowIndexAtOpen.ShouldBe((UInt128)143_750);

        world.AdvanceTo(setUp + 719);
        world.State.BorrowIndex.ShouldBe((UInt128)143_750);
        world.AdvanceTo(setUp + 720);
        // 0.005% + 0.015% + (0.85 − 0.8)·0.08%/0.2 = 0.04% = 400,000 ppb
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldHaveSingleItem().ShouldBe(new BorrowFeesAccrued(new Ppb(850_000_000), new Ppb(400_000), 543_750));
        // first: 5,000e9 · 543,750 / 1e9 = 2,718,750,000 → ·0.9 = 2,446,875,000
        // second: 3,500e9 · (543,750 − 143,750) / 1e9 = 1,400,000,000 → ·0.9 = 1,260,000,000
        world.Position(first).BorrowingFeeOwed.ShouldBe(Rao(2_446_875_000));
        world.Position(second).BorrowingFeeOwed.ShouldBe(Rao(1_260_000_000));
    }

    [Fact]
    public void Without_the_discount_switch_a_position_owes_the_full_rise()
    {
        var world = World(tierDiscounted: BorrowFeeDiscount.Undiscounted);
        long setUp = 0;
        long id = world.Open("carol", 3, Tao(2_500), "3");
        world.AdvanceTo(setUp + 360);
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao(718_750_000)); // 5,000e9 · 143,750 / 1e9
    }

    [Fact]
    public void Anyone_may_accrue_when_due_and_only_once_per_period()
    {
        var world = World();
        long setUp = 0;
        world.Open("carol", 3, Tao(2_500), "3");
        world.AdvanceTo(setUp + 358);
        world.Run(new AccrueBorrowFees().From("lp-ann"))
            .ShouldBeRejectedWith(MarginErrors.BorrowAccrualCooldown, $"moved at block {setUp}; next from block {setUp + 360}");

        // Due in block setUp + 360: the transaction moves it; the hook at the end of that block does not move it again.
        world.Run(new AccrueBorrowFees().From("lp-ann")).ShouldBeAccepted();
        world.Height.ShouldBe(setUp + 360);
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldHaveSingleItem();
        world.State.BorrowIndex.ShouldBe((UInt128)143_750);
        world.State.LastAccrualBlock.ShouldBe(setUp + 360);
        world.Run(new AccrueBorrowFees().From("lp-ann")).ShouldBeRejectedWith(MarginErrors.BorrowAccrualCooldown);
        world.State.BorrowIndex.ShouldBe((UInt128)143_750);
    }

    [Fact]
    public void Nothing_accrues_while_nothing_is_lent()
    {
        var world = World();
        world.AdvanceTo(world.Height + 1_000);
        world.State.BorrowIndex.ShouldBe(UInt128.Zero);
        world.AllEvents<BorrowFeesAccrued>().ShouldBeEmpty();
    }

    /// <summary>
    /// TenexiumProtocol.sol, updateAccruedBorrowingFees: after its 360-block cooldown check it returns while
    /// totalBorrowed is 0 without moving lastAccruedBorrowingFeesUpdate. So the clock stays at genesis through an idle
    /// stretch and the first period after the first borrow can fall due at once: a position opened at block 1,001
    /// pays a whole period's rate at the end of that very block.
    /// </summary>
    [Fact]
    public void Frozen_clock_while_idle_charges_the_first_period_at_once_as_the_contract_does()
    {
        var world = World(tierDiscounted: BorrowFeeDiscount.Undiscounted);
        world.AdvanceTo(999);
        world.State.LastAccrualBlock.ShouldBe(0);
        world.Run(new AccrueBorrowFees().From("lp-ann")).ShouldBeAccepted(); // due, but nothing is lent: no effect
        world.State.LastAccrualBlock.ShouldBe(0);
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldBeEmpty();

        long id = world.Open("carol", 3, Tao(2_500), "3"); // block 1,001
        world.Height.ShouldBe(1_001);
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldHaveSingleItem().ShouldBe(new BorrowFeesAccrued(new Ppb(500_000_000), new Ppb(143_750), 143_750));
        world.State.LastAccrualBlock.ShouldBe(1_001);
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao(718_750_000)); // a full period after 0 blocks
    }

    /// <summary>The other reading (kept as a switch): the clock restarts every idle block, so the first period begins with the first borrow.</summary>
    [Fact]
    public void Restarting_clock_while_idle_begins_the_first_period_with_the_first_borrow()
    {
        var world = World(tierDiscounted: BorrowFeeDiscount.Undiscounted, idle: IdleAccrualClock.RestartsWhileIdle);
        world.AdvanceTo(999);
        world.State.LastAccrualBlock.ShouldBe(999);
        world.Run(new AccrueBorrowFees().From("lp-ann")).ShouldBeRejectedWith(MarginErrors.BorrowAccrualCooldown, "moved at block 999; next from block 1359");

        long id = world.Open("carol", 3, Tao(2_500), "3"); // block 1,001; the clock last restarted at 1,000
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldBeEmpty();
        world.AdvanceTo(1_359);
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao(0));
        world.AdvanceTo(1_360);
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao(718_750_000));
    }
}
