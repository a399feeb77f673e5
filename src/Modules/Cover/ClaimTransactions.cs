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
