using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;

namespace Ballast.Cover;

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
