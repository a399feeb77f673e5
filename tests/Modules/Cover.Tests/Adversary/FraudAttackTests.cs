using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using Xunit.Abstractions;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Adversary;

/// <summary>
/// The seed's fraud: buy cheap cover on a low-risk project (20 covers of 100 TAO each), pay off assessors (modelled as
/// a stake the attacker controls, just above the quorum for one claim), file fraudulent claims on every cover and
/// approve them. Honest members (a4, 4,000 ALT staked) deny whatever is escalated to them; the Advisory Board burns
/// the stake of every assessor that approved a claim it finds fraudulent, in the block after that claim is paid.
/// The attacker paid: premiums, forfeited deposits and its burned stake (ALT valued at 0.5 TAO). Figures in docs/cover.md.
/// </summary>
public class FraudAttackTests(ITestOutputHelper output)
{
    private const int Covers = 20;
    private const string Attacker = "b1", Bribed = "a5", Honest = "a4";

    /// <summary>What one run of the attack came to, in TAO units.</summary>
    private sealed record Outcome(int ClaimsPaid, Amount FundLoss, Amount AttackerPaid, Amount StakeNeeded, Amount Burned, Amount Rewards);

    private Outcome Run(long quorumMultiple = 5, bool inactivity = true, bool board = true, int bribedAccounts = 1)
    {
        var p = new CoverParameters { QuorumCoverMultiple = quorumMultiple, VoteInactivityBlocks = inactivity ? BlockClock.BlocksPerDay / 2 : 0 };
        var w = Create(p, buyerTao: 10_000, buyerAlt: 10_000);
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "1"), Tx.List("LOW", "1", 100_000, 2, 400_000, volBps: 3_000));
        w.Block(Tx.Buy(Attacker, 1, 100 * Covers));
        w.Block([.. Enumerable.Range(0, Covers).Select(_ => Tx.Cover(Attacker, 1, 100))]);
        // The bribed stake: just above m × 100 TAO at 0.5 TAO per ALT.
        var stake = Tokens(200m * quorumMultiple) + new Amount(1);
        var bribed = new[] { Bribed, "a6", "a1", "a2", "a3", "b3" }.Take(bribedAccounts).ToArray();   // never the honest a4
        w.Block([.. bribed.Select(b => new Stake(stake).From(b)), new Stake(Tokens(4_000)).From(Honest)]);
        var premiums = Amount.Zero;
        foreach (var (_, c) in w.State.Covers) premiums += c.PremiumBase;
        var attackerTaoBefore = w.Balance(Attacker, "TAO");
        var fundTaoBefore = w.Balance("cover:fund", "TAO");

        int filed = 0;
        var burnNext = new List<string>();
        for (int guard = 0; guard < 200_000 && !Done(w, filed); guard++)
        {
            var txs = new List<Envelope>();
            long next = w.Height + 1;
            if (next % 3_600 == 0) { txs.Add(Post(AltFeed, "0.5")); txs.Add(Post(ProjectFeed, "1")); }
            foreach (var a in burnNext) txs.Add(new BurnStake(a, null, "approved a fabricated claim").From(Board));
            burnNext.Clear();
            foreach (var (id, claim) in w.State.Claims)
            {
                if (claim.Status == ClaimStatus.Assessing && next >= claim.AssessmentEndsAt) txs.Add(new CloseAssessment(id).From(Attacker));
                if (claim.Status == ClaimStatus.MemberVote && next >= claim.MemberVoteEndsAt) txs.Add(new CloseMemberVote(id).From(Attacker));
                if (claim.Status == ClaimStatus.MemberVote && next < claim.MemberVoteEndsAt && !claim.MemberVotes.ContainsKey(Honest))
                {
                    txs.Add(new MemberVote(id, false).From(Honest));
                    if (w.State.Stakers[Bribed].Staked > Amount.Zero) txs.Add(new MemberVote(id, true).From(Bribed));
                }
            }
            // The attacker files and approves as fast as its stakes allow: each bribed stake one claim a block while active
            // (all of them at once without the inactivity rule).
            foreach (var b in bribed)
            {
                var st = w.State.Stakers[b];
                while (filed < Covers && st.Staked > Amount.Zero && next >= st.InactiveUntil)
                {
                    long claimId = w.State.NextClaimId + txs.Count(t => t.Payload is FileClaim);
                    txs.Add(new FileClaim(filed + 1, Tokens(100), "the project was delisted").From(Attacker));
                    txs.Add(new Assess(claimId, true).From(b));
                    filed++;
                    if (inactivity) break;
                }
            }
            if (txs.Count == 0)
            {
                // Nothing to do this block: skip to the block before the next one with work (a feed post, a period's end, the stake's return).
                long wake = (next / 3_600 + 1) * 3_600;
                foreach (var (_, claim) in w.State.Claims)
                {
                    if (claim.Status == ClaimStatus.Assessing) wake = Math.Min(wake, claim.AssessmentEndsAt);
                    if (claim.Status == ClaimStatus.MemberVote) wake = Math.Min(wake, claim.MemberVoteEndsAt);
                }
                foreach (var b in bribed)
                    if (filed < Covers && w.State.Stakers[b].Staked > Amount.Zero) wake = Math.Min(wake, w.State.Stakers[b].InactiveUntil);
                if (wake - 1 > w.Height) { w.Engine.AdvanceBlocks(wake - 1 - w.Height); continue; }
            }
            var before = w.State.Claims.Where(kv => kv.Value.Status == ClaimStatus.Accepted).Select(kv => kv.Key).ToHashSet();
            var result = w.Engine.ExecuteBlock(txs);
            result.Results.Where(r => !r.Accepted).ShouldBeEmpty();
            if (board)
                foreach (var (id, claim) in w.State.Claims)
                    if (claim.Status == ClaimStatus.Accepted && !before.Contains(id))
                        foreach (var (voter, vote) in claim.Votes)
                            if (vote.Accept && w.State.Stakers[voter].Staked > Amount.Zero && !burnNext.Contains(voter)) burnNext.Add(voter);
        }
        Done(w, filed).ShouldBeTrue();
        int paid = w.State.Claims.Count(kv => kv.Value.Status == ClaimStatus.Accepted);
        var fundLoss = Amount.Zero;
        var forfeited = Amount.Zero;
        foreach (var (_, claim) in w.State.Claims)
        {
            fundLoss += claim.Paid;
            if (claim.Status == ClaimStatus.Denied) forfeited += claim.Deposit;
        }
        var burned = Amount.Zero;
        var rewards = Amount.Zero;
        foreach (var b in bribed) { burned += w.State.Stakers[b].Burned; rewards += w.State.Stakers[b].Rewards; }
        var price = X("0.5");
        var attackerPaid = premiums + price.MulAmount(forfeited + burned, Rounding.Down);
        (w.Balance(Attacker, "TAO") - attackerTaoBefore).ShouldBe(fundLoss);   // every payout went to the attacker
        (fundTaoBefore - w.Balance("cover:fund", "TAO")).ShouldBe(fundLoss);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
        var outcome = new Outcome(paid, fundLoss, attackerPaid, stake, burned, rewards);
        output.WriteLine($"quorum {quorumMultiple}x, inactivity {inactivity}, board {board}, {bribedAccounts} bribed stake(s): {paid} of {filed} claims paid; fund lost {fundLoss.ToTokenString()} TAO; " +
            $"attacker paid {attackerPaid.ToTokenString()} TAO (premiums {premiums.ToTokenString()}, deposits {price.MulAmount(forfeited, Rounding.Down).ToTokenString()}, " +
            $"burned stake {price.MulAmount(burned, Rounding.Down).ToTokenString()}); stake needed {stake.ToTokenString()} ALT; rewards minted to it {rewards.ToTokenString()} ALT");
        return outcome;
    }

    private static bool Done(CoverWorld w, int filed) =>
        filed > 0 && w.State.Claims.All(kv => kv.Value.Status is ClaimStatus.Accepted or ClaimStatus.Denied)
        && (filed == Covers || w.State.Stakers.All(kv => kv.Key == Honest || kv.Value.Staked.IsZero));

    [Fact]
    public void With_five_times_quorum_twelve_hours_and_the_board_the_fund_loses_less_than_the_attacker_paid()
    {
        var o = Run();
        o.ClaimsPaid.ShouldBe(1);                                  // the first approval alerts the board; the burn voids the rest
        o.FundLoss.ShouldBe(Tokens(100));
        o.FundLoss.ShouldBeLessThan(o.AttackerPaid);
        o.Burned.ShouldBe(o.StakeNeeded);                          // worth 5× the claim it approved
    }

    [Fact]
    public void Without_the_twelve_hour_inactivity_one_stake_approves_every_claim_before_the_board_can_act()
    {
        var o = Run(inactivity: false);
        o.ClaimsPaid.ShouldBe(Covers);
        o.FundLoss.ShouldBe(Tokens(100 * Covers));
        o.FundLoss.ShouldBeGreaterThan(o.AttackerPaid);
    }

    [Fact]
    public void Without_the_board_s_burn_the_stake_approves_a_claim_every_twelve_hours()
    {
        var o = Run(board: false);
        o.ClaimsPaid.ShouldBe(Covers);
        o.FundLoss.ShouldBeGreaterThan(o.AttackerPaid);
    }

    [Fact]
    public void With_a_one_times_quorum_the_burned_stake_no_longer_outweighs_the_claim_it_approved()
    {
        var full = Run();
        var weak = Run(quorumMultiple: 1);
        weak.ClaimsPaid.ShouldBe(1);
        weak.Burned.ShouldBeLessThan(full.Burned);
        // The burn alone is worth about the claim (not 5× it): the premiums are what keep the fund whole.
        X("0.5").MulAmount(weak.Burned, Rounding.Down).ShouldBeLessThan(Tokens(101));
    }

    [Fact]
    public void Splitting_the_bribe_over_six_stakes_gets_six_claims_through_and_burns_five_times_their_value()
    {
        var o = Run(bribedAccounts: 6);
        o.ClaimsPaid.ShouldBe(6);                                  // the first six close together, before the board acts
        o.FundLoss.ShouldBe(Tokens(600));
        X("0.5").MulAmount(o.Burned, Rounding.Down).ShouldBeGreaterThan(Tokens(5 * 600));
        o.FundLoss.ShouldBeLessThan(o.AttackerPaid);
    }
}
