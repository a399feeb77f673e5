using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Launchpad;

public class SettlementTests
{
    /// <summary>
    /// A project at an IDO price of 2 TAO, sale in blocks [2, 102), cover term two days; b1 buys 100 tokens and covers
    /// 60, b2 buys 50 and covers all 50. The fund holds 100,000 TAO against a 1,000 TAO requirement.
    /// </summary>
    private static CoverWorld Sold(CoverParameters? p = null)
    {
        var w = Create(ShortTerm.Parameters(p));
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 10_000, 2, 102));
        w.Block(Tx.Buy("b1", 1, 100), Tx.Buy("b2", 1, 50));
        w.Block(Tx.Cover("b1", 1, 60), Tx.Cover("b2", 1, 50));
        return w;
    }

    [Fact]
    public void Below_the_ido_price_each_cover_is_paid_its_shortfall_per_covered_token()
    {
        var w = Sold();
        var project = w.State.Projects[1];
        project.SettlementBlock.ShouldBe(102 + ShortTerm.Days2);
        // The whole window at 1.5 TAO: TWAP 1.5, shortfall 0.5 TAO a token.
        w.RunTo(project.WindowStartBlock - 1, "0.5", "1.5");
        w.RunTo(project.SettlementBlock, "0.5", "1.5");
        var fundBefore = w.Balance("cover:fund", "TAO");
        var (b1, b2) = (w.Balance("b1", "TAO"), w.Balance("b2", "TAO"));
        w.Block(Tx.Settle(1));

        project.Samples.ShouldBe(ShortTerm.Days2);
        project.SettlementPrice.ShouldBe(X("1.5"));
        (w.Balance("b1", "TAO") - b1).ShouldBe(Tokens(30));   // 60 × 0.5
        (w.Balance("b2", "TAO") - b2).ShouldBe(Tokens(25));   // 50 × 0.5
        (fundBefore - w.Balance("cover:fund", "TAO")).ShouldBe(Tokens(55));
        w.State.Covers[1].Status.ShouldBe(CoverStatus.PaidOut);
        w.State.Loans.Count.ShouldBe(0);
    }

    [Fact]
    public void At_or_above_the_ido_price_nothing_is_paid()
    {
        var w = Sold();
        var project = w.State.Projects[1];
        w.RunTo(project.SettlementBlock, "0.5", "2.5");
        var fundBefore = w.Balance("cover:fund", "TAO");
        w.Block(Tx.Settle(1));
        w.Balance("cover:fund", "TAO").ShouldBe(fundBefore);
        w.State.Covers[1].Status.ShouldBe(CoverStatus.Expired);
        w.State.Covers[2].Payout.ShouldBe(Amount.Zero);
    }

    [Fact]
    public void A_new_price_counts_from_the_block_it_was_posted_in()
    {
        var w = Sold();
        var project = w.State.Projects[1];
        long half = project.WindowStartBlock + ShortTerm.Days2 / 2;
        w.RunTo(half - 1, "0.5", "1");
        w.Prices("0.5", "2");                                   // posted in block `half`: in effect from `half` on
        w.RunTo(project.SettlementBlock - 1, "0.5", "2");
        w.Block(Tx.Settle(1));                                  // in block S: the settlement takes block S − 1's sample itself
        // Blocks W..half−1 at 1 (7,200), half..S−1 at 2 (7,200).
        project.Samples.ShouldBe(ShortTerm.Days2);
        project.SettlementPrice.ShouldBe(X("1.5"));
        w.State.Covers[1].Payout.ShouldBe(Tokens(30));         // 60 × 0.5
    }

    [Fact]
    public void The_average_peak_reading_averages_each_day_s_highest_price()
    {
        var w = Sold(new CoverParameters { Averaging = AveragingRule.DailyPeakAverage });
        var project = w.State.Projects[1];
        // Day 0 of the window: 1.0 then a spike to 1.6 for one hour; day 1: 1.2 all day.
        w.RunTo(project.WindowStartBlock + 1_000, "0.5", "1");
        w.RunTo(project.WindowStartBlock + 1_300, "0.5", "1.6", every: 100);
        w.RunTo(project.WindowStartBlock + 7_199, "0.5", "1");
        w.RunTo(project.SettlementBlock, "0.5", "1.2");
        w.Block(Tx.Settle(1));
        project.PeakDays.ShouldBe(1); // the second day is closed by the settlement
        project.SettlementPrice.ShouldBe(X("1.4"));             // (1.6 + 1.2)/2
        w.State.Covers[2].Payout.ShouldBe(Tokens(30));         // 50 × 0.6
    }

    [Fact]
    public void A_window_with_too_few_prices_cannot_settle_parametrically()
    {
        var w = Sold();
        var project = w.State.Projects[1];
        // The project feed stops a quarter into the window: stale after a day, so about 3/4 of the samples are missing.
        w.RunTo(project.WindowStartBlock + 3_600, "0.5", "1.5");
        w.Engine.AdvanceBlocks(project.SettlementBlock - w.Height - 1);
        var r = w.Try(Tx.Settle(1));
        r.Error.ShouldBe(CoverErrors.PriceHistoryIncomplete);
        project.Status.ShouldBe(ProjectStatus.Listed);
    }

    [Fact]
    public void Settling_early_or_twice_is_refused()
    {
        var w = Sold();
        w.Try(Tx.Settle(1)).Error.ShouldBe(CoverErrors.TooEarlyToSettle);
        w.RunTo(w.State.Projects[1].SettlementBlock, "0.5", "2");
        w.Block(Tx.Settle(1));
        w.Try(Tx.Settle(1)).Error.ShouldBe(CoverErrors.AlreadySettled);
        w.Try(Tx.Settle(9)).Error.ShouldBe(CoverErrors.UnknownProject);
    }

    [Fact]
    public void The_settler_keeper_settles_a_due_project_and_skips_one_without_prices()
    {
        var w = Sold();
        var project = w.State.Projects[1];
        w.RunTo(project.SettlementBlock - 1, "0.5", "1.5");
        var proposed = new List<Ballast.Core.Blocks.Envelope>();
        w.Engine.RunKeeper("cover.settler", "b3", proposed);
        proposed.Select(e => e.Payload).ShouldBe([new Settle(1)]);
        w.Block([.. proposed]);
        project.Status.ShouldBe(ProjectStatus.Settled);
        proposed.Clear();
        w.Engine.RunKeeper("cover.settler", "b3", proposed);
        proposed.ShouldBeEmpty();

        var stale = Sold();
        stale.Engine.AdvanceBlocks(stale.State.Projects[1].SettlementBlock - stale.Height);
        stale.Engine.RunKeeper("cover.settler", "b3", proposed);
        proposed.ShouldBeEmpty();                                   // the feed went stale: claims decide
    }
}
