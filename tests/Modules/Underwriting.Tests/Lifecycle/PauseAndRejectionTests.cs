using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Lifecycle;

/// <summary>Guardian pauses stop new money in but never an exit; malformed terms and mandates are refused with their codes.</summary>
public class PauseAndRejectionTests
{
    private static Amount T(decimal tao) => Tao.Of(tao);

    [Fact]
    public void A_paused_buy_is_refused_while_selling_back_still_runs()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(10)), "ann");
        w.RunOk(new Pause("underwriting.buyLong"), UwWorld.Guardian);
        w.Rejects(new BuyLong(id, T(1)), "ben", GovernanceErrors.Paused);
        w.RunOk(new SellLong(id, T(1)), "ann");
        w.RunOk(new Pause("underwriting"), UwWorld.Guardian);
        w.Rejects(new Deposit(vault, T(1)), "lp-1", GovernanceErrors.Paused);
        w.Rejects(new ProposeCreditLine(vault, T(10), T(1), 10, 0), UwWorld.Borrower, GovernanceErrors.Paused);
        w.RunOk(new Withdraw(vault, T(1)), "lp-1");
    }

    [Fact]
    public void Bad_terms_and_mandates_are_refused_with_their_codes()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        w.Rejects(new ProposeCreditLine(vault, T(10), T(11), 10, 0), UwWorld.Borrower, UnderwritingErrors.InvalidTerms);
        w.Rejects(new ProposeCreditLine(vault, T(10), T(1), 0, 0), UwWorld.Borrower, UnderwritingErrors.InvalidTerms);
        w.Rejects(new ProposeCreditLine(99, T(10), T(1), 10, 0), UwWorld.Borrower, UnderwritingErrors.UnknownVault);
        w.Rejects(new CreateVault("TAO", new Ppb(0), new Ppb(0), Fixed.One, T(1)), "lp-1", UnderwritingErrors.InvalidMandate);
        w.Rejects(new CreateVault("TAO", new Ppb(400_000_000), new Ppb(500_000_000), Fixed.One, T(1)), "lp-1", UnderwritingErrors.InvalidMandate);
        w.Rejects(new CreateVault("TAO", new Ppb(400_000_000), new Ppb(100_000_000), Fixed.One, T(1), false, false), "lp-1", UnderwritingErrors.InvalidMandate);
        w.RunOk(new CreateVault("TAO", new Ppb(400_000_000), new Ppb(100_000_000), Fixed.One, T(1), AllowCreditLines: false), "lp-1");
        w.Rejects(new ProposeCreditLine(2, T(10), T(1), 10, 0), UwWorld.Borrower, UnderwritingErrors.InstrumentClassNotAllowed);
        long id = w.CreditLine(vault);
        w.Rejects(new BuyLong(id, T(1), Fixed.FromInt(4)), "ann", UnderwritingErrors.LeverageAboveLimit); // mandate's 3×
        w.Rejects(new BuyLong(id, T(1), Fixed.FromInt(3)), "dee", UnderwritingErrors.LeverageAboveLimit); // score 1: 1.5×
        w.Rejects(new BuyLong(id, T(201)), "dee", UnderwritingErrors.BudgetExceeded); // 100 + 1·100 TAO
        w.Rejects(new SellLong(id, T(1)), "ann", UnderwritingErrors.InsufficientBonds);
        w.Rejects(new DrawValidators(id), "lp-1", UnderwritingErrors.CannotBeApproved);
        w.Rejects(new Drawdown(id), UwWorld.Borrower, UnderwritingErrors.WrongPhase);
        w.Rejects(new Redeem(id), "ann", UnderwritingErrors.WrongPhase);
        w.Rejects(new Trade(id, TradeSide.BuyLong, T(1), 50), "ann", UnderwritingErrors.WrongPhase);
        w.RunOk(new BuyLong(id, T(21.25m)), "ann");
        // Profit on the curve waits for approval: ann cannot sell to later buyers above what it paid.
        w.RunOk(new BuyLong(id, T(20)), "ben");
        w.Rejects(new SellLong(id, T(30)), "ann", UnderwritingErrors.SaleAboveContribution);
        w.DrawAndApprove(id);
        w.Rejects(new PlaceOrder(id, OrderSide.BuyLong, 100, T(1)), "ben", UnderwritingErrors.InvalidTick);
        w.Rejects(new Trade(id, TradeSide.BuyLong, T(1), 99), "ben", UnderwritingErrors.NoLiquidity);
        w.Rejects(new Drawdown(id), "ann", UnderwritingErrors.NotTheUtilizer);
        w.Rejects(new CancelOrder(id, 5), "ann", UnderwritingErrors.UnknownOrder);
    }
}
