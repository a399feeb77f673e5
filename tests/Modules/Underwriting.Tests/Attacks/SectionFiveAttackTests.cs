using Ballast.Core.Numerics;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Attacks;

/// <summary>The attacks of seed 002 §5, each against the defence the module implements.</summary>
public class SectionFiveAttackTests
{
    private static Amount T(decimal tao) => Tao.Of(tao);

    [Fact]
    public void Sybil_identities_with_zero_reputation_cannot_buy_first_nor_be_drawn_nor_approve()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        // §5.1: reputable managers go first; a fresh identity (score 0) cannot open the market.
        foreach (var s in UwWorld.Sybils) w.Rejects(new BuyLong(id, T(10)), s, UnderwritingErrors.ReputableOnlyPhase);
        w.Rejects(new BuyLong(id, T(10)), UwWorld.Borrower, UnderwritingErrors.NotAManager);
        // Once a reputable manager opened it, sybils may buy (within the zero-score budget) and push it to the threshold...
        w.RunOk(new BuyLong(id, T(6)), "dee");
        foreach (var s in UwWorld.Sybils) w.RunOk(new BuyLong(id, T(6)), s);
        w.Instrument(id).CanBeApproved.ShouldBeTrue();
        // ...but they cannot approve: only drawn validators can, and a zero score is never drawn.
        foreach (var s in UwWorld.Sybils) w.Rejects(new ApproveInstrument(id, T(1)), s, UnderwritingErrors.NotAValidator);
        w.RunOk(new DrawValidators(id), "lp-1");
        w.Instrument(id).Validators.Keys.ShouldAllBe(v => !UwWorld.Sybils.Contains(v) && v != UwWorld.Borrower);
    }

    [Fact]
    public void Validators_are_drawn_by_reputation_above_the_percentile_and_never_the_borrower()
    {
        // Over many seeds, at the 25th percentile: the scores are dee 1, ben 3, ann 5, val 8, so the cutoff is ben's 3 and
        // dee is never drawn; val proposes, so it is never drawn either; ann (5) is drawn about 5/8 of the time, ben 3/8.
        var counts = new Dictionary<string, int>();
        for (ulong seed = 1; seed <= 80; seed++)
        {
            var w = new UwWorld(new UnderwritingParameters { ValidatorPercentilePpb = new Ppb(250_000_000) }, seed: seed, verifyRejections: false);
            long vault = w.StandardVault();
            long id = w.State.NextInstrumentId;
            w.RunOk(new ProposeCreditLine(vault, T(100), T(20), 1_000, 100), "val");
            w.RunOk(new BuyLong(id, T(21.25m)), "ann");
            w.RunOk(new DrawValidators(id), "lp-1");
            var v = w.Instrument(id).Validators.Keys.Single();
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        counts.Keys.ShouldBe(["ann", "ben"], ignoreOrder: true);
        counts["ann"].ShouldBeInRange(38, 62); // 50 expected; 3 standard deviations ≈ 13
    }

    [Fact]
    public void Only_the_utilizer_as_reputable_manager_means_no_eligible_validator()
    {
        var w = new UwWorld(new UnderwritingParameters { ValidatorPercentilePpb = new Ppb(1_000_000_000) });
        long vault = w.StandardVault();
        long id = w.State.NextInstrumentId;
        // The 100th percentile leaves only the top score (val's 8); val proposes, so nobody is left.
        w.RunOk(new ProposeCreditLine(vault, T(100), T(20), 1_000, 100), "val");
        w.RunOk(new BuyLong(id, T(21.25m)), "ann");
        w.Rejects(new DrawValidators(id), "lp-1", UnderwritingErrors.NoEligibleValidators);
    }

    [Fact]
    public void A_short_buyer_cannot_exceed_the_cap_its_locked_VT_sets()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(21.25m)), "ann");
        // The borrower shorting its own loan (§5.2) with no VT locked: refused.
        w.Rejects(new BuyShort(id, T(1)), UwWorld.Borrower, UnderwritingErrors.ShortCapExceeded);
        w.RunOk(new Deposit(vault, T(10)), UwWorld.Hedger);
        w.RunOk(new LockVt(vault, T(10)), UwWorld.Hedger);
        var cap = w.Vault(vault).ShareValue.MulAmount(T(10), Rounding.Down);
        w.Rejects(new BuyShort(id, cap + new Amount(1)), UwWorld.Hedger, UnderwritingErrors.ShortCapExceeded);
        w.RunOk(new BuyShort(id, cap), UwWorld.Hedger);
        w.Rejects(new UnlockVt(vault, T(1)), UwWorld.Hedger, UnderwritingErrors.VtLocked);
        w.RunOk(new BuyLong(id, T(15)), "ben");
        // After approval the cap holds in the book too, orders included.
        w.DrawAndApprove(id);
        w.Rejects(new PlaceOrder(id, OrderSide.BuyShort, 50, T(1)), UwWorld.Hedger, UnderwritingErrors.ShortCapExceeded);
        w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 60, T(5)), "ben");
        w.Rejects(new Trade(id, TradeSide.BuyShort, T(1), 60), UwWorld.Hedger, UnderwritingErrors.ShortCapExceeded);
        w.AssertBooks(id);
    }

    [Fact]
    public void An_early_flip_after_approval_pays_the_selling_fee_which_decays_to_maturity()
    {
        static (Amount Proceeds, Amount Fee, long ToMaturity) FlipAt(long blocksAfterApproval, decimal lockVt)
        {
            var w = new UwWorld();
            long vault = w.StandardVault();
            long id = w.CreditLine(vault);
            w.RunOk(new BuyLong(id, T(21.25m)), "ann");
            w.DrawAndApprove(id);
            if (lockVt > 0) w.RunOk(new LockVt(vault, T(lockVt)), "ann");
            w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 90, T(30)), UwWorld.Hedger);
            w.AdvanceTo(w.Instrument(id).ApprovedAt + blocksAfterApproval - 1);
            var before = w.Tao("ann");
            var fees = w.Vault(vault).Fees;
            w.RunOk(new Trade(id, TradeSide.SellLong, T(30), 90), "ann");
            w.Holding(id, "ann")!.Long.ShouldBe(Amount.Zero);
            w.Holding(id, UwWorld.Hedger)!.Long.ShouldBe(T(30));
            w.AssertBooks(id);
            return (w.Tao("ann") - before, w.Vault(vault).Fees - fees, w.Instrument(id).MaturityBlock - w.Engine.Height);
        }
        // 30 bonds at 0.9 = 27 TAO; right after approval (n of 1,000 blocks left) the fee is 5%·n/1,000 of it.
        var early = FlipAt(1, 0);
        early.ToMaturity.ShouldBeGreaterThan(990);
        early.Fee.ShouldBe(T(27).MulDiv(50_000_000u, 1_000_000_000u, Rounding.Up).MulDiv((UInt128)early.ToMaturity, 1_000u, Rounding.Up));
        early.Proceeds.ShouldBe(T(27) - early.Fee);
        var late = FlipAt(900, 0);
        late.Fee.ShouldBeLessThan(early.Fee);
        late.Fee.ShouldBeGreaterThan(Amount.Zero);
        // Locked VT worth about half the notional halves it.
        var locked = FlipAt(1, 13.5m);
        locked.Fee.ShouldBeLessThan(early.Fee);
        locked.Fee.ShouldBeGreaterThan(Amount.Zero);
    }

    private static (Amount DonorPayout, Amount VaultShare) DonationRun(decimal donation, decimal repaid, bool withShorts)
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(21.25m)), "ann"); // ann is the donor-manager: it holds every assessment long
        if (withShorts)
        {
            w.RunOk(new LockVt(vault, T(50)), "dee");
            w.RunOk(new BuyShort(id, T(10)), "dee");
            w.RunOk(new BuyLong(id, T(8)), "ann");
        }
        var validators = w.DrawAndApprove(id);
        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.RunOk(new Repay(id, T(repaid)), UwWorld.Borrower);
        if (donation > 0) w.RunOk(new Repay(id, T(donation)), "ann");
        w.AdvanceTo(w.Instrument(id).MaturityBlock + 100);
        w.RunOk(new Resolve(id), "lp-1");
        var payout = w.Holding(id, "ann")!.RedemptionValue!.Value;
        return (payout, w.Instrument(id).VaultShare);
    }

    [Fact]
    public void A_donation_to_the_instrument_does_not_profit_the_donor()
    {
        // §5.2: ann holds all the assessment longs except the validator's. Repaid in full (a gain branch) and short of
        // it (the loss branch), a donation D comes back at most as D·(ann's share of the longs) ≤ D.
        foreach (var repaid in new[] { 120m, 110m })
        {
            var without = DonationRun(0, repaid, withShorts: false);
            var with = DonationRun(5, repaid, withShorts: false);
            (with.DonorPayout - without.DonorPayout).ShouldBeLessThanOrEqualTo(T(5), $"repaid {repaid}");
            // The vault neither gains nor loses (up to a unit of rounding dust): the longs take it all.
            (with.VaultShare.Units - without.VaultShare.Units + 1).ShouldBeInRange((UInt128)0, (UInt128)2);
        }
    }

    [Fact]
    public void With_shorts_outstanding_a_donor_holding_more_longs_than_the_net_recovers_more_than_it_gave_at_the_shorts_expense()
    {
        // A finding, documented in docs/underwriting.md: in the loss branch a long redeems 1 + λ/c̄ (over the NET long)
        // while shorts redeem −λ/c̄, so raising λ by D moves D·c_l/c̄ to the longs and D·c_s/c̄ away from the shorts. A
        // donor whose longs exceed the net long recovers more than D; the shorts pay it, never the vault.
        var without = DonationRun(0, 110, withShorts: true);
        var with = DonationRun(5, 110, withShorts: true);
        (with.DonorPayout - without.DonorPayout).ShouldBeGreaterThan(T(5));
        (with.VaultShare.Units - without.VaultShare.Units + 1).ShouldBeInRange((UInt128)0, (UInt128)2);
    }
}
