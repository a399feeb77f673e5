using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Fund;

public class FundAndLoanTests
{
    /// <summary>Capacity limits lifted (10× the capital) so one cover can exceed what the fund holds.</summary>
    private static readonly CoverParameters Wide = ShortTerm.Parameters(new CoverParameters { ProjectCapacityPpb = new(10_000_000_000), CoverCapacityPpb = new(10_000_000_000) });

    [Fact]
    public void A_shortfall_beyond_the_fund_is_lent_by_the_dao_with_its_terms_recorded()
    {
        var w = Create(Wide);
        w.Requirement(10);
        // Fund: 100 TAO. DAO: 1,000 TAO. b1 covers 100 tokens at an IDO price of 2 (sum insured 200 TAO).
        w.Block(Tx.Capital(100), Tx.Dao(1_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 1_000, 2, 102));
        w.Block(Tx.Buy("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));
        var premium = w.State.Covers[1].PremiumPlatform;
        var project = w.State.Projects[1];
        w.RunTo(project.SettlementBlock, "0.5", "0.01");
        var b1 = w.Balance("b1", "TAO");
        w.Block(Tx.Settle(1));

        // Owed 100 × 1.99 = 199 TAO; the fund held 100 TAO: the DAO lends 99.
        (w.Balance("b1", "TAO") - b1).ShouldBe(Tokens(199));
        w.Balance("cover:fund", "TAO").ShouldBe(Amount.Zero);
        w.Balance("cover:dao", "TAO").ShouldBe(Tokens(901));
        var loan = w.State.Loans[1];
        loan.Principal.ShouldBe(Tokens(99));
        loan.RateBps.ShouldBe(500);
        loan.LentAt.ShouldBe(w.Height);
        // The fund still holds the premium's ALT; its capital nets the loan: 0.5·premium − 99, floored at zero.
        var altValue = X("0.5").MulAmount(premium, Rounding.Down);
        InsuranceFund.Capital(w.View).ShouldBe(altValue.SaturatingSub(Tokens(99)));
    }

    [Fact]
    public void Later_premiums_repay_the_loan_first_with_simple_interest()
    {
        var w = Create(Wide);
        w.Requirement(1);
        w.Block(Tx.Capital(100), Tx.Dao(1_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 1_000, 2, 102));
        w.Block(Tx.Buy("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));
        w.RunTo(w.State.Projects[1].SettlementBlock, "0.5", "0.01");
        w.Block(Tx.Settle(1), Tx.Capital(5_000));
        long lentAt = w.Height;

        // A second project; 30 days later b2's premium goes to the DAO until the loan is repaid.
        w.Block(Tx.List("NXT", "1", 100_000, w.Height + 1, w.Height + 40 * BlockClock.BlocksPerDay));
        w.Block(Tx.Buy("b2", 2, 5_000));
        w.Engine.AdvanceBlocks(30 * BlockClock.BlocksPerDay - (w.Height - lentAt) - 2);
        w.Prices("0.5", "1");
        long height = w.Height + 1;
        // Owed then: 99 + 99 × 5% × elapsed/(365 days), rounded up.
        var interest = Tokens(99).MulDiv((UInt128)(height - lentAt) * 500, (UInt128)(365 * BlockClock.BlocksPerDay) * 10_000, Rounding.Up);
        var owed = Tokens(99) + interest;
        var daoAltBefore = w.Balance("cover:dao", "ALT");
        w.Block(Tx.Cover("b2", 2, 5_000));
        var cover = w.State.Covers[2];
        var needed = X("0.5").DivAmount(owed, Rounding.Up);
        cover.PremiumPlatform.ShouldBeGreaterThan(needed);           // the premium is larger than the debt
        (w.Balance("cover:dao", "ALT") - daoAltBefore).ShouldBe(needed);
        var loan = w.State.Loans[1];
        loan.Repaid.ShouldBe(owed);
        loan.ClosedAt.ShouldBe(height);
        InsuranceFund.Outstanding(loan, w.Height).ShouldBe(Amount.Zero);
        w.State.PremiumsToLoansPlatform.ShouldBe(needed);
    }

    [Fact]
    public void When_fund_and_dao_both_fall_short_payouts_are_cut_pro_rata_and_the_rest_recorded_unpaid()
    {
        var w = Create(Wide);
        w.Requirement(1);
        w.Block(Tx.Capital(100), Tx.Dao(50), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 1_000, 2, 102));
        w.Block(Tx.Buy("b1", 1, 100), Tx.Buy("b2", 1, 50));
        w.Block(Tx.Cover("b1", 1, 100), Tx.Cover("b2", 1, 50));
        w.RunTo(w.State.Projects[1].SettlementBlock, "0.5", "0.01");
        w.Block(Tx.Settle(1));
        // Owed 199 + 99.5 = 298.5 TAO; fund 100 + loan 50 = 150 to pay: each cover gets 150/298.5 of its due.
        var c1 = w.State.Covers[1];
        var c2 = w.State.Covers[2];
        c1.Payout.ShouldBe(Tokens(199).MulDiv(Tokens(150), Tokens(298.5m), Rounding.Down));
        c2.Payout.ShouldBe(Tokens(99.5m).MulDiv(Tokens(150), Tokens(298.5m), Rounding.Down));
        (c1.Payout + c2.Payout).ShouldBeLessThanOrEqualTo(Tokens(150));
        (c1.Payout + c1.Unpaid).ShouldBe(Tokens(199));
        w.State.Lent.ShouldBe(Tokens(50));
        w.Balance("cover:dao", "TAO").ShouldBe(Amount.Zero);
    }

    [Fact]
    public void A_premium_smaller_than_the_debt_repays_part_of_it_and_governance_repays_the_rest_from_the_fund()
    {
        var w = Create(Wide);
        w.Requirement(1);
        w.Block(Tx.Capital(100), Tx.Dao(1_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 1_000, 2, 102));
        w.Block(Tx.Buy("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));
        w.RunTo(w.State.Projects[1].SettlementBlock, "0.5", "0.01");
        w.Block(Tx.Settle(1));                                         // lends 99 TAO
        w.Block(Tx.List("NXT", "1", 1_000, w.Height + 1, w.Height + 1_000), Tx.Capital(1_000));
        w.Block(Tx.Buy("b2", 2, 10));
        w.Block(Tx.Cover("b2", 2, 10));                                // a premium of well under 99 TAO
        var cover = w.State.Covers[2];
        var loan = w.State.Loans[1];
        loan.RepaidPlatform.ShouldBe(cover.PremiumPlatform);          // all of it went to the DAO
        loan.Repaid.ShouldBe(X("0.5").MulAmount(cover.PremiumPlatform, Rounding.Down));
        loan.ClosedAt.ShouldBe(-1);
        w.Try(new RepayLoansFromFund(Tokens(1_000)).From("b1")).Error.ShouldBe(Core.Governance.GovernanceErrors.MissingRole);
        var outstanding = InsuranceFund.Outstanding(loan, w.Height + 1);   // with the interest up to the next block
        var dao = w.Balance("cover:dao", "TAO");
        w.Block(new RepayLoansFromFund(Tokens(1_000)).From(Dao));     // only what is owed moves
        (w.Balance("cover:dao", "TAO") - dao).ShouldBe(outstanding);
        loan.ClosedAt.ShouldBe(w.Height);
        w.Try(new RepayLoansFromFund(Tokens(1)).From(Dao)).Error.ShouldBe(CoverErrors.NoOpenLoan);
    }
}
