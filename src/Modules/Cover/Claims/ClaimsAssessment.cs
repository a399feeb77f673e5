using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Handlers;
using Ballast.Cover.Model;

namespace Ballast.Cover.Claims;

/// <summary>
/// Crowd-sourced claims assessment (seed 003, after Nexus Mutual's): assessors stake member tokens; a claim is decided
/// by a consensus of staked votes whose power exceeds 5× the cover amount; the consensus shares a fee pool minted at a
/// fixed share of the cost of cover; the minority's lock is extended; no consensus (or no quorum) reduces the pool and
/// escalates to a member vote; a stake that voted is inactive for 12 hours; the Advisory Board burns a dishonest
/// assessor's stake, and a vote counts at close only up to the stake its voter still holds.
/// </summary>
internal static class ClaimsAssessment
{
    public const string StakeAccount = "cover:stake";
    public const string ClaimsAccount = "cover:claims";

    public static TxResult Apply(EngineContext ctx, Stake tx)
    {
        var r = Launchpad.CheckConfigured(ctx);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "stake");
        if (!r.Accepted) return r;
        var s = ctx.State<CoverState>();
        var p = ctx.Params<CoverParameters>();
        ctx.ResolveToken(s.PlatformToken, out var platform);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount(StakeAccount), platform, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, platform, tx.Amount);
        if (!s.Stakers.TryGetValue(ctx.Sender, out var staker))
            s.Stakers.Add(ctx.Sender, staker = new Staker { Account = ctx.Sender });
        staker.Staked += tx.Amount;
        staker.LockedUntil = Math.Max(staker.LockedUntil, ctx.Height + p.StakeLockBlocks);
        ctx.Emit(new Staked(ctx.Sender, tx.Amount, staker.Staked, staker.LockedUntil));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Unstake tx)
    {
        var r = EngineContext.CheckAmount(tx.Amount, "unstake");
        if (!r.Accepted) return r;
        var s = ctx.State<CoverState>();
        if (!s.Stakers.TryGetValue(ctx.Sender, out var staker) || staker.Staked.IsZero)
            return TxResult.Reject(CoverErrors.NoStake, $"{ctx.Sender} has no stake");
        if (ctx.Height < staker.LockedUntil)
            return TxResult.Reject(CoverErrors.StakeLocked, $"{ctx.Sender}'s stake is locked until block {staker.LockedUntil}; this is block {ctx.Height}");
        if (tx.Amount > staker.Staked)
            return TxResult.Reject(CoverErrors.NoStake, $"{ctx.Sender} stakes {staker.Staked.ToTokenString()}; asked to withdraw {tx.Amount.ToTokenString()}");
        ctx.ResolveToken(s.PlatformToken, out var platform);
        ctx.ResolveAccount(StakeAccount, out var stakeAccount);
        ctx.Ledger.TryTransfer(stakeAccount, ctx.SenderId, platform, tx.Amount);
        staker.Staked -= tx.Amount;
        ctx.Emit(new Unstaked(ctx.Sender, tx.Amount, staker.Staked));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, FileClaim tx)
    {
        var s = ctx.State<CoverState>();
        var p = ctx.Params<CoverParameters>();
        if (!s.Covers.TryGetValue(tx.CoverId, out var cover))
            return TxResult.Reject(CoverErrors.UnknownCover, $"no cover {tx.CoverId}");
        if (cover.Owner != ctx.Sender)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, $"cover {cover.Id} belongs to {cover.Owner}; only its holder claims on it");
        var r = EngineContext.CheckAmount(tx.Amount, "claimed amount");
        if (!r.Accepted) return r;
        if (cover.Status == CoverStatus.ClaimPaid)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, $"cover {cover.Id} was already paid by a claim");
        var project = s.Projects[cover.ProjectId];
        long lastBlock = project.SettlementBlock + p.ClaimWindowBlocks;
        if (ctx.Height > lastBlock)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, $"claims on cover {cover.Id} close at block {lastBlock} (settlement plus the claim window); this is block {ctx.Height}");
        var room = cover.SumInsured.SaturatingSub(cover.Payout);
        if (tx.Amount > room)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, $"cover {cover.Id} can still pay {room.ToTokenString()} (sum insured less payouts); claimed {tx.Amount.ToTokenString()}");
        foreach (var (_, open) in s.Claims)
            if (open.CoverId == cover.Id && open.Status is ClaimStatus.Assessing or ClaimStatus.MemberVote)
                return TxResult.Reject(CoverErrors.ClaimNotAllowed, $"cover {cover.Id} has claim {open.Id} open");
        if (string.IsNullOrWhiteSpace(tx.Reason) || tx.Reason.Length > 280)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, "a claim states its reason in 1–280 characters");
        if (!InsuranceFund.TryPlatformPrice(ctx, out var price))
            return TxResult.Reject(CoverErrors.PlatformPriceUnavailable, $"the platform token's price source '{s.PlatformPriceSource}' has no fresh price to value the deposit");
        var deposit = price.DivAmount(p.ClaimDepositBps.Of(tx.Amount, Rounding.Up), Rounding.Up);
        ctx.ResolveToken(s.PlatformToken, out var platform);
        if (!deposit.IsZero && !ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount(ClaimsAccount), platform, deposit))
            return ctx.InsufficientBalance(ctx.Sender, platform, deposit);
        long id = s.NextClaimId++;
        s.Claims.Add(id, new Claim
        {
            Id = id, CoverId = cover.Id, Claimant = ctx.Sender, Claimed = tx.Amount, Deposit = deposit, Reason = tx.Reason,
            FiledAt = ctx.Height, AssessmentEndsAt = ctx.Height + p.AssessmentPeriodBlocks,
        });
        ctx.Emit(new ClaimFiled(id, cover.Id, ctx.Sender, tx.Amount, deposit, tx.Reason, ctx.Height + p.AssessmentPeriodBlocks));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Assess tx)
    {
        var r = FindClaim(ctx, tx.ClaimId, out var claim);
        if (!r.Accepted) return r;
        if (claim.Status != ClaimStatus.Assessing || ctx.Height >= claim.AssessmentEndsAt)
            return TxResult.Reject(CoverErrors.ClaimNotOpen, $"claim {claim.Id} is not open to assessors (status {claim.Status}, assessment until block {claim.AssessmentEndsAt})");
        if (ctx.Sender == claim.Claimant)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, "a claimant does not assess its own claim");
        if (claim.Votes.ContainsKey(ctx.Sender))
            return TxResult.Reject(CoverErrors.AlreadyVoted, $"{ctx.Sender} already voted on claim {claim.Id}");
        var s = ctx.State<CoverState>();
        var p = ctx.Params<CoverParameters>();
        if (!s.Stakers.TryGetValue(ctx.Sender, out var staker) || staker.Staked.IsZero)
            return TxResult.Reject(CoverErrors.NoStake, $"{ctx.Sender} stakes no member tokens");
        if (ctx.Height < staker.InactiveUntil)
            return TxResult.Reject(CoverErrors.StakeInactive, $"{ctx.Sender}'s stake voted recently and is inactive until block {staker.InactiveUntil}; this is block {ctx.Height}");
        claim.Votes.Add(ctx.Sender, new ClaimVote(tx.Accept, staker.Staked, ctx.Height));
        staker.InactiveUntil = ctx.Height + p.VoteInactivityBlocks;
        staker.LockedUntil = Math.Max(staker.LockedUntil, ctx.Height + p.StakeLockBlocks);
        ctx.Emit(new Assessed(claim.Id, ctx.Sender, tx.Accept, staker.Staked, staker.InactiveUntil, staker.LockedUntil));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, CloseAssessment tx)
    {
        var r = FindClaim(ctx, tx.ClaimId, out var claim);
        if (!r.Accepted) return r;
        if (claim.Status != ClaimStatus.Assessing)
            return TxResult.Reject(CoverErrors.ClaimNotOpen, $"claim {claim.Id}'s assessment is closed (status {claim.Status})");
        if (ctx.Height < claim.AssessmentEndsAt)
            return TxResult.Reject(CoverErrors.VotingNotOver, $"claim {claim.Id}'s assessment ends at block {claim.AssessmentEndsAt}; this is block {ctx.Height}");
        if (!InsuranceFund.TryPlatformPrice(ctx, out var price))
            return TxResult.Reject(CoverErrors.PlatformPriceUnavailable, "the platform token has no fresh price to value the votes against the quorum");
        var s = ctx.State<CoverState>();
        var p = ctx.Params<CoverParameters>();
        var cover = s.Covers[claim.CoverId];
        var (accept, deny) = Count(s, claim.Votes);
        var cast = accept + deny;
        // The quorum in member tokens: power valued at the platform price must exceed the multiple of the cover amount.
        var quorum = price.DivAmount(new Amount(checked(cover.SumInsured.Units * (UInt128)p.QuorumCoverMultiple)), Rounding.Down);
        var consensus = p.ConsensusPpb.Of(cast, Rounding.Up);
        ClaimOutcome outcome = cast <= quorum ? ClaimOutcome.NoQuorum
            : accept >= consensus ? ClaimOutcome.ConsensusAccept
            : deny >= consensus ? ClaimOutcome.ConsensusDeny
            : ClaimOutcome.NoConsensus;
        var fullPool = p.AssessmentRewardPpb.Of(cover.PremiumPlatform, Rounding.Down);
        var pool = fullPool;
        if (outcome is ClaimOutcome.NoQuorum or ClaimOutcome.NoConsensus) pool = p.NoConsensusRewardPpb.Of(pool, Rounding.Down);
        // One fee pool per cover, not per claim: every claim on a cover together mints at most AssessmentRewardPpb of
        // its premium (else a holder files dust claims on its own cover, denies them with its own stake and is paid
        // a fifth of its premium in new member tokens every three days).
        var mintedOnCover = Amount.Zero;
        foreach (var (_, other) in s.Claims)
            if (other.CoverId == cover.Id) mintedOnCover += other.RewardMinted;
        pool = Amount.Min(pool, fullPool.SaturatingSub(mintedOnCover));
        bool? winningSide = outcome switch { ClaimOutcome.ConsensusAccept => true, ClaimOutcome.ConsensusDeny => false, _ => null };
        var minted = Reward(ctx, claim, pool, winningSide, winningSide switch { true => accept, false => deny, null => cast });
        claim.RewardMinted = minted;
        ctx.Emit(new AssessmentClosed(claim.Id, outcome, accept, deny, quorum, minted));
        if (winningSide is { } side)
        {
            // The minority's bond stays locked longer (not burned: an honest difference of opinion is not punished).
            foreach (var (voter, vote) in claim.Votes)
            {
                if (vote.Accept == side || !s.Stakers.TryGetValue(voter, out var staker)) continue;
                staker.LockedUntil = Math.Max(staker.LockedUntil, ctx.Height) + p.MinorityLockExtensionBlocks;
                ctx.Emit(new LockExtended(claim.Id, voter, staker.LockedUntil));
            }
            Decide(ctx, claim, side);
        }
        else
        {
            claim.Status = ClaimStatus.MemberVote;
            claim.MemberVoteEndsAt = ctx.Height + p.MemberVotePeriodBlocks;
        }
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, MemberVote tx)
    {
        var r = FindClaim(ctx, tx.ClaimId, out var claim);
        if (!r.Accepted) return r;
        if (claim.Status != ClaimStatus.MemberVote || ctx.Height >= claim.MemberVoteEndsAt)
            return TxResult.Reject(CoverErrors.ClaimNotOpen, $"claim {claim.Id} is not open to members (status {claim.Status})");
        if (ctx.Sender == claim.Claimant)
            return TxResult.Reject(CoverErrors.ClaimNotAllowed, "a claimant does not vote on its own claim");
        if (claim.MemberVotes.ContainsKey(ctx.Sender))
            return TxResult.Reject(CoverErrors.AlreadyVoted, $"{ctx.Sender} already voted on claim {claim.Id}");
        var s = ctx.State<CoverState>();
        if (!s.Stakers.TryGetValue(ctx.Sender, out var staker) || staker.Staked.IsZero)
            return TxResult.Reject(CoverErrors.NotAMember, $"{ctx.Sender} stakes no member tokens: members vote with their stake");
        claim.MemberVotes.Add(ctx.Sender, new ClaimVote(tx.Accept, staker.Staked, ctx.Height));
        staker.LockedUntil = Math.Max(staker.LockedUntil, claim.MemberVoteEndsAt);
        ctx.Emit(new MemberVoted(claim.Id, ctx.Sender, tx.Accept, staker.Staked));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, CloseMemberVote tx)
    {
        var r = FindClaim(ctx, tx.ClaimId, out var claim);
        if (!r.Accepted) return r;
        if (claim.Status != ClaimStatus.MemberVote)
            return TxResult.Reject(CoverErrors.ClaimNotOpen, $"claim {claim.Id} has no member vote open (status {claim.Status})");
        if (ctx.Height < claim.MemberVoteEndsAt)
            return TxResult.Reject(CoverErrors.VotingNotOver, $"claim {claim.Id}'s member vote ends at block {claim.MemberVoteEndsAt}; this is block {ctx.Height}");
        if (!InsuranceFund.TryPlatformPrice(ctx, out var price))
            return TxResult.Reject(CoverErrors.PlatformPriceUnavailable, "the platform token has no fresh price to value the votes against the quorum");
        var s = ctx.State<CoverState>();
        var (accept, deny) = Count(s, claim.MemberVotes);
        // The members' vote is bound by the same quorum as the assessors' (power cast above QuorumCoverMultiple × the
        // cover amount): else a claimant lets its claim miss the assessors' quorum and approves it with a dust stake.
        var quorum = price.DivAmount(new Amount(checked(s.Covers[claim.CoverId].SumInsured.Units * (UInt128)ctx.Params<CoverParameters>().QuorumCoverMultiple)), Rounding.Down);
        bool accepted = accept > deny && accept + deny > quorum;
        ctx.Emit(new MemberVoteClosed(claim.Id, accepted ? ClaimOutcome.MembersAccept : ClaimOutcome.MembersDeny, accept, deny));
        Decide(ctx, claim, accepted);
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, BurnStake tx)
    {
        var r = ctx.RequireRole(CoverRoles.AdvisoryBoard);
        if (!r.Accepted) return r;
        var s = ctx.State<CoverState>();
        if (!s.Stakers.TryGetValue(tx.Assessor ?? "", out var staker) || staker.Staked.IsZero)
            return TxResult.Reject(CoverErrors.NoStake, $"'{tx.Assessor}' stakes no member tokens");
        var amount = tx.Amount ?? staker.Staked;
        r = EngineContext.CheckAmount(amount, "burn");
        if (!r.Accepted) return r;
        if (amount > staker.Staked)
            return TxResult.Reject(CoverErrors.NoStake, $"{tx.Assessor} stakes {staker.Staked.ToTokenString()}; asked to burn {amount.ToTokenString()}");
        ctx.ResolveToken(s.PlatformToken, out var platform);
        ctx.ResolveAccount(StakeAccount, out var stakeAccount);
        if (!ctx.Ledger.TryBurn(stakeAccount, platform, amount))
            throw new InvariantViolationException("the stake account holds less than the stakes it records");
        staker.Staked -= amount;
        staker.Burned += amount;
        ctx.Emit(new StakeBurned(staker.Account, amount, ctx.Sender, tx.Reason));
        return TxResult.Ok;
    }

    /// <summary>Power for and against: each vote up to the stake its voter still holds (a burned stake's votes no longer count).</summary>
    private static (Amount Accept, Amount Deny) Count(CoverState s, Core.State.StateMap<string, ClaimVote> votes)
    {
        Amount accept = Amount.Zero, deny = Amount.Zero;
        foreach (var (voter, vote) in votes)
        {
            var held = s.Stakers.TryGetValue(voter, out var staker) ? staker.Staked : Amount.Zero;
            var power = Amount.Min(vote.Power, held);
            if (vote.Accept) accept += power; else deny += power;
        }
        return (accept, deny);
    }

    /// <summary>Mints <paramref name="pool"/> to the voters on <paramref name="side"/> (every voter when null), pro rata to counted power, rounded down.</summary>
    private static Amount Reward(EngineContext ctx, Claim claim, Amount pool, bool? side, Amount sidePower)
    {
        if (pool.IsZero || sidePower.IsZero) return Amount.Zero;
        var s = ctx.State<CoverState>();
        ctx.ResolveToken(s.PlatformToken, out var platform);
        var minted = Amount.Zero;
        foreach (var (voter, vote) in claim.Votes)
        {
            if (side is { } winning && vote.Accept != winning) continue;
            if (!s.Stakers.TryGetValue(voter, out var staker)) continue;
            var power = Amount.Min(vote.Power, staker.Staked);
            var share = pool.MulDiv(power, sidePower, Rounding.Down);
            if (share.IsZero) continue;
            ctx.ResolveAccount(voter, out var account);
            ctx.Ledger.TryMint(account, platform, share);
            staker.Rewards += share;
            minted += share;
            ctx.Emit(new AssessorRewarded(claim.Id, voter, share));
        }
        return minted;
    }

    /// <summary>Pays an accepted claim (from the fund, the DAO lending what it lacks) and returns the deposit; a denied claim's deposit goes to the fund.</summary>
    private static void Decide(EngineContext ctx, Claim claim, bool accepted)
    {
        var s = ctx.State<CoverState>();
        var cover = s.Covers[claim.CoverId];
        ctx.ResolveToken(s.PlatformToken, out var platform);
        ctx.ResolveAccount(ClaimsAccount, out var claims);
        ctx.ResolveAccount(claim.Claimant, out var claimant);
        if (!accepted)
        {
            claim.Status = ClaimStatus.Denied;
            if (!claim.Deposit.IsZero) ctx.Ledger.TryTransfer(claims, ctx.Ledger.GetOrCreateModuleAccount(InsuranceFund.FundAccount), platform, claim.Deposit);
            ctx.Emit(new ClaimDenied(claim.Id, cover.Id, claim.Claimant, claim.Deposit));
            return;
        }
        var due = Amount.Min(claim.Claimed, cover.SumInsured.SaturatingSub(cover.Payout));
        var (paid, _, _) = InsuranceFund.Pay(ctx, cover.ProjectId, [(cover.Id, claim.Claimant, due)]);
        claim.Status = ClaimStatus.Accepted;
        claim.Paid = paid[0];
        claim.Unpaid = due - paid[0];
        cover.Payout += paid[0];
        cover.Unpaid += due - paid[0];
        cover.Status = CoverStatus.ClaimPaid;
        s.PaidOut += paid[0];
        s.Unpaid += due - paid[0];
        if (!claim.Deposit.IsZero) ctx.Ledger.TryTransfer(claims, claimant, platform, claim.Deposit);
        ctx.Emit(new ClaimPaid(claim.Id, cover.Id, claim.Claimant, paid[0], due - paid[0], claim.Deposit));
    }

    private static TxResult FindClaim(EngineView view, long id, out Claim claim) =>
        view.State<CoverState>().Claims.TryGetValue(id, out claim!)
            ? TxResult.Ok
            : TxResult.Reject(CoverErrors.UnknownClaim, $"no claim {id}");

    public static ClaimView View(Claim c) =>
        new(c.Id, c.CoverId, c.Claimant, c.Claimed, c.Deposit, c.Reason, c.FiledAt, c.AssessmentEndsAt, c.MemberVoteEndsAt >= 0 ? c.MemberVoteEndsAt : null,
            c.Status, c.Paid, c.Unpaid, c.RewardMinted, c.Votes.Count, c.MemberVotes.Count);

    public static IReadOnlyList<VoteView> Votes(Claim c) =>
        [.. c.Votes.Select(kv => new VoteView(c.Id, kv.Key, false, kv.Value.Accept, kv.Value.Power, kv.Value.Block)),
         .. c.MemberVotes.Select(kv => new VoteView(c.Id, kv.Key, true, kv.Value.Accept, kv.Value.Power, kv.Value.Block))];
}
