using Ballast.Core.Numerics;
using Ballast.Underwriting.Pricing;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Lifecycle;

/// <summary>
/// A credit line of P = 100, I = 20 TAO from a vault with α = 50% (cap 60 bonds) and approval at 25% (30 bonds):
/// ann buys the first 30 bonds for exactly 21.25 TAO (∫₀³⁰ = 30²/720 + 20), validators approve, the borrower draws and
/// repays, and the bonds redeem.
/// </summary>
public class CreditLineLifecycleTests
{
    private static Amount T(decimal tao) => Tao.Of(tao);

    [Fact]
    public void A_credit_line_is_assessed_approved_repaid_and_redeemed_with_value_in_equal_to_value_out()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.Instrument(id).Phase.ShouldBe(MarketPhase.ReputableOnly);
        w.Instrument(id).StartPrice.ShouldBe(Tao.X("0.666666666666666666"));

        w.RunOk(new BuyLong(id, T(21.25m)), "ann");
        var ann = w.Holding(id, "ann")!;
        ann.Long.ShouldBe(T(30));
        ann.Paid.ShouldBe(T(21.25m));
        w.Instrument(id).Phase.ShouldBe(MarketPhase.Assessment); // 30 ≥ 25% of the 30-bond threshold
        w.Instrument(id).CanBeApproved.ShouldBeTrue();
        w.Instrument(id).Price.ShouldBe(Tao.X("0.75")); // 30/360 + 2/3
        w.AssertBooks(id);

        var vaultBefore = w.Vault(vault);
        var validators = w.DrawAndApprove(id);
        validators.Count.ShouldBe(1);
        validators.ShouldNotContain(UwWorld.Borrower);
        var inst = w.Instrument(id);
        inst.Phase.ShouldBe(MarketPhase.Approved);
        inst.Balance.ShouldBe(T(100));
        var vaultAfter = w.Vault(vault);
        vaultAfter.Deployed.ShouldBe(T(100));
        // The vault paid the principal and the validator's discount, nothing else.
        (vaultBefore.Idle - vaultAfter.Idle).ShouldBe(T(100) + vaultAfter.Discounts);
        w.AssertBooks(id);

        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.Tao(UwWorld.Borrower).ShouldBe(T(300));
        w.Rejects(new Resolve(id), "lp-1", UnderwritingErrors.NotResolvable);
        w.RunOk(new Repay(id, T(120)), UwWorld.Borrower);
        w.RunOk(new Resolve(id), "lp-1");
        inst = w.Instrument(id);
        inst.Phase.ShouldBe(MarketPhase.Resolved);
        inst.Omega.ShouldBe(Fixed.One);
        inst.ShortOmega.ShouldBe(Fixed.Zero);
        // V_in = realized + collateral = redemptions reserved + the vault's share, to the unit.
        inst.ValueIn.ShouldBe(T(120) + inst.Collateral);
        (inst.RedemptionReserve + inst.VaultShare).ShouldBe(inst.ValueIn);
        inst.RedemptionReserve.ShouldBe(inst.LongSupply); // ω = 1: one unit per long
        w.AssertBooks(id);

        var annBefore = w.Tao("ann");
        w.RunOk(new Redeem(id), "ann");
        (w.Tao("ann") - annBefore).ShouldBe(T(30)); // 30 bonds bought for 21.25 redeem for 30
        foreach (var v in validators) w.RunOk(new Redeem(id), v);
        w.Instrument(id).RedemptionReserve.ShouldBe(Amount.Zero);
        w.AssertBooks(id);

        // The vault earned I less the bondholders' discount and the validator subsidy; VT is worth more than 1.
        var final = w.Vault(vault);
        final.Deployed.ShouldBe(Amount.Zero);
        final.ShareValue.ShouldBeGreaterThan(Fixed.One);
        final.Assets.ShouldBe(vaultBefore.Assets + inst.VaultShare - T(100) - final.Discounts);
        w.Balance(UwWorld.Borrower, "VT1").ShouldBe(Amount.Zero);
    }

    [Fact]
    public void Reputation_rises_for_a_manager_whose_line_repays_and_falls_on_a_default()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long good = w.CreditLine(vault);
        w.RunOk(new BuyLong(good, T(21.25m)), "ann");
        w.DrawAndApprove(good);
        w.RunOk(new Repay(good, T(20)), UwWorld.Borrower); // principal still in the instrument + 20 interest = 120
        w.RunOk(new Resolve(good), "lp-1");
        var afterGood = w.Manager("ann");
        // p = (30/600)·R(1 − R) + R with R = 21.25/30; score 5 + 4·(¼ − (1 − p)²)
        var r = Reputation.AveragePrice(T(21.25m), T(30));
        var p = Reputation.ImpliedProbability(T(30), T(600), r);
        afterGood.Score.ShouldBe(Reputation.Update(Fixed.FromInt(5), p, true, Fixed.FromInt(4)));
        afterGood.Score.ShouldBeGreaterThan(Fixed.FromInt(5));
        afterGood.Budget.ShouldBeGreaterThan(T(600));

        long bad = w.CreditLine(vault);
        w.RunOk(new BuyLong(bad, T(21.25m)), "ben");
        w.DrawAndApprove(bad);
        w.RunOk(new Drawdown(bad), UwWorld.Borrower);
        w.RunOk(new Repay(bad, T(50)), UwWorld.Borrower);
        w.AdvanceTo(w.Instrument(bad).MaturityBlock + 100);
        w.RunOk(new Resolve(bad), "lp-1");
        var inst = w.Instrument(bad);
        inst.Omega.ShouldBe(Fixed.Zero); // a loss of 70 is beyond the net long of about 35
        w.Manager("ben").Score.ShouldBeLessThan(Fixed.FromInt(3));
        w.AssertBooks(bad);
    }

    [Fact]
    public void A_default_shrinks_the_validators_stake_to_staked_times_P_minus_loss_over_P()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(21.25m)), "ann");
        var validator = w.DrawAndApprove(id)[0];
        var vtBefore = w.Balance(validator, "VT1");
        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.RunOk(new Repay(id, T(60)), UwWorld.Borrower); // principal loss 40 of 100
        w.AdvanceTo(w.Instrument(id).MaturityBlock + 100);
        var supplyBefore = w.Vault(vault).VtSupply;
        w.RunOk(new Resolve(id), "lp-1");
        // staked 10 VT · (100 − 40)/100 = 6 VT back; 4 VT burned
        (w.Balance(validator, "VT1") - vtBefore).ShouldBe(T(6));
        (supplyBefore - w.Vault(vault).VtSupply).ShouldBe(T(4));
        w.AssertBooks(id);
    }

    [Fact]
    public void A_partial_loss_within_the_net_long_is_absorbed_by_the_longs_and_paid_to_the_shorts()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(21.25m)), "ann");
        w.RunOk(new LockVt(vault, T(50)), UwWorld.Hedger.Replace("hedger", "dee"));
        w.RunOk(new BuyShort(id, T(5)), "dee");
        w.RunOk(new BuyLong(id, T(10)), "ben");
        w.DrawAndApprove(id);
        var before = w.State.Instruments[id];
        var net = before.NetLong;
        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.RunOk(new Repay(id, T(110)), UwWorld.Borrower); // 10 short of the 120 owed
        w.AdvanceTo(w.Instrument(id).MaturityBlock + 100);
        w.RunOk(new Resolve(id), "lp-1");
        var inst = w.Instrument(id);
        var expected = RedemptionPrice.Compute(inst.LongSupply.Units, inst.ShortSupply.Units, T(120).Units, T(110).Units);
        expected.LongNumerator.ShouldBe((net - T(10)).Units);
        inst.Omega.ShouldBe(expected.Omega);
        inst.ShortOmega.ShouldBe(expected.ShortOmega);
        (inst.RedemptionReserve + inst.VaultShare).ShouldBe(inst.ValueIn);
        inst.Dust.ShouldBe(expected.Payout(inst.LongSupply, inst.ShortSupply) - inst.RedemptionReserve);
        // The vault is made whole on the expected return minus the bondholders' discount: the longs took the 10.
        var shortPayout = w.Holding(id, "dee")!.RedemptionValue!.Value;
        shortPayout.ShouldBe(expected.Payout(Amount.Zero, T(5)));
        w.AssertBooks(id);
    }

    [Fact]
    public void A_market_not_approved_by_the_deadline_refunds_every_unit()
    {
        var w = new UwWorld(new UnderwritingParameters { AssessmentBlocks = 300 });
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        var before = new[] { "ann", "ben", "dee" }.ToDictionary(a => a, w.Tao);
        w.RunOk(new BuyLong(id, T(3m)), "ann");
        w.RunOk(new BuyLong(id, T(4m), Fixed.FromInt(2)), "ben"); // the vault lends ben 4 more
        w.RunOk(new LockVt(vault, T(50)), "dee");
        w.RunOk(new BuyShort(id, T(2)), "dee");
        w.RunOk(new SellShort(id, T(1)), "dee"); // half the hedge closed against the curve
        w.Holding(id, "dee")!.Short.ShouldBe(T(1));
        w.Vault(vault).Lent.ShouldBeGreaterThan(Amount.Zero);
        w.Instrument(id).CanBeApproved.ShouldBeFalse();
        var idle = w.Vault(vault).Idle;
        w.Rejects(new CloseUnapproved(id), "lp-1", UnderwritingErrors.DeadlineNotReached);
        w.AdvanceTo(w.Instrument(id).AssessmentDeadline + 1);
        w.Rejects(new BuyLong(id, T(1)), "ann", UnderwritingErrors.DeadlinePassed);
        w.RunOk(new CloseUnapproved(id), "lp-1");
        foreach (var (a, tao) in before) w.Tao(a).ShouldBe(tao);
        w.Vault(vault).Lent.ShouldBe(Amount.Zero);
        w.Vault(vault).Idle.ShouldBe(idle + T(4));
        w.Instrument(id).Phase.ShouldBe(MarketPhase.Closed);
        w.Balance(w.State.Instruments[id].MarketAccount, "TAO").ShouldBe(Amount.Zero);
        w.AssertBooks(id);
    }
}
