using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;

namespace Ballast.Cover;

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
