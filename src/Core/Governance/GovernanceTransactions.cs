using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

/// <summary>Genesis only: grants <paramref name="Role"/> to <paramref name="Account"/>.</summary>
public sealed record GenesisRole(string Role, string Account) : IGenesisTransaction;

/// <summary>
/// Genesis only: an N-of-M multisig with its own module account <c>multisig:{Name}</c>, which holds
/// <paramref name="Roles"/> (default: governor). Threshold defaults to ⌊M/2⌋+1, the timelock to 14,400 blocks
/// (48 h), the time to act after it to 100,800 blocks (14 days).
/// </summary>
public sealed record GenesisMultisig(
    string Name,
    IReadOnlyList<string> Members,
    int? Threshold = null,
    long? TimelockBlocks = null,
    long? GraceBlocks = null,
    IReadOnlyList<string>? Roles = null) : IGenesisTransaction;

/// <summary>
/// Genesis only: a token-weighted voting body with account <c>vote:{Name}</c> holding <paramref name="Roles"/>.
/// A vote passes with turnout ≥ <paramref name="QuorumBps"/> of the token's supply and yes ≥
/// <paramref name="SupermajorityBps"/> of the votes cast. An exact supermajority such as ⅔ is the fraction
/// <paramref name="SupermajorityNumerator"/>/<paramref name="SupermajorityDenominator"/> (both or neither, in [½, 1]),
/// with <paramref name="SupermajorityBps"/> its value rounded up to a basis point (6,667 for ⅔): the fraction decides.
/// </summary>
public sealed record GenesisVotingBody(
    string Name,
    string Token,
    int QuorumBps,
    int SupermajorityBps,
    long VotingPeriodBlocks,
    IReadOnlyList<string>? Roles = null,
    long? SupermajorityNumerator = null,
    long? SupermajorityDenominator = null) : IGenesisTransaction;

/// <summary>Genesis only: a module parameter's starting value, validated like any change.</summary>
public sealed record GenesisParameter(string Module, string Name, string Value) : IGenesisTransaction;

/// <summary>Genesis only: a module's whole parameter record from one of its named presets (e.g. <c>readme</c>, <c>mainnet</c>).</summary>
public sealed record GenesisPreset(string Module, string Preset) : IGenesisTransaction;

/// <summary>Grants <paramref name="Role"/> to <paramref name="Account"/> (governor only).</summary>
public sealed record GrantRole(string Role, string Account) : ITransaction;
/// <summary>
/// Takes <paramref name="Role"/> from <paramref name="Account"/>, which must hold it (governor only).
/// </summary>
public sealed record RevokeRole(string Role, string Account) : ITransaction;

/// <summary>Sets one module parameter (governor only), validated against its range and the module's rules.</summary>
public sealed record SetParameter(string Module, string Name, string Value) : ITransaction;

/// <summary>Pauses a module (<c>subnets</c>) or one action (<c>subnets.swap</c>): guardian or governor.</summary>
public sealed record Pause(string Target) : ITransaction;

/// <summary>Lifts a pause: governor only.</summary>
public sealed record Unpause(string Target) : ITransaction;

/// <summary>A member proposes an action for the multisig to execute; the proposal counts as the member's approval.</summary>
public sealed record Propose(string Multisig, ITransaction Action) : ITransaction;

/// <summary>
/// A member of the proposal's multisig approves it; at the threshold the proposal is queued behind the timelock.
/// </summary>
public sealed record Approve(long ProposalId) : ITransaction;

/// <summary>Executes an approved proposal once its timelock has passed, as the multisig's account.</summary>
public sealed record ExecuteProposal(long ProposalId) : ITransaction;

/// <summary>A member withdraws a proposal that has not been executed.</summary>
public sealed record CancelProposal(long ProposalId) : ITransaction;

/// <summary>Opens a token-weighted vote on an action for <paramref name="Body"/>.</summary>
public sealed record CreateVote(string Body, ITransaction Action) : ITransaction;

/// <summary>Locks <paramref name="Amount"/> of the body's token as votes for or against, until the vote ends.</summary>
public sealed record CastVote(long VoteId, bool Support, Amount Amount) : ITransaction;

/// <summary>After the voting period: executes the action if quorum and supermajority are met.</summary>
public sealed record ExecuteVote(long VoteId) : ITransaction;

/// <summary>After the voting period: returns the sender's locked tokens.</summary>
public sealed record WithdrawVote(long VoteId) : ITransaction;
