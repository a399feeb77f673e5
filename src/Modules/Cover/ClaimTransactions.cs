using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;

namespace Ballast.Cover;

/// <summary>Stakes <paramref name="Amount"/> member (platform) tokens as an assessor; the stake locks for the stake-lock period.</summary>
public sealed record Stake(Amount Amount) : ITransaction;

/// <summary>Withdraws <paramref name="Amount"/> of the sender's stake once its lock has ended.</summary>
public sealed record Unstake(Amount Amount) : ITransaction;

/// <summary>
/// Files a claim of <paramref name="Amount"/> base token on the sender's cover (at most its sum insured less what it
/// was paid), with a deposit in the platform token; one open claim per cover.
/// </summary>
public sealed record FileClaim(long CoverId, Amount Amount, string Reason) : ITransaction;

/// <summary>An assessor's vote on a claim with the whole of its active stake; its stake is then inactive for 12 hours.</summary>
public sealed record Assess(long ClaimId, bool Accept) : ITransaction;

/// <summary>Closes a claim's assessment after its period (anyone): consensus decides, otherwise the members vote.</summary>
public sealed record CloseAssessment(long ClaimId) : ITransaction;

/// <summary>A member's vote on an escalated claim, weighted by its staked member tokens.</summary>
public sealed record MemberVote(long ClaimId, bool Accept) : ITransaction;

/// <summary>Closes an escalated claim's member vote after its period (anyone): the majority of the power cast decides.</summary>
public sealed record CloseMemberVote(long ClaimId) : ITransaction;

/// <summary>Advisory Board: burns <paramref name="Amount"/> (all of it when omitted) of a dishonest assessor's stake.</summary>
public sealed record BurnStake(string Assessor, Amount? Amount = null, string? Reason = null) : ITransaction;

/// <summary><c>cover.staked</c>: member tokens staked, the stake now and its lock.</summary>
public sealed record Staked(string Assessor, Amount Amount, Amount Total, long LockedUntil) : IEvent;
/// <summary><c>cover.unstaked</c>: stake withdrawn.</summary>
public sealed record Unstaked(string Assessor, Amount Amount, Amount Total) : IEvent;
/// <summary><c>cover.claimFiled</c>: a claim, its amount (base token) and deposit (platform token), and when its assessment ends.</summary>
public sealed record ClaimFiled(long ClaimId, long CoverId, string Claimant, Amount Amount, Amount Deposit, string Reason, long AssessmentEndsAt) : IEvent;
/// <summary><c>cover.assessed</c>: an assessor's vote, its power, and until when its stake is inactive and locked.</summary>
public sealed record Assessed(long ClaimId, string Assessor, bool Accept, Amount Power, long InactiveUntil, long LockedUntil) : IEvent;
/// <summary>
/// <c>cover.assessmentClosed</c>: the outcome, the power for and against (counted up to what each voter still stakes),
/// the quorum it needed (in platform tokens at the platform price), and the fee pool minted to assessors.
/// </summary>
public sealed record AssessmentClosed(long ClaimId, ClaimOutcome Outcome, Amount PowerAccept, Amount PowerDeny, Amount QuorumPower, Amount FeePool) : IEvent;
/// <summary><c>cover.assessorRewarded</c>: an assessor's share of the fee pool, minted in member tokens.</summary>
public sealed record AssessorRewarded(long ClaimId, string Assessor, Amount Reward) : IEvent;
/// <summary><c>cover.lockExtended</c>: a vote against the consensus extended the assessor's lock.</summary>
public sealed record LockExtended(long ClaimId, string Assessor, long LockedUntil) : IEvent;
/// <summary><c>cover.memberVoted</c>: a member's vote on an escalated claim.</summary>
public sealed record MemberVoted(long ClaimId, string Member, bool Accept, Amount Power) : IEvent;
/// <summary><c>cover.memberVoteClosed</c>: the members' decision.</summary>
public sealed record MemberVoteClosed(long ClaimId, ClaimOutcome Outcome, Amount PowerAccept, Amount PowerDeny) : IEvent;
/// <summary><c>cover.claimPaid</c>: an accepted claim's payout (the DAO lending what the fund lacks; the rest unpaid) and the deposit returned.</summary>
public sealed record ClaimPaid(long ClaimId, long CoverId, string Claimant, Amount Paid, Amount Unpaid, Amount DepositReturned) : IEvent;
/// <summary><c>cover.claimDenied</c>: a denied claim; its deposit went to the fund.</summary>
public sealed record ClaimDenied(long ClaimId, long CoverId, string Claimant, Amount DepositForfeited) : IEvent;
/// <summary><c>cover.stakeBurned</c>: the Advisory Board burned an assessor's stake.</summary>
public sealed record StakeBurned(string Assessor, Amount Amount, string By, string? Reason) : IEvent;

/// <summary><c>cover.claim</c>: one claim.</summary>
public sealed record ClaimQuery(long ClaimId) : Core.Modules.IQuery<ClaimView?>;
/// <summary><c>cover.claims</c>: claims, on one cover when given.</summary>
public sealed record ClaimsQuery(long? CoverId = null) : Core.Modules.IQuery<IReadOnlyList<ClaimView>>;
/// <summary><c>cover.votes</c>: a claim's assessor and member votes.</summary>
public sealed record VotesQuery(long ClaimId) : Core.Modules.IQuery<IReadOnlyList<VoteView>>;
/// <summary><c>cover.staker</c>: an assessor's stake, lock and inactivity.</summary>
public sealed record StakerQuery(string Account) : Core.Modules.IQuery<StakerView?>;

/// <summary>A claim: amounts, deposit, periods, status and payout.</summary>
public sealed record ClaimView(long Id, long CoverId, string Claimant, Amount Claimed, Amount Deposit, string Reason, long FiledAt,
    long AssessmentEndsAt, long? MemberVoteEndsAt, ClaimStatus Status, Amount Paid, Amount Unpaid, Amount RewardMinted, int Votes, int MemberVotes);

/// <summary>One vote on a claim: by an assessor (<paramref name="Member"/> false) or, after escalation, a member.</summary>
public sealed record VoteView(long ClaimId, string Voter, bool Member, bool Accept, Amount Power, long Block);

/// <summary>An assessor's stake: staked, locked until, inactive until, burned and rewards so far.</summary>
public sealed record StakerView(string Account, Amount Staked, long LockedUntil, long InactiveUntil, Amount Burned, Amount Rewards);
