using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Adversary2;

/// <summary>
/// An attacker's second pass over the vault, the assessment market and maturity: each test states a strategy, runs it,
/// and measures the coalition's PnL (every account, at the end) against the vault and the honest users.
/// </summary>
public class VaultAndMarketAdversaryTests
{
    private static Amount T(decimal tao) => Tao.Of(tao);
    private static Amount U(ulong units) => new(units);

    [Fact]
    public void Inflation_first_depositor_donating_to_the_vault_cannot_round_a_later_deposit_into_its_own_pocket()
    {
        // Strategy (ERC-4626 inflation): the attacker opens a fresh vault with 1 rao (1 VT unit), donates 100 TAO straight
        // to the vault's account (a ledger transfer, not a deposit), so one VT unit is worth 100 TAO; a victim depositing
        // 150 TAO would get ⌊150/100⌋ = 1 unit and the attacker's unit would then redeem 125 TAO.
        var w = new UwWorld();
        const string attacker = UwWorld.Donor, victim = UwWorld.Hedger;
        long vault = w.State.NextVaultId;
        w.RunOk(new CreateVault("TAO", new Ppb(500_000_000), new Ppb(250_000_000), Fixed.FromInt(3), T(10)), attacker);
        var attackerStart = w.Tao(attacker);
        var victimStart = w.Tao(victim);
        w.RunOk(new Deposit(vault, U(1)), attacker);
        w.RunOk(new Transfer($"underwriting:vault:{vault}", "TAO", T(100)), attacker);
        // Fixed: a deposit is refused while one VT unit is worth more than MaxShareValueUnits asset units.
        w.Rejects(new Deposit(vault, T(150)), victim, UnderwritingErrors.ShareValueTooHigh);
        w.Tao(victim).ShouldBe(victimStart);
        // The attacker takes its donation back; its PnL is zero at best, and the victim was never touched.
        w.RunOk(new Withdraw(vault, U(1)), attacker);
        (w.Tao(attacker) <= attackerStart).ShouldBeTrue();
        w.Tao(victim).ShouldBe(victimStart);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void Inflation_a_small_donation_can_at_most_leave_sub_unit_dust_and_the_attacker_still_loses()
    {
        // The same strategy kept under the share-value cap: 1,000 units per VT unit at most, so a victim's rounding loss is
        // below 1,000 rao, while the attacker's donation is shared with the victim.
        var w = new UwWorld();
        const string attacker = UwWorld.Donor, victim = UwWorld.Hedger;
        long vault = w.State.NextVaultId;
        w.RunOk(new CreateVault("TAO", new Ppb(500_000_000), new Ppb(250_000_000), Fixed.FromInt(3), T(10)), attacker);
        var attackerStart = w.Tao(attacker);
        var victimStart = w.Tao(victim);
        w.RunOk(new Deposit(vault, U(1)), attacker);
        w.RunOk(new Transfer($"underwriting:vault:{vault}", "TAO", U(999)), attacker); // one VT unit = 1,000 rao
        w.RunOk(new Deposit(vault, U(1_999)), victim);                                  // ⌊1,999/1,000⌋ = 1 unit
        w.RunOk(new Withdraw(vault, U(1)), attacker);
        var attackerPnl = (long)(ulong)w.Tao(attacker).Units - (long)(ulong)attackerStart.Units;
        w.RunOk(new Withdraw(vault, U(1)), victim);
        var victimPnl = (long)(ulong)w.Tao(victim).Units - (long)(ulong)victimStart.Units;
        // Attacker: paid 1,000, got ⌊2,999/2⌋ = 1,499 → +499 rao; the victim −499 rao: bounded by the cap (< 1,000 rao,
        // 10⁻⁶ TAO) whatever the deposit's size, because the cap bounds what one VT unit is worth.
        attackerPnl.ShouldBeLessThan(1_000);
        victimPnl.ShouldBeGreaterThan(-1_000);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void Withdrawing_one_VT_unit_at_a_time_takes_no_more_than_one_withdrawal()
    {
        // Rounding dust repeated: 200 one-unit withdrawals at a share value above 1 each round down in the vault's favour.
        var w = new UwWorld();
        long vault = w.StandardVault();
        w.RunOk(new Transfer($"underwriting:vault:{vault}", "TAO", T(3.3333m)), UwWorld.Donor); // share value ≈ 1.0003
        w.RunOk(new Deposit(vault, T(10)), UwWorld.Hedger);
        var vt = w.Balance(UwWorld.Hedger, $"VT{vault}");
        var start = w.Tao(UwWorld.Hedger);
        var fair = w.Vault(vault).ShareValue.MulAmount(U(200), Rounding.Down);
        for (int k = 0; k < 200; k++) w.RunOk(new Withdraw(vault, U(1)), UwWorld.Hedger);
        (w.Tao(UwWorld.Hedger) - start).ShouldBeLessThanOrEqualTo(fair);
        (w.Tao(UwWorld.Hedger) - start).ShouldBe(U(200)); // ⌊1.0003⌋ = 1 each: the fraction stays in the vault
        w.Balance(UwWorld.Hedger, $"VT{vault}").ShouldBe(vt - U(200));
    }

    [Fact]
    public void Curve_round_trips_in_dust_sized_trades_never_pay_the_trader()
    {
        // Buy 1 rao of bonds' worth and sell back, 50 times, plus buy big / sell in small pieces: each area is rounded in
        // the pool's favour, so the trader ends at or below its start and the market account holds its collateral.
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(10)), "ann");
        var start = w.Tao("ann");
        for (int k = 0; k < 50; k++)
        {
            w.RunOk(new BuyLong(id, U(3)), "ann");
            var h = w.Holding(id, "ann")!;
            var r = w.Run(new SellLong(id, U(2)), "ann");
            if (!r.Accepted) r.Error.ShouldBe(UnderwritingErrors.SaleAboveContribution);
        }
        var longs = w.Holding(id, "ann")!.Long;
        // Sell everything back in 7 pieces.
        var piece = longs.MulDiv(1, 7, Rounding.Down);
        for (int k = 0; k < 6; k++) w.RunOk(new SellLong(id, piece), "ann");
        w.RunOk(new SellLong(id, w.Holding(id, "ann")!.Long), "ann");
        var h2 = w.Holding(id, "ann")!;
        h2.Long.ShouldBe(Amount.Zero);
        (h2.Received <= h2.Paid).ShouldBeTrue();
        (w.Tao("ann") - start <= T(10)).ShouldBeTrue(); // at most its first 10 TAO back
        w.AssertBooks(id);
    }

    [Fact]
    public void Leveraged_manager_buying_with_the_vaults_money_then_letting_the_line_lapse_gets_back_only_its_own()
    {
        // A 3×-leveraged manager (val, score 8) borrows two thirds of its purchase from the vault, sells part back
        // (repaying the loan first) and lets the assessment lapse: the refund repays the rest of the loan; the vault's idle
        // balance and every account end where they started.
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        var idle = w.Vault(vault).Idle;
        var start = w.Tao("val");
        w.RunOk(new BuyLong(id, T(7), Fixed.FromInt(3)), "val");
        w.Vault(vault).Lent.ShouldBeGreaterThan(T(13.9m));
        w.RunOk(new SellLong(id, w.Holding(id, "val")!.Long.MulDiv(1, 2, Rounding.Down)), "val");
        // The sale repaid the vault first: val has nothing back yet.
        (w.Tao("val") <= start - T(6.99m)).ShouldBeTrue();
        w.AdvanceTo(w.Instrument(id).AssessmentDeadline + 1);
        w.RunOk(new CloseUnapproved(id), "lp-1");
        w.Tao("val").ShouldBe(start);
        w.Vault(vault).Lent.ShouldBe(Amount.Zero);
        w.Vault(vault).Idle.ShouldBe(idle);
        w.AssertBooks(id);
    }

    [Fact]
    public void A_validator_buying_up_to_the_curves_end_cannot_make_the_vault_lose_on_a_fully_repaid_line()
    {
        // Strategy: the drawn validator approves with as much collateral as the curve takes past α·c (up to c = P + I).
        // Between α·c and c the bonds cost ∫p < their face, and the vault pays 5% of that area as the discount. On a line
        // repaid in full (P + I), the vault receives E − (c̄ − ∫₀^c̄ p) − discounts; at c̄ = c that is P − discounts, a loss
        // on a repaid loan (before the fix: −2.75 TAO here, the validator +7.75 TAO). Fixed: a validator's purchase stops
        // where the interest the longs leave the vault still covers the discounts (Approval.VaultSafeBonds).
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault); // P = 100, I = 20, c = 120, α·c = 60
        w.RunOk(new BuyLong(id, T(50)), "ann");
        w.RunOk(new DrawValidators(id), "lp-1");
        var validator = w.Instrument(id).Validators.Keys.Single();
        var vBefore = w.Tao(validator);
        var assetsBefore = w.Vault(vault).Assets;
        w.RunOk(new ApproveInstrument(id, T(200)), validator);
        w.Instrument(id).NetLong.ShouldBeLessThan(T(120)); // stopped short of the curve's end
        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.RunOk(new Repay(id, T(120)), UwWorld.Borrower);
        w.RunOk(new Resolve(id), "lp-1");
        w.RunOk(new Redeem(id), validator);
        var validatorPnl = w.Tao(validator) - vBefore;
        var vaultPnl = (long)(ulong)w.Vault(vault).Assets.Units - (long)(ulong)assetsBefore.Units;
        vaultPnl.ShouldBeGreaterThanOrEqualTo(0);
        // The validator still earns the discount it was paid, but only out of interest the vault would otherwise keep.
        (validatorPnl <= T(20)).ShouldBeTrue();
        w.AssertBooks(id);
    }

    [Fact]
    public void Several_validators_together_cannot_make_the_vault_lose_on_a_repaid_line_either()
    {
        // The bound counts the discounts already paid on the market: three validators each approving with 100 TAO.
        var w = new UwWorld(new UnderwritingParameters { ValidatorCount = 3, ValidatorPercentilePpb = Ppb.Zero });
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(50)), "ann");
        var assetsBefore = w.Vault(vault).Assets;
        var validators = w.DrawAndApprove(id, collateral: 100);
        validators.Count.ShouldBe(3);
        w.Instrument(id).Phase.ShouldBe(MarketPhase.Approved);
        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.RunOk(new Repay(id, T(120)), UwWorld.Borrower);
        w.RunOk(new Resolve(id), "lp-1");
        ((long)(ulong)w.Vault(vault).Assets.Units - (long)(ulong)assetsBefore.Units).ShouldBeGreaterThanOrEqualTo(0);
        w.AssertBooks(id);
    }

    [Fact]
    public void Finding_a_zero_interest_self_line_farms_reputation_for_free()
    {
        // Strategy (reputation gaming): a coalition of a manager (ann) and the utilizer (borrower) proposes a line with
        // I = 0 (accepted: the curve is flat at price 1), ann buys to the threshold, an honest validator approves (it is
        // paid the 5% discount by the vault, so approving is free money), the borrower repays at once and ann's Brier is 0:
        // its score rises by k/4 = 1 per line at no cost to the coalition. FINDING (left): reputation — budget, leverage,
        // validator weight — can be bought for nothing (before the validator bound each lap also cost the vault the discount).
        var w = new UwWorld();
        long vault = w.StandardVault();
        var coalitionStart = w.Tao("ann") + w.Tao(UwWorld.Borrower);
        var scoreStart = w.Manager("ann").Score;
        var assetsStart = w.Vault(vault).Assets;
        for (int lap = 0; lap < 3; lap++)
        {
            long id = w.State.NextInstrumentId;
            w.RunOk(new ProposeCreditLine(vault, T(100), Amount.Zero, 10, 0), UwWorld.Borrower);
            w.RunOk(new BuyLong(id, T(25)), "ann");
            w.RunOk(new DrawValidators(id), "lp-1");
            var v = w.Instrument(id).Validators.Keys.Single();
            v.ShouldNotBe("ann");
            w.RunOk(new ApproveInstrument(id, T(5)), v);
            w.RunOk(new Drawdown(id), UwWorld.Borrower);
            w.RunOk(new Repay(id, T(100)), UwWorld.Borrower);
            w.RunOk(new Resolve(id), "lp-1");
            w.RunOk(new Redeem(id), "ann");
            w.RunOk(new Redeem(id), v);
        }
        (w.Tao("ann") + w.Tao(UwWorld.Borrower)).ShouldBe(coalitionStart); // the coalition paid nothing
        (w.Manager("ann").Score - scoreStart).ShouldBe(Fixed.FromInt(3)); // and gained 3 points (k/4 per lap)
        // Since the validator bound (VaultSafeBonds) the validator of a zero-interest line gets no discount worth a rao
        // more than rounding, so the vault is whole; only the reputation is free.
        (w.Vault(vault).Assets >= assetsStart).ShouldBeTrue();
    }

    [Fact]
    public void A_wiped_out_leveraged_manager_who_never_redeems_cannot_keep_a_dead_loan_inflating_the_share_value()
    {
        // Strategy: val buys longZCB at 3× (the vault lends two thirds); the line defaults in full, ω = 0. val's bonds
        // redeem for nothing, so it never redeems: if the loan stayed on the books until a redemption, the vault would keep
        // counting it in its assets, and a VT holder exiting first (the hedger, knowing) would take the overstated share
        // value from those who stay. Fixed: resolution writes off the part of each loan its payout does not cover.
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new Deposit(vault, T(500)), UwWorld.Hedger);
        w.RunOk(new BuyLong(id, T(10), Fixed.FromInt(3)), "val");
        var loan = w.Vault(vault).Lent;
        loan.ShouldBeGreaterThan(T(19.9m));
        w.RunOk(new BuyLong(id, T(20)), "ann");
        w.DrawAndApprove(id);
        w.RunOk(new Drawdown(id), UwWorld.Borrower);
        w.AdvanceTo(w.Instrument(id).MaturityBlock + 100);
        w.RunOk(new Resolve(id), "lp-1");
        w.Instrument(id).Omega.ShouldBe(Fixed.Zero);
        // The loan is gone from the books at resolution, not at val's (never coming) redemption.
        w.Vault(vault).Lent.ShouldBe(Amount.Zero);
        var v = w.Vault(vault);
        v.Assets.ShouldBe(v.Idle + v.Deployed);
        var shareValue = v.ShareValue;
        // The first to exit gets the true value; val redeeming later (for nothing) changes no share value.
        var hedgerVt = w.Balance(UwWorld.Hedger, $"VT{vault}");
        var before = w.Tao(UwWorld.Hedger);
        w.RunOk(new Withdraw(vault, hedgerVt), UwWorld.Hedger);
        var got = w.Tao(UwWorld.Hedger) - before;
        w.RunOk(new Redeem(id), "val");
        w.Vault(vault).ShareValue.ShouldBeGreaterThanOrEqualTo(shareValue);
        (got <= shareValue.MulAmount(hedgerVt, Rounding.Down)).ShouldBeTrue();
        (got < T(500)).ShouldBeTrue(); // the hedger bears its share of the default, as every VT holder does
        w.AssertBooks(id);
    }

    [Fact]
    public void Finding_a_lock_held_for_one_block_waives_the_selling_fee_on_an_early_flip()
    {
        // Strategy (fee evasion): the selling fee shrinks with the seller's locked VT (§5.3: a seller who stays exposed).
        // ann locks its 100 VT, hits a bid with its longs right after approval and unlocks — three transactions in one
        // block. FINDING (left): the fee is waived in full and the lock is gone the same block, so the "exposure" bought
        // nothing; the vault loses the fee an unlocked seller pays (measured here against the same trade without the lock).
        Amount FeeOfFlip(bool flashLock)
        {
            var w = new UwWorld();
            long vault = w.StandardVault();
            long id = w.CreditLine(vault);
            w.RunOk(new BuyLong(id, T(21.25m)), "ann");
            w.DrawAndApprove(id);
            w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 90, T(30)), UwWorld.Hedger);
            var fees = w.Vault(vault).Fees;
            var trade = new Trade(id, TradeSide.SellLong, T(30), 90);
            if (flashLock)
                w.RunOk(new LockVt(vault, T(100)).From("ann"), trade.From("ann"), new UnlockVt(vault, T(100)).From("ann"));
            else
                w.RunOk(trade.From("ann"));
            w.Vault(vault).Locked.ContainsKey("ann").ShouldBeFalse();
            w.AssertBooks(id);
            return w.Vault(vault).Fees - fees;
        }
        var unlocked = FeeOfFlip(flashLock: false);
        var flash = FeeOfFlip(flashLock: true);
        unlocked.ShouldBeGreaterThan(T(1));  // 5% · 27 TAO at the start of the term
        flash.ShouldBe(Amount.Zero);         // the bad figure: waived by a lock that lasted one block
    }

    [Fact]
    public void Wash_trading_between_two_own_accounts_in_the_book_pays_the_fee_and_gains_nothing()
    {
        // Strategy (self-dealing in the book): ann bids, ben (same owner) sells its longs into the bid and buys them back
        // from ann's offer, 5 round trips; the pair's combined asset and bonds can only fall (fees to the vault, rounding).
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(21.25m)), "ben");
        w.DrawAndApprove(id);
        Amount Wealth() => w.Tao("ann") + w.Tao("ben");
        Amount Bonds() => w.Holding(id, "ben")!.Long + (w.Holding(id, "ann")?.Long ?? Amount.Zero);
        var wealth = Wealth();
        var bonds = Bonds();
        var fees = w.Vault(vault).Fees;
        for (int lap = 0; lap < 5; lap++)
        {
            w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 70, T(10)), "ann");
            w.RunOk(new Trade(id, TradeSide.SellLong, T(10), 70), "ben");
            w.RunOk(new PlaceOrder(id, OrderSide.SellLong, 70, T(10)), "ann");
            w.RunOk(new Trade(id, TradeSide.BuyLong, T(10), 70), "ben");
        }
        Bonds().ShouldBe(bonds);
        var paid = wealth - Wealth();
        paid.ShouldBeGreaterThan(Amount.Zero);
        paid.ShouldBe(w.Vault(vault).Fees - fees); // exactly the fees, to the vault
        w.AssertBooks(id);
    }
}
