using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Claims;

/// <summary>
/// One project at an IDO price of 2 TAO; b1 holds two covers of 50 tokens (sum insured 100 TAO each) and b2 one of
/// 100 tokens (200 TAO). ALT is worth 0.5 TAO, so a claim on a 100-TAO cover needs more than 5 × 100 TAO = 1,000 ALT
/// of staked votes. Assessors stake a1 1,500, a2 1,000, a3 500, a4 4,000 ALT.
/// </summary>
public class ClaimsAssessmentTests
{
    private static CoverWorld Staked(CoverParameters? p = null)
    {
        var w = Create(ShortTerm.Parameters(p));
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 10_000, 2, 20_000));
        w.Block(Tx.Buy("b1", 1, 100), Tx.Buy("b2", 1, 100));
        w.Block(Tx.Cover("b1", 1, 50), Tx.Cover("b1", 1, 50), Tx.Cover("b2", 1, 100));
        w.Block(StakeTx("a1", 1_500), StakeTx("a2", 1_000), StakeTx("a3", 500), StakeTx("a4", 4_000));
        return w;
    }

    private static Envelope StakeTx(string a, decimal alt) => new Stake(Tokens(alt)).From(a);
    private static Envelope File(string who, long cover, decimal tao) => new FileClaim(cover, Tokens(tao), "the token was delisted").From(who);
    private static Envelope Vote(string a, long claim, bool accept) => new Assess(claim, accept).From(a);

    private static void PastAssessment(CoverWorld w, long claim) =>
        w.RunTo(w.State.Claims[claim].AssessmentEndsAt, "0.5", "2");

    [Fact]
    public void Consensus_to_accept_pays_the_claim_rewards_the_majority_and_extends_the_minority_s_lock()
    {
        var w = Staked();
        w.Block(File("b1", 1, 80));
        var claim = w.State.Claims[1];
        claim.Deposit.ShouldBe(Tokens(8));                          // 5% of 80 TAO = 4 TAO = 8 ALT
        w.Block(Vote("a1", 1, true), Vote("a2", 1, true), Vote("a3", 1, false));
        var a3Lock = w.State.Stakers["a3"].LockedUntil;
        PastAssessment(w, 1);
        var (b1Tao, a1Alt, a2Alt, b1Alt) = (w.Balance("b1", "TAO"), w.Balance("a1", "ALT"), w.Balance("a2", "ALT"), w.Balance("b1", "ALT"));
        var supply = w.Engine.Ledger.Supply(Alt(w));
        w.Block(new CloseAssessment(1).From("b2"));

        // Cast 3,000 ALT > the 1,000 quorum; accept 2,500 ≥ 70% of 3,000.
        claim.Status.ShouldBe(ClaimStatus.Accepted);
        (w.Balance("b1", "TAO") - b1Tao).ShouldBe(Tokens(80));
        (w.Balance("b1", "ALT") - b1Alt).ShouldBe(Tokens(8));       // deposit returned
        // Fee pool: 20% of the cover's premium, minted, split 1,500 : 1,000.
        var pool = new Ppb(200_000_000).Of(w.State.Covers[1].PremiumPlatform, Rounding.Down);
        (w.Balance("a1", "ALT") - a1Alt).ShouldBe(pool.MulDiv(Tokens(1_500), Tokens(2_500), Rounding.Down));
        (w.Balance("a2", "ALT") - a2Alt).ShouldBe(pool.MulDiv(Tokens(1_000), Tokens(2_500), Rounding.Down));
        (w.Engine.Ledger.Supply(Alt(w)) - supply).ShouldBe(claim.RewardMinted);
        w.State.Stakers["a3"].LockedUntil.ShouldBe(a3Lock + 30 * BlockClock.BlocksPerDay);
        w.State.Covers[1].Status.ShouldBe(CoverStatus.ClaimPaid);
    }

    [Fact]
    public void Consensus_to_deny_forfeits_the_deposit_to_the_fund()
    {
        var w = Staked();
        w.Block(File("b1", 1, 80));
        w.Block(Vote("a1", 1, false), Vote("a2", 1, false), Vote("a3", 1, true));
        PastAssessment(w, 1);
        var fundAlt = w.Balance("cover:fund", "ALT");
        w.Block(new CloseAssessment(1).From("b2"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.Denied);
        (w.Balance("cover:fund", "ALT") - fundAlt).ShouldBe(Tokens(8));
        w.State.Covers[1].Status.ShouldBe(CoverStatus.Active);
    }

    [Fact]
    public void No_consensus_reduces_the_fee_pool_and_escalates_to_a_member_vote()
    {
        var w = Staked();
        w.Block(File("b1", 1, 80));
        w.Block(Vote("a1", 1, true), Vote("a2", 1, false));          // 1,500 : 1,000 = 60% < 70%
        PastAssessment(w, 1);
        var a1Alt = w.Balance("a1", "ALT");
        w.Block(new CloseAssessment(1).From("b2"));
        var claim = w.State.Claims[1];
        claim.Status.ShouldBe(ClaimStatus.MemberVote);
        // Half the pool, shared by every voter pro rata.
        var pool = new Ppb(500_000_000).Of(new Ppb(200_000_000).Of(w.State.Covers[1].PremiumPlatform, Rounding.Down), Rounding.Down);
        (w.Balance("a1", "ALT") - a1Alt).ShouldBe(pool.MulDiv(Tokens(1_500), Tokens(2_500), Rounding.Down));
        // Members vote with their stake: a4's 4,000 deny outweighs a1 + a3's 2,000 accept.
        w.Block(new MemberVote(1, true).From("a1"), new MemberVote(1, true).From("a3"), new MemberVote(1, false).From("a4"));
        w.Try(new MemberVote(1, true).From("b1")).Error.ShouldBe(CoverErrors.ClaimNotAllowed);
        w.Try(new CloseMemberVote(1).From("b2")).Error.ShouldBe(CoverErrors.VotingNotOver);
        w.RunTo(claim.MemberVoteEndsAt, "0.5", "2");
        w.Block(new CloseMemberVote(1).From("b2"));
        claim.Status.ShouldBe(ClaimStatus.Denied);
    }

    [Fact]
    public void Votes_not_above_five_times_the_cover_amount_do_not_decide()
    {
        var w = Staked();
        w.Block(File("b1", 1, 80));
        w.Block(Vote("a2", 1, true));                                // 1,000 ALT = 500 TAO = 5 × 100 TAO: not above
        PastAssessment(w, 1);
        w.Block(new CloseAssessment(1).From("b2"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.MemberVote);
    }

    [Fact]
    public void A_stake_that_voted_is_inactive_for_twelve_hours()
    {
        var w = Staked();
        w.Block(File("b1", 1, 80), File("b1", 2, 80));
        w.Block(Vote("a1", 1, true));
        w.Try(Vote("a1", 2, true)).Error.ShouldBe(CoverErrors.StakeInactive);
        w.Engine.AdvanceBlocks(BlockClock.BlocksPerDay / 2 - 3);         // the next try runs 3,599 blocks after the vote
        w.Try(Vote("a1", 2, true)).Error.ShouldBe(CoverErrors.StakeInactive);
        w.Block(Vote("a1", 2, true));                                // 3,600 blocks after its first vote
        w.Try(Vote("a1", 2, true)).Error.ShouldBe(CoverErrors.AlreadyVoted);
    }

    [Fact]
    public void A_burned_stake_s_votes_no_longer_count()
    {
        var w = Staked();
        w.Block(File("b1", 1, 80));
        w.Block(Vote("a1", 1, true), Vote("a2", 1, true));
        w.Try(new BurnStake("a1").From("b2")).Error.ShouldBe(GovernanceErrors.MissingRole);
        var supply = w.Engine.Ledger.Supply(Alt(w));
        w.Block(new BurnStake("a1", null, "voted for a fabricated delisting").From(Board));
        (supply - w.Engine.Ledger.Supply(Alt(w))).ShouldBe(Tokens(1_500));
        PastAssessment(w, 1);
        w.Block(new CloseAssessment(1).From("b2"));
        // Only a2's 1,000 ALT count: not above the quorum.
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.MemberVote);
    }

    [Fact]
    public void Claims_are_refused_with_their_reasons()
    {
        var w = Staked();
        w.Try(File("b2", 1, 10)).Error.ShouldBe(CoverErrors.ClaimNotAllowed);       // not the holder
        w.Try(File("b1", 1, 101)).Error.ShouldBe(CoverErrors.ClaimNotAllowed);      // above the sum insured
        w.Try(File("b1", 9, 10)).Error.ShouldBe(CoverErrors.UnknownCover);
        w.Block(File("b1", 1, 10));
        w.Try(File("b1", 1, 10)).Error.ShouldBe(CoverErrors.ClaimNotAllowed);       // one open claim per cover
        w.Try(Vote("b1", 1, true)).Error.ShouldBe(CoverErrors.ClaimNotAllowed);     // the claimant
        w.Try(Vote("b2", 1, true)).Error.ShouldBe(CoverErrors.NoStake);
        w.Try(new CloseAssessment(1).From("b2")).Error.ShouldBe(CoverErrors.VotingNotOver);
        w.Try(new Unstake(Tokens(1)).From("a1")).Error.ShouldBe(CoverErrors.StakeLocked);
    }

    private static Core.Ledger.TokenId Alt(CoverWorld w)
    {
        w.Engine.Ledger.TryGetToken("ALT", out var alt);
        return alt;
    }
}
