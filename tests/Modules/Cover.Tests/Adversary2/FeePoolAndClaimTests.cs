using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Adversary2;

/// <summary>
/// Attacks on the claims path: the fee pool minted in member tokens, double payment (parametric + claim), and stake
/// timing around votes and the 12-hour inactivity. One project at an IDO price of 2 TAO, ALT at 0.5 TAO; b1 (the
/// claimant) and a5 (its assessor) are one coalition.
/// </summary>
public class FeePoolAndClaimTests
{
    private static CoverWorld World(string projectPrice = "2")
    {
        var w = Create(ShortTerm.Parameters());
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, projectPrice), Tx.List("PRJ", "2", 10_000, 2, 20_000));
        w.Block(Tx.Buy("b1", 1, 100), Tx.Buy("b2", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100), Tx.Cover("b2", 1, 100));    // covers 1 and 2: 200 TAO insured each
        return w;
    }

    private static Envelope StakeTx(string a, decimal alt) => new Stake(Tokens(alt)).From(a);
    private static Envelope Vote(string a, long claim, bool accept) => new Assess(claim, accept).From(a);

    private static Amount Held(CoverWorld w, string account, string token) =>
        w.Balance(account, token) + (token == "ALT" && w.State.Stakers.TryGetValue(account, out var s) ? s.Staked : Amount.Zero);

    private static Core.Ledger.TokenId Alt(CoverWorld w)
    {
        w.Engine.Ledger.TryGetToken("ALT", out var id).ShouldBeTrue();
        return id;
    }

    /// <summary>
    /// Fee-pool farming: the holder files a 1-unit claim on its own cover (deposit: 2 ALT units), its own assessor
    /// stake (above the 5× quorum) denies it, and the consensus shares 20% of the cover's whole premium, minted. The
    /// cover stays active, so it files again every 3 days until the claim window closes. Before the fix each claim
    /// minted a fresh 20% of the premium: eight claims returned 160% of the premium in new ALT (finding, fixed: the
    /// fee pools of all claims on one cover together are at most <c>AssessmentRewardPpb</c> of its premium).
    /// </summary>
    [Fact]
    public void Repeated_dust_claims_on_one_cover_do_not_mint_more_than_one_fee_pool()
    {
        var w = World();
        var premium = w.State.Covers[1].PremiumPlatform;
        premium.ShouldBeGreaterThan(Tokens(5));
        w.Block(StakeTx("a5", 5_000));                              // 2,500 TAO of power > 5 × 200 TAO
        var altBefore = Held(w, "b1", "ALT") + Held(w, "a5", "ALT");
        var supplyBefore = w.Engine.Ledger.Supply(Alt(w));
        var fundAlt = w.Balance("cover:fund", "ALT");
        long claims = 0;
        for (int i = 0; i < 8; i++)
        {
            w.Block(new FileClaim(1, new Amount(1), "dust").From("b1"));
            long id = w.State.NextClaimId - 1;
            w.Block(Vote("a5", id, false));
            w.RunTo(w.State.Claims[id].AssessmentEndsAt, "0.5", "2");
            w.Block(new CloseAssessment(id).From("b2"));
            w.State.Claims[id].Status.ShouldBe(ClaimStatus.Denied);
            claims++;
        }
        claims.ShouldBe(8);
        var minted = w.Engine.Ledger.Supply(Alt(w)) - supplyBefore;
        var onePool = new Ppb(200_000_000).Of(premium, Rounding.Down);
        minted.ShouldBeLessThanOrEqualTo(onePool);                  // before the fix: 8 × onePool
        var altAfter = Held(w, "b1", "ALT") + Held(w, "a5", "ALT");
        minted.ShouldBe(onePool);                                   // the first claim's pool; the seven after it mint nothing
        // The coalition (premium already paid) gets back one fee pool (a fifth of its premium) less eight 2-unit deposits:
        // its PnL counting the premium is −(premium − pool − deposits) < 0. Before the fix: +7.94 ALT (21.16 minted on a 13.23 premium).
        altAfter.ShouldBe(altBefore + onePool - new Amount(16));
        altAfter.ShouldBeLessThan(altBefore + premium);
        (w.Balance("cover:fund", "ALT") - fundAlt).ShouldBe(new Amount(16));   // eight forfeited 2-unit deposits
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    /// <summary>
    /// Double payment: the holder files a claim for the whole sum insured before settlement; the project then settles
    /// with a parametric payout; the claim is accepted afterwards. The claim pays only what the settlement did not, so
    /// the cover never pays more than its sum insured; a further claim is refused.
    /// </summary>
    [Fact]
    public void A_claim_after_a_parametric_payout_never_pays_more_than_the_sum_insured()
    {
        var w = World(projectPrice: "1.5");                         // settles at 1.5: 0.5 TAO a token owed
        w.Block(StakeTx("a5", 5_000));
        var project = w.State.Projects[1];
        w.RunTo(project.SettlementBlock - 3 * BlockClock.BlocksPerDay + 10, "0.5", "1.5");
        w.Block(new FileClaim(1, Tokens(200), "the feed lied").From("b1"));
        w.Block(Vote("a5", 1, true));
        var taoBefore = w.Balance("b1", "TAO");
        var fundBefore = w.Balance("cover:fund", "TAO");
        w.RunTo(project.SettlementBlock, "0.5", "1.5");
        w.Block(Tx.Settle(1));
        w.State.Covers[1].Payout.ShouldBe(Tokens(50));              // 100 tokens × 0.5
        w.RunTo(w.State.Claims[1].AssessmentEndsAt, "0.5", "1.5");
        w.Block(new CloseAssessment(1).From("b2"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.Accepted);
        w.State.Claims[1].Paid.ShouldBe(Tokens(150));               // the rest of the 200 TAO, not 200 more
        (w.Balance("b1", "TAO") - taoBefore).ShouldBe(Tokens(200));
        (fundBefore - w.Balance("cover:fund", "TAO")).ShouldBe(Tokens(200 + 50));   // b2's cover paid 50 too
        w.Try(new FileClaim(1, new Amount(1), "again").From("b1")).Accepted.ShouldBeFalse();
        w.Try(new FileClaim(2, Tokens(151), "more than the rest").From("b2")).Accepted.ShouldBeFalse();
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    /// <summary>
    /// Stake timing: a stake cannot vote twice inside 12 hours (exactly 12 hours later it can), a top-up after a vote
    /// adds nothing to that vote's power or reward, and a stake that voted cannot leave before the claim closes (the
    /// vote locks it 30 days), so borrowed tokens cannot approve a claim and be returned.
    /// </summary>
    [Fact]
    public void A_stake_cannot_vote_twice_in_12_hours_top_up_a_cast_vote_or_leave_before_the_close()
    {
        var w = World();
        w.Block(new FileClaim(1, Tokens(10), "x").From("b1"), new FileClaim(2, Tokens(10), "y").From("b2"));
        w.Block(StakeTx("a5", 1_200));                              // 600 TAO: under the quorum of 1,000 TAO
        w.Block(Vote("a5", 1, false));
        long voted = w.Height;
        w.Block(StakeTx("a5", 10_000));                             // top-up after the vote
        w.Try(Vote("a5", 2, false)).Accepted.ShouldBeFalse();      // inactive
        w.Engine.AdvanceBlocks(voted + BlockClock.BlocksPerDay / 2 - w.Height - 1);
        w.Try(Vote("a5", 2, false)).Accepted.ShouldBeTrue();        // at block voted + 3,600: active again
        w.State.Claims[1].Votes["a5"].Power.ShouldBe(Tokens(1_200));
        w.RunTo(w.State.Claims[1].AssessmentEndsAt, "0.5", "2");
        w.Try(new Unstake(Tokens(1)).From("a5")).Accepted.ShouldBeFalse();
        w.Block(new CloseAssessment(1).From("b2"));
        // 1,200 ALT = 600 TAO is not above the 1,000-TAO quorum: the top-up did not make it quorate.
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.MemberVote);
        w.Try(new Unstake(Tokens(1)).From("a5")).Accepted.ShouldBeFalse();
    }
}

/// <summary>
/// Escalation past the quorum: the 5× quorum binds the assessors only, so a claimant lets its claim reach no quorum
/// (nobody assesses) and approves it in the member vote with one unit of stake when no honest member votes. Before
/// the fix the 200-TAO claim was paid on a 1-unit vote (and burning that stake would have cost the attacker nothing).
/// Fixed: a member vote decides for the claim only when the power cast is above the same quorum (5× the cover
/// amount at the platform price); otherwise it is denied and the deposit forfeited.
/// </summary>
public class MemberVoteQuorumTests
{
    private static CoverWorld World()
    {
        var w = Create(ShortTerm.Parameters());
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 10_000, 2, 20_000));
        w.Block(Tx.Buy("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));                            // 200 TAO insured: quorum 1,000 TAO = 2,000 ALT
        w.Block(new FileClaim(1, Tokens(200), "fraud").From("b1"));
        w.RunTo(w.State.Claims[1].AssessmentEndsAt, "0.5", "2");
        w.Block(new CloseAssessment(1).From("b1"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.MemberVote);
        return w;
    }

    [Fact]
    public void A_dust_stake_cannot_approve_an_escalated_claim_nobody_else_votes_on()
    {
        var w = World();
        var tao = w.Balance("b1", "TAO");
        var (fund, fundAlt) = (w.Balance("cover:fund", "TAO"), w.Balance("cover:fund", "ALT"));
        w.Block(new Stake(new Amount(1)).From("a5"));
        w.Block(new MemberVote(1, true).From("a5"));
        w.RunTo(w.State.Claims[1].MemberVoteEndsAt, "0.5", "2");
        w.Block(new CloseMemberVote(1).From("b1"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.Denied);      // before the fix: Accepted, 200 TAO paid
        w.Balance("b1", "TAO").ShouldBe(tao);
        w.Balance("cover:fund", "TAO").ShouldBe(fund);
        w.State.Claims[1].Deposit.ShouldBe(Tokens(20));              // 5% of 200 TAO at 0.5: forfeited to the fund
        (w.Balance("cover:fund", "ALT") - fundAlt).ShouldBe(Tokens(20));
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void A_member_vote_above_the_quorum_still_decides()
    {
        var w = World();
        var tao = w.Balance("b1", "TAO");
        w.Block(new Stake(Tokens(2_001)).From("a5"));
        w.Block(new MemberVote(1, true).From("a5"));
        w.RunTo(w.State.Claims[1].MemberVoteEndsAt, "0.5", "2");
        w.Block(new CloseMemberVote(1).From("b1"));
        w.State.Claims[1].Status.ShouldBe(ClaimStatus.Accepted);
        (w.Balance("b1", "TAO") - tao).ShouldBe(Tokens(200));
    }
}

/// <summary>The fee-pool bound over random sequences: dust claims decided by consensus to deny or by no quorum (a small vote), in random order, on random cover sizes.</summary>
public class FeePoolPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_claim_on_a_cover_together_mints_at_most_one_fee_pool(int seed)
    {
        var rng = new Random(seed);
        var w = Create(ShortTerm.Parameters());
        w.Requirement(1_000);
        w.Block(Tx.Capital(100_000), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 10_000, 2, 20_000));
        var tokens = rng.Next(10, 1_000);
        w.Block(Tx.Buy("b1", 1, tokens));
        w.Block(Tx.Cover("b1", 1, tokens));
        w.Block(new Stake(Tokens(50_000)).From("a5"), new Stake(Tokens(1)).From("a6"));
        var premium = w.State.Covers[1].PremiumPlatform;
        var supply = w.Engine.Ledger.Supply(AltId(w));
        for (int i = 0; i < 5; i++)
        {
            w.Block(new FileClaim(1, new Amount((ulong)rng.Next(1, 1_000)), "dust").From("b1"));
            long id = w.State.NextClaimId - 1;
            w.Block(new Assess(id, false).From(rng.Next(2) == 0 ? "a5" : "a6"));
            w.RunTo(w.State.Claims[id].AssessmentEndsAt, "0.5", "2");
            w.Block(new CloseAssessment(id).From("b2"));
            if (w.State.Claims[id].Status == ClaimStatus.MemberVote)
            {
                w.RunTo(w.State.Claims[id].MemberVoteEndsAt, "0.5", "2");
                w.Block(new CloseMemberVote(id).From("b2"));
            }
            w.State.Claims[id].Status.ShouldBe(ClaimStatus.Denied);
        }
        var minted = w.Engine.Ledger.Supply(AltId(w)) - supply;
        minted.ShouldBeLessThanOrEqualTo(new Ppb(200_000_000).Of(premium, Rounding.Down));
        minted.ShouldBe(w.State.Claims.Select(kv => kv.Value.RewardMinted).Aggregate(Amount.Zero, (a, b) => a + b));
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    private static Core.Ledger.TokenId AltId(CoverWorld w)
    {
        w.Engine.Ledger.TryGetToken("ALT", out var id).ShouldBeTrue();
        return id;
    }
}
