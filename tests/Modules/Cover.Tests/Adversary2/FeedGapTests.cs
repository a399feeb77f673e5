using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Adversary2;

/// <summary>
/// Feed gaps: the project's feed (stale after a day) stops before the settlement. Within 10% of the window the
/// average is over the samples present; beyond, the parametric settlement is refused and a holder whose cover is
/// worth nothing (the price stayed above the IDO price) tries to turn the gap into a paid claim.
/// </summary>
public class FeedGapTests
{
    private static CoverWorld World()
    {
        var w = Create(ShortTerm.Parameters());
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2.5"), Tx.List("PRJ", "2", 10_000, 2, 20_000));
        w.Block(Tx.Buy("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));
        return w;
    }

    [Fact]
    public void A_short_gap_settles_on_the_samples_present_and_pays_nothing_above_the_ido_price()
    {
        var w = World();
        var project = w.State.Projects[1];
        long stop = project.SettlementBlock - BlockClock.BlocksPerDay - 1_000;   // last post: stale ~1,000 blocks before S
        w.RunTo(stop, "0.5", "2.5");
        w.Engine.AdvanceBlocks(project.SettlementBlock - 1 - w.Height);
        var fund = w.Balance("cover:fund", "TAO");
        w.Block(Tx.Settle(1));
        project.Status.ShouldBe(ProjectStatus.Settled);
        (project.SettlementBlock - project.WindowStartBlock - project.Samples).ShouldBeInRange(900, 1_100);
        project.SettlementPrice.ShouldBe(X("2.5"));
        w.State.Covers[1].Payout.ShouldBe(Amount.Zero);
        w.Balance("cover:fund", "TAO").ShouldBe(fund);
    }

    [Fact]
    public void A_long_gap_refuses_the_settlement_and_an_unassessed_claim_is_denied()
    {
        var w = World();
        var project = w.State.Projects[1];
        w.RunTo(project.WindowStartBlock + 10, "0.5", "2.5");
        while (w.Height < project.SettlementBlock - 1) { w.Engine.AdvanceBlocks(3_000); w.Block(Post(AltFeed, "0.5")); }
        w.RunTo(project.SettlementBlock, "0.5", "2.5");
        w.Try(Tx.Settle(1)).Error.ShouldBe(CoverErrors.PriceHistoryIncomplete);
        project.Status.ShouldNotBe(ProjectStatus.Settled);
        var fund = w.Balance("cover:fund", "TAO");
        var tao = w.Balance("b1", "TAO");
        w.Block(new FileClaim(1, Tokens(200), "the feed died").From("b1"));
        w.RunTo(w.State.Claims[1].AssessmentEndsAt, "0.5", "2.5");
        w.Block(new CloseAssessment(1).From("b2"));                 // nobody assessed: no quorum, escalated
        w.Block(new Stake(new Amount(1)).From("a5"));
        w.Block(new MemberVote(1, true).From("a5"));                // the claimant's friend, with a dust stake
        w.RunTo(w.State.Claims[1].MemberVoteEndsAt, "0.5", "2.5");
        w.Block(new CloseMemberVote(1).From("b2"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.Denied);
        w.Balance("b1", "TAO").ShouldBe(tao);
        w.Balance("cover:fund", "TAO").ShouldBe(fund);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }
}
