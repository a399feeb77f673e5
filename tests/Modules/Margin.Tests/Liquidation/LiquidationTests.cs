using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Liquidation;

/// <summary>
/// Consecutive-block liquidation and its payment order, on <see cref="CrashWorld"/> after the whale sold 380,000
/// alpha (bob's health 104.67% against the 110% threshold).
/// </summary>
public class LiquidationTests
{
    private static readonly string[] Callers = MarginWorldBuilder.Liquidators;

    private static (MarginWorld World, long Id) Crashed(LiquidationWindowRule rule = LiquidationWindowRule.AnchoredToFirstCall)
    {
        var world = CrashWorld.Build(b => b.WithParameters(p => p with { LiquidationWindowRule = rule }));
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        world.Position(id).HealthPpb.ShouldBe(CrashWorld.HealthAfter380k);
        world.Position(id).Liquidatable.ShouldBeTrue();
        world.Candidates(3).ShouldBe([id]);
        return (world, id);
    }

    [Fact]
    public void Liquidation_happens_on_the_fifth_consecutive_call_and_pays_debt_interest_fee_then_the_owner()
    {
        var (world, id) = Crashed();
        for (int k = 1; k <= 4; k++)
        {
            world.Run(new Liquidate(id).From(Callers[k - 1])).ShouldBeAccepted();
            world.LastBlockEvents<LiquidationCalled>().ShouldHaveSingleItem()
                .ShouldBe(new LiquidationCalled(id, Callers[k - 1], k, 5, CrashWorld.HealthAfter380k));
            world.State.Positions.ContainsKey(id).ShouldBeTrue($"liquidated after only {k} calls");
            world.Position(id).LiquidationCalls.ShouldBe(k);
        }
        var lpBefore = world.State.LpAssets;
        var bobBefore = world.Balance("bob");
        world.Run(new Liquidate(id).From(Callers[4])).ShouldBeAccepted();
        world.State.Positions.ContainsKey(id).ShouldBeFalse();

        // proceeds = the sale, 104,676,156,532 (no added collateral); debt = 100 TAO + 5,187,500 interest
        // repaid in full: 100,005,187,500; left 4,670,969,032
        // fee = min(⌈2%·104,676,156,532⌉, left) = ⌈2,093,523,130.64⌉ = 2,093,523,131
        // owner's claim = 4,670,969,032 − 2,093,523,131 = 2,577,445,901
        world.LastBlockEvents<PositionLiquidated>().ShouldHaveSingleItem().ShouldBe(new PositionLiquidated(
            id, "bob", Rao(CrashWorld.SaleAfter380k), Tao(100), Rao(CrashWorld.Interest), Rao(2_093_523_131), Rao(2_577_445_901), Amount.Zero));

        // Interest through the borrowing split (35/0/65): LP ⌊5,187,500·35%⌋ = 1,815,625, of which ⌊12.5%⌋ = 226,953
        // to insurance and 1,588,672 to LPs; protocol 3,371,875. The liquidation fee (0/40/60): liquidators
        // ⌊2,093,523,131·40%⌋ = 837,409,252; protocol 1,256,113,879.
        world.LastBlockEvents<FeeDistributed>().ShouldBe([
            new FeeDistributed(FeeKind.Borrowing, Rao(CrashWorld.Interest), Rao(1_588_672), Rao(226_953), Rao(3_371_875)),
            new FeeDistributed(FeeKind.Liquidation, Rao(2_093_523_131), Amount.Zero, Amount.Zero, Rao(1_256_113_879)),
        ]);

        // ½ to the first caller: 418,704,626; the other half in quarters (⅛ each): ⌊418,704,626/4⌋ = 104,676,156;
        // the 2 rao of dust go to the protocol.
        world.LastBlockEvents<LiquidatorRewarded>().ShouldBe([
            new LiquidatorRewarded(id, "liq-1", Rao(418_704_626)),
            new LiquidatorRewarded(id, "liq-2", Rao(104_676_156)),
            new LiquidatorRewarded(id, "liq-3", Rao(104_676_156)),
            new LiquidatorRewarded(id, "liq-4", Rao(104_676_156)),
            new LiquidatorRewarded(id, "liq-5", Rao(104_676_156)),
        ]);
        world.State.LiquidatorRewards["liq-1"].ShouldBe(Rao(418_704_626));
        world.State.UserClaims["bob"].ShouldBe(Rao(2_577_445_901));
        world.State.ProtocolFees.ShouldBe(Rao(420_000_000 + 3_371_875 + 1_256_113_879 + 2)); // the open's 70% of 0.6 TAO, interest, fee, dust

        // The principal came back to the LPs; the position's alpha left the protocol into the pool.
        world.State.LpAssets.ShouldBe(lpBefore);
        world.State.TotalBorrowed.ShouldBe(Amount.Zero);
        world.AlphaBalance(MarginModule.PositionsAccount, 3).ShouldBe(Amount.Zero);
        world.Reserves(3).ShouldBe((Rao(145_032_212_388_417) - Rao(CrashWorld.SaleAfter380k), Rao(1_379_003_993_018_961) + Rao(CrashWorld.BobAlpha)));
        world.State.Liquidations.ShouldBe(1);
        world.State.Windows.ShouldBeEmpty();
        world.Balance("bob").ShouldBe(bobBefore);
        world.Solvency().Solvent.ShouldBeTrue();

        // Claims pay out what was credited.
        world.RunOk(new ClaimProceeds().From("bob"), new ClaimLiquidatorRewards().From("liq-1"), new ClaimLiquidatorRewards().From("liq-5"));
        world.Balance("bob").ShouldBe(bobBefore + Rao(2_577_445_901));
        world.Balance("liq-1").ShouldBe(Rao(418_704_626));
        world.Balance("liq-5").ShouldBe(Rao(104_676_156));
        world.Run(new ClaimProceeds().From("bob")).ShouldBeRejectedWith(MarginErrors.NothingToClaim);
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void The_liquidation_fee_is_capped_at_what_is_left_after_the_debt()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 400_000); // bob's alpha now sells for 101,705,722,275: health 101.70%
        foreach (var caller in Callers) world.Run(new Liquidate(id).From(caller)).ShouldBeAccepted();
        // left after the debt = 101,705,722,275 − 100,005,187,500 = 1,700,534,775 < ⌈2%·proceeds⌉ = 2,034,114,446:
        // the fee takes all of it and nothing is left for bob.
        world.LastBlockEvents<PositionLiquidated>().ShouldHaveSingleItem().ShouldBe(new PositionLiquidated(
            id, "bob", Rao(101_705_722_275), Tao(100), Rao(CrashWorld.Interest), Rao(1_700_534_775), Amount.Zero, Amount.Zero));
        // liquidators ⌊40%⌋ = 680,213,910: 340,106,955 first, ⌊340,106,955/4⌋ = 85,026,738 to each other (3 rao of dust)
        world.LastBlockEvents<LiquidatorRewarded>().Select(r => r.Reward).ShouldBe(
            [Rao(340_106_955), Rao(85_026_738), Rao(85_026_738), Rao(85_026_738), Rao(85_026_738)]);
        world.State.UserClaims.ShouldBeEmpty();
    }

    [Fact]
    public void Added_collateral_is_part_of_the_gross_proceeds_the_fee_is_taken_on()
    {
        var (world, id) = Crashed();
        world.RunOk(new AddCollateral(id, Tao(2)).From("bob"), new Liquidate(id).From(Callers[0])); // health (104.676… + 2)/100.005… = 106.67%
        for (int k = 1; k < 5; k++) world.Run(new Liquidate(id).From(Callers[k])).ShouldBeAccepted();
        // proceeds = 104,676,156,532 + 2,000,000,000 = 106,676,156,532; after the debt 6,670,969,032 is left;
        // fee = ⌈2%·106,676,156,532⌉ = 2,133,523,131; bob's claim 6,670,969,032 − 2,133,523,131 = 4,537,445,901
        world.LastBlockEvents<PositionLiquidated>().ShouldHaveSingleItem().ShouldBe(new PositionLiquidated(
            id, "bob", Rao(106_676_156_532), Tao(100), Rao(CrashWorld.Interest), Rao(2_133_523_131), Rao(4_537_445_901), Amount.Zero));
        world.State.TotalAddedCollateral.ShouldBe(Amount.Zero);
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void One_call_per_position_per_block()
    {
        var (world, id) = Crashed();
        var results = world.Block(new Liquidate(id).From("liq-1"), new Liquidate(id).From("liq-2")).Results;
        results[0].ShouldBeAccepted();
        results[1].ShouldBeRejectedWith(MarginErrors.LiquidationAlreadyCalled, $"in block {world.Height}");
        world.Position(id).LiquidationCalls.ShouldBe(1);
    }

    [Fact]
    public void A_missed_block_restarts_the_count()
    {
        var (world, id) = Crashed();
        for (int k = 0; k < 4; k++) world.Run(new Liquidate(id).From(Callers[k])).ShouldBeAccepted();
        world.Engine.AdvanceBlocks(1); // nobody calls in this block
        world.Position(id).LiquidationCalls.ShouldBe(0);

        // The next call is the first of a new window; liquidation takes five more, and the new callers are paid.
        string[] second = ["liq-5", "liq-4", "liq-3", "liq-2", "liq-1"];
        for (int k = 0; k < 4; k++)
        {
            world.Run(new Liquidate(id).From(second[k])).ShouldBeAccepted();
            world.LastBlockEvents<LiquidationCalled>().ShouldHaveSingleItem().Confirmation.ShouldBe(k + 1);
        }
        world.State.Positions.ContainsKey(id).ShouldBeTrue();
        world.Run(new Liquidate(id).From(second[4])).ShouldBeAccepted();
        world.State.Positions.ContainsKey(id).ShouldBeFalse();
        world.LastBlockEvents<LiquidatorRewarded>()[0].Liquidator.ShouldBe("liq-5");
    }

    /// <summary>
    /// TenexiumProtocol.sol, liquidatePosition: the window restarts only when <c>block.number − firstLiquidatableBlock ≥
    /// maxLiquidationCount</c>. Calls at F, F+2, F+3, F+4 leave the count at 4 (the missed block F+1 does not restart it);
    /// the call at F+5 starts a new window, so the fifth call of that one, at F+9, liquidates. With the other reading
    /// (a missed block restarts the count) the call at F+2 starts the window and F+6 liquidates.
    /// </summary>
    [Theory]
    [InlineData(LiquidationWindowRule.AnchoredToFirstCall, new[] { 1, 2, 3, 4, 1, 2, 3, 4, 5 }, 9)]
    [InlineData(LiquidationWindowRule.RestartOnMissedBlock, new[] { 1, 1, 2, 3, 4, 5 }, 6)]
    public void Where_the_count_restarts_after_a_missed_block(LiquidationWindowRule rule, int[] confirmations, int liquidatedAt)
    {
        var (world, id) = Crashed(rule);
        long first = world.Height + 1;
        int call = 0;
        for (long b = first; world.State.Positions.ContainsKey(id); b++)
        {
            world.Run(new Liquidate(id).From(Callers[call % Callers.Length])).ShouldBeAccepted();
            world.Height.ShouldBe(b);
            world.LastBlockEvents<LiquidationCalled>().ShouldHaveSingleItem().Confirmation.ShouldBe(confirmations[call]);
            call++;
            if (b == first) { world.Engine.AdvanceBlocks(1); b++; // nobody calls in block F+1; the next call would continue the window or not
                world.Position(id).LiquidationCalls.ShouldBe(rule == LiquidationWindowRule.AnchoredToFirstCall ? 1 : 0); }
        }
        world.Height.ShouldBe(first + liquidatedAt);
        call.ShouldBe(confirmations.Length);
    }

    [Fact]
    public void A_refused_call_on_a_recovered_position_breaks_the_run()
    {
        var (world, id) = Crashed();
        for (int k = 0; k < 3; k++) world.Run(new Liquidate(id).From(Callers[k])).ShouldBeAccepted();
        var held = world.AlphaBalance(MarginWorldBuilder.Whale, 3);
        world.WhaleBuys(3, Tao(30_000)).ShouldBeAccepted(); // the price recovers
        world.Run(new Liquidate(id).From("liq-4")).ShouldBeRejectedWith(MarginErrors.NotLiquidatable, "at or above subnet 3's threshold 110%");
        world.WhaleSells(3, world.AlphaBalance(MarginWorldBuilder.Whale, 3) - held).ShouldBeAccepted(); // and falls back
        world.Position(id).Liquidatable.ShouldBeTrue();
        for (int k = 1; k <= 4; k++)
        {
            world.Run(new Liquidate(id).From("liq-5")).ShouldBeAccepted();
            world.Position(id).LiquidationCalls.ShouldBe(k);
        }
        world.Run(new Liquidate(id).From("liq-5")).ShouldBeAccepted();
        world.State.Positions.ContainsKey(id).ShouldBeFalse();
        // One caller five times: ½ + 4·⅛, all to liq-5.
        world.LastBlockEvents<LiquidatorRewarded>().Select(r => r.Liquidator).Distinct().ShouldBe(["liq-5"]);
    }

    [Fact]
    public void A_partial_close_does_not_restart_the_count()
    {
        var (world, id) = Crashed();
        world.Run(new Liquidate(id).From("liq-1")).ShouldBeAccepted();
        world.Run(new Liquidate(id).From("liq-2")).ShouldBeAccepted();
        // bob sells a tenth of his alpha (not underwater: 104.67% of the debt) in the same block as the third call.
        var close = new ClosePosition(id, 1_000, Rao(CrashWorld.BobAlpha / 10)).From("bob");
        world.RunOk(close, new Liquidate(id).From("liq-3"));
        world.Position(id).LiquidationCalls.ShouldBe(3);
        world.Run(new Liquidate(id).From("liq-4")).ShouldBeAccepted();
        world.Run(new Liquidate(id).From("liq-5")).ShouldBeAccepted();
        world.State.Positions.ContainsKey(id).ShouldBeFalse("five consecutive liquidatable calls must liquidate, whatever the owner did between them");
    }

    [Fact]
    public void Adding_collateral_can_lift_a_position_out_of_liquidation()
    {
        var (world, id) = Crashed();
        world.Run(new Liquidate(id).From("liq-1")).ShouldBeAccepted();
        // Health = (sale + added)/debt: 6 TAO more makes it (104.676… + 6)/100.005… = 110.67%.
        world.Run(new AddCollateral(id, Tao(6)).From("bob")).ShouldBeAccepted();
        world.Position(id).HealthPpb.ShouldBe((long)Cp.MulDivDown(Rao(CrashWorld.SaleAfter380k).Units + Tao(6).Units, (UInt128)Ppb.Scale, 100_005_187_500));
        world.Run(new Liquidate(id).From("liq-2")).ShouldBeRejectedWith(MarginErrors.NotLiquidatable);
        world.Candidates(3).ShouldBeEmpty();
    }

    [Fact]
    public void The_keeper_calls_every_liquidatable_position_each_block_until_it_is_liquidated()
    {
        var (world, id) = Crashed();
        for (int b = 0; b < 5; b++)
        {
            var txs = new List<Ballast.Core.Blocks.Envelope>();
            world.Engine.RunKeeper("margin.liquidator", Callers[b], txs);
            txs.ShouldBe([new Liquidate(id).From(Callers[b])]);
            world.RunOk([.. txs]);
        }
        world.State.Positions.ShouldBeEmpty();
        var idle = new List<Ballast.Core.Blocks.Envelope>();
        world.Engine.RunKeeper("margin.liquidator", "liq-1", idle);
        idle.ShouldBeEmpty();
    }
}
