using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Liquidation;

/// <summary>
/// A liquidation whose proceeds do not repay the principal: the insurance manager's TAO covers the shortfall, and
/// what it cannot cover is written off the LPs' assets and recorded. On <see cref="CrashWorld"/> after the whale
/// dumped all its 1,000,000 alpha: bob's alpha sells for 49,825,162,156 rao against 100 TAO borrowed.
/// </summary>
public class BadDebtTests
{
    // shortfall = 100,000,000,000 − 49,825,162,156 = 50,174,837,844 rao; the unpaid interest is simply lost.
    private const long Shortfall = 50_174_837_844;

    // The only insurance inflow so far: 12.5% of the LP's 30% of the open's 0.6 TAO fee = 22,500,000 rao.
    private const long InsuranceFromOpen = 22_500_000;

    private static long LiquidateInFiveBlocks(MarginWorld world)
    {
        long id = world.State.Positions.Keys.Single();
        foreach (var caller in MarginWorldBuilder.Liquidators) world.Run(new Liquidate(id).From(caller)).ShouldBeAccepted();
        world.State.Positions.ShouldBeEmpty();
        return id;
    }

    [Fact]
    public void Close_is_refused_while_the_position_is_underwater()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 1_000_000);
        world.Position(id).Value.ShouldBe(Rao(CrashWorld.SaleAfterFullDump));
        world.Run(new ClosePosition(id, 1_000).From("bob"))
            .ShouldBeRejectedWith(MarginErrors.CloseWouldLeaveDebt, "an underwater position can only be liquidated");
    }

    [Fact]
    public void Bad_debt_the_insurance_fund_cannot_cover_is_written_off_the_lps_and_recorded()
    {
        var world = CrashWorld.Build();
        CrashWorld.Crash(world, 1_000_000);
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(Rao(InsuranceFromOpen));
        var shareValueBefore = MarginQueries.LpShareValue(world.State);
        shareValueBefore.ShouldBe(X("1"));

        long id = LiquidateInFiveBlocks(world);

        // Nothing is left after the principal, so no interest, no fee and no claim: 22,500,000 rao covered,
        // 50,174,837,844 − 22,500,000 = 50,152,337,844 uncovered.
        world.LastBlockEvents<PositionLiquidated>().ShouldHaveSingleItem()
            .ShouldBe(new PositionLiquidated(id, "bob", Rao(CrashWorld.SaleAfterFullDump), Rao(CrashWorld.SaleAfterFullDump), Rao(0), Rao(0), Rao(0), Rao(Shortfall)));
        world.LastBlockEvents<BadDebt>().ShouldHaveSingleItem()
            .ShouldBe(new BadDebt(id, Rao(Shortfall), Rao(InsuranceFromOpen), Rao(50_152_337_844)));
        world.LastBlockEvents<LiquidatorRewarded>().ShouldBeEmpty();
        world.State.BadDebtCovered.ShouldBe(Rao(InsuranceFromOpen));
        world.State.BadDebtUncovered.ShouldBe(Rao(50_152_337_844));
        world.State.InsuranceDrawn.ShouldBe(Rao(InsuranceFromOpen));
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(Rao(0));
        world.State.UserClaims.ShouldBeEmpty();

        // LPs: 10,000 TAO − 50,152,337,844 rao = 9,949,847,662,156 rao for 10,000e9 shares.
        world.State.LpAssets.ShouldBe(Rao(9_949_847_662_156));
        MarginQueries.LpShareValue(world.State).ShouldBe(X("0.9949847662156"));
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void An_insurance_fund_that_holds_enough_covers_the_whole_shortfall()
    {
        var world = CrashWorld.Build();
        world.RunOk(new Transfer(MarginModule.InsuranceAccount, "TAO", Tao(100)).From(MarginWorldBuilder.Whale)); // a donation
        world.Height.ShouldBe(CrashWorld.Crashed);
        // (the donation took block 363; the crash comes one block later here)
        world.WhaleSells(3, Alpha(1_000_000)).ShouldBeAccepted();
        var lpAssets = world.State.LpAssets;

        long id = LiquidateInFiveBlocks(world);

        world.LastBlockEvents<BadDebt>().ShouldHaveSingleItem().ShouldBe(new BadDebt(id, Rao(Shortfall), Rao(Shortfall), Rao(0)));
        world.State.BadDebtUncovered.ShouldBe(Rao(0));
        world.State.LpAssets.ShouldBe(lpAssets);
        MarginQueries.LpShareValue(world.State).ShouldBe(X("1"));
        // 100 TAO + 22,500,000 − 50,174,837,844 = 49,847,662,156 rao left in the fund
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(Rao(49_847_662_156));
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void The_manager_can_draw_insurance_into_the_lp_pool_to_restore_share_value()
    {
        var world = CrashWorld.Build(b => b.WithAccount("donor", 1_000));
        CrashWorld.Crash(world, 1_000_000);
        LiquidateInFiveBlocks(world);
        world.RunOk(new Transfer(MarginModule.InsuranceAccount, "TAO", Tao(60)).From("donor"));

        world.Run(new DrawInsurance(Tao(60.000000001m)).From(MarginWorldBuilder.Manager))
            .ShouldBeRejectedWith(MarginErrors.InsufficientInsurance, "holds 60.000000000 TAO; asked 60.000000001");
        world.Run(new DrawInsurance(Rao(50_152_337_844)).From(MarginWorldBuilder.Manager)).ShouldBeAccepted();
        world.LastBlockEvents<InsuranceDrawn>().ShouldHaveSingleItem().ShouldBe(new InsuranceDrawn(Rao(50_152_337_844), MarginWorldBuilder.Manager));
        world.State.LpAssets.ShouldBe(Tao(10_000));
        MarginQueries.LpShareValue(world.State).ShouldBe(X("1"));
        world.Solvency().Solvent.ShouldBeTrue();
    }
}
