using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Governance;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Hardening;

/// <summary>
/// Per-accrual LP interest against crediting at repayment, worked by hand (trading fee 0 so that only interest moves):
/// lp-ann's 10,000 TAO; bob borrows 100 TAO at 2× in block 2; the accrual of block 360 charges U = 1%:
/// 50,000 + 10,000,000·150,000/800,000,000 = 51,875 ppb, i.e. 100e9·51,875/1e9 = 5,187,500 rao of interest, whose LP
/// part is 35% = 1,815,625 less the 12.5% insurance cut ⌊226,953.125⌋ = 226,953: 1,588,672 rao. lp-late deposits
/// 10,000 TAO in block 361; bob repays in block 362.
/// <list type="bullet">
/// <item>At repayment (deployed): the 1,588,672 reach the fee accumulator when bob repays, over 20,000e9 shares:
/// Δacc = ⌊1,588,672·1e18/2e13⌋ = 79,433,600,000, so lp-late takes ⌊1e13·Δacc/1e18⌋ = 794,336 rao of interest that
/// accrued before it came, and lp-ann keeps only the other 794,336.</item>
/// <item>Per accrual: the 1,588,672 raise LP assets in block 360 (10,000,001,588,672 rao for 1e13 shares), so lp-late's
/// 1e13 rao buy ⌊1e13·1e13/10,000,001,588,672⌋ = 9,999,998,411,328 shares; the repayment settles the receivable
/// instead of crediting anyone; lp-ann's shares are worth ⌊1e13·20,000,001,588,672/19,999,998,411,328⌋ =
/// 10,000,001,588,672 rao and lp-late's 9,999,999,999,999 (one rao of rounding to the pool).</item>
/// </list>
/// </summary>
public class PerAccrualInterestTests
{
    private static MarginWorld Run(LpInterestCrediting crediting)
    {
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithAccount("lp-late", 10_000)
            .WithTrader("bob", 1_000)
            .WithPair(3)
            .WithParameters(p => p with { LpInterestCrediting = crediting, TradingFeePpb = Ppb.Zero })
            .Build();
        world.Open("bob", 3, Tao(100), "2");
        world.AdvanceTo(360);
        world.LastBlockEvents<BorrowFeesAccrued>().Single().RatePpb.ShouldBe(new Ppb(51_875));
        world.RunOk(new DepositLiquidity(Tao(10_000)).From("lp-late"));
        world.RunOk(new ClosePosition(1, 1_000).From("bob"));
        world.LastBlockEvents<PositionClosed>().Single().BorrowingFee.ShouldBe(Rao(5_187_500));
        world.Solvency().Solvent.ShouldBeTrue();
        return world;
    }

    [Fact]
    public void At_repayment_a_late_deposit_takes_half_the_interest_that_accrued_before_it()
    {
        var world = Run(LpInterestCrediting.AtRepayment);
        world.Lp("lp-late")!.PendingFees.ShouldBe(Rao(794_336));
        world.Lp("lp-ann")!.PendingFees.ShouldBe(Rao(794_336));
        world.Lp("lp-late")!.Value.ShouldBe(Tao(10_000));
    }

    [Fact]
    public void Per_accrual_the_interest_belongs_to_whoever_lent_while_it_accrued()
    {
        var world = Run(LpInterestCrediting.PerAccrual);
        var credited = world.AllEvents<LpInterestCredited>().Single();
        credited.ShouldBe(new LpInterestCredited(Rao(5_187_500), Rao(1_588_672), Rao(1_588_672)));
        world.State.InterestReceivable.ShouldBe(Amount.Zero, "bob's repayment settled the receivable");
        world.State.TotalLpShares.ShouldBe(19_999_998_411_328UL);
        world.State.LpAssets.ShouldBe(Rao(20_000_001_588_672));
        world.Lp("lp-late")!.PendingFees.ShouldBe(Amount.Zero);
        world.Lp("lp-ann")!.PendingFees.ShouldBe(Amount.Zero);
        world.Lp("lp-ann")!.Value.ShouldBe(Rao(10_000_001_588_672));
        world.Lp("lp-late")!.Value.ShouldBe(Rao(9_999_999_999_999));
        // The protocol's and insurance's parts are paid at repayment as before: 5,187,500 − 1,588,672 − 226,953.
        world.State.ProtocolFees.ShouldBe(Rao(3_371_875));
    }

    /// <summary>
    /// Governance switches back to crediting at repayment while 1,588,672 rao are credited but unpaid (block 360 → the
    /// switch executes in block 363): bob's repayment settles the receivable first, so the LPs are not credited twice
    /// — nothing reaches the fee accumulator — and the books stay solvent.
    /// </summary>
    [Fact]
    public void Switching_back_to_repayment_crediting_settles_what_was_credited_and_credits_nothing_twice()
    {
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("bob", 1_000)
            .WithPair(3)
            .WithParameters(p => p with { LpInterestCrediting = LpInterestCrediting.PerAccrual, TradingFeePpb = Ppb.Zero })
            .Build();
        world.Open("bob", 3, Tao(100), "2");
        world.AdvanceTo(360);
        world.State.InterestReceivable.ShouldBe(Rao(1_588_672));
        world.Govern(new SetParameter("margin", "LpInterestCrediting", "atRepayment")).ShouldBeAccepted();
        world.RunOk(new ClosePosition(1, 1_000).From("bob"));
        world.State.InterestReceivable.ShouldBe(Amount.Zero);
        world.Lp("lp-ann")!.PendingFees.ShouldBe(Amount.Zero, "the interest is in the share value already");
        world.Lp("lp-ann")!.Value.ShouldBe(Rao(10_000_001_588_672));
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void Credited_interest_that_is_not_yet_repaid_cannot_be_withdrawn()
    {
        // lp-ann alone, 1,000 TAO, utilisation cap lifted to 100% so that only the cash check binds; bob borrows 600 at
        // 7× (crowdloan tier); after one accrual lp-ann's shares are worth 1,000 TAO plus the credited interest, but
        // only the 400 TAO in the vault may leave.
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 1_000)
            .WithTrader("bob", 1_000, crowdloanTao: 10)
            .WithPair(3)
            .WithParameters(p => p with { LpInterestCrediting = LpInterestCrediting.PerAccrual, MaxUtilizationPpb = Ppb.One, MinLiquidityRao = 1 })
            .Build();
        world.Open("bob", 3, Tao(100), "7");
        world.AdvanceTo(360);
        world.State.InterestReceivable.IsZero.ShouldBeFalse();
        world.State.LpAssets.ShouldBe(Tao(1_000) + world.State.InterestReceivable);
        world.Run(new WithdrawLiquidity(Tao(400) + Rao(1)).From("lp-ann"))
            .ShouldBeRejectedWith(MarginErrors.InsufficientLiquidity, "of credited interest is still owed by borrowers");
        world.Run(new WithdrawLiquidity(Tao(400)).From("lp-ann")).ShouldBeAccepted();
        world.Solvency().Solvent.ShouldBeTrue();
    }
}
