using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Cover.Model;

/// <summary>Where a claim stands.</summary>
public enum ClaimStatus
{
    /// <summary>Open to staked assessors until the assessment period ends.</summary>
    Assessing,
    /// <summary>No consensus (or no quorum) among assessors: open to every member's vote.</summary>
    MemberVote,
    /// <summary>Accepted (by assessors or members) and paid.</summary>
    Accepted,
    /// <summary>Denied (by assessors or members); the deposit went to the fund.</summary>
    Denied,
}

/// <summary>How an assessment or member vote ended.</summary>
public enum ClaimOutcome
{
    /// <summary>A side held the consensus share of a quorate vote: accepted.</summary>
    ConsensusAccept,
    /// <summary>A side held the consensus share of a quorate vote: denied.</summary>
    ConsensusDeny,
    /// <summary>The votes cast were not above the quorum (5× the cover amount): escalated to members.</summary>
    NoQuorum,
    /// <summary>Neither side held the consensus share: escalated to members, with a reduced fee pool.</summary>
    NoConsensus,
    /// <summary>The members' majority accepted.</summary>
    MembersAccept,
    /// <summary>The members' majority denied, or no member voted.</summary>
    MembersDeny,
}

/// <summary>A vote on a claim: the side and the staked member tokens it was cast with (counted at close up to what is still staked).</summary>
public sealed record ClaimVote(bool Accept, Amount Power, long Block);

/// <summary>
/// A claim on a cover, for what the parametric settlement cannot decide (an oracle failure, a disputed price, a
/// delisted token): the amount claimed in the base token, the deposit in the platform token, the assessors' votes and,
/// after an escalation, the members' votes.
/// </summary>
internal sealed class Claim : StateObject
{
    public required long Id { get; init; }
    public required long CoverId { get; init; }
    public required string Claimant { get; init; }
    public required Amount Claimed { get; init; }
    public required Amount Deposit { get; init; }
    public required string Reason { get; init; }
    public required long FiledAt { get; init; }
    public required long AssessmentEndsAt { get; init; }
    public ClaimStatus Status { get; set => Set(ref field, value); }
    public long MemberVoteEndsAt { get; set => Set(ref field, value); } = -1;
    public Amount Paid { get; set => Set(ref field, value); }
    public Amount Unpaid { get; set => Set(ref field, value); }
    public Amount RewardMinted { get; set => Set(ref field, value); }
    public StateMap<string, ClaimVote> Votes { get; } = new();
    public StateMap<string, ClaimVote> MemberVotes { get; } = new();
}

/// <summary>
/// An assessor's stake of member tokens: locked until <see cref="LockedUntil"/>; after a vote inactive (unable to vote on
/// another claim) until <see cref="InactiveUntil"/>.
/// </summary>
internal sealed class Staker : StateObject
{
    public required string Account { get; init; }
    public Amount Staked { get; set => Set(ref field, value); }
    public long LockedUntil { get; set => Set(ref field, value); }
    public long InactiveUntil { get; set => Set(ref field, value); }
    public Amount Burned { get; set => Set(ref field, value); }
    public Amount Rewards { get; set => Set(ref field, value); }
}
