using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

/// <summary>
/// <paramref name="Account"/> now holds <paramref name="Role"/> (granted at genesis, to a new multisig or voting body,
/// or by the governor).
/// </summary>
public sealed record RoleGranted(string Role, string Account) : IEvent;
/// <summary>The governor took <paramref name="Role"/> from <paramref name="Account"/>.</summary>
public sealed record RoleRevoked(string Role, string Account) : IEvent;
/// <summary>
/// A module parameter changed (at genesis or by the governor); the values are written in the parameter's unit, as the
/// <c>governance.parameters</c> query shows them.
/// </summary>
public sealed record ParameterChanged(string Module, string Name, string OldValue, string NewValue) : IEvent;
/// <summary>
/// <paramref name="Target"/> (a module, or one action such as <c>subnets.swap</c>) was paused by <paramref name="By"/>,
/// a guardian or governor.
/// </summary>
public sealed record Paused(string Target, string By) : IEvent;
/// <summary>The governor <paramref name="By"/> lifted the pause on <paramref name="Target"/>.</summary>
public sealed record Unpaused(string Target, string By) : IEvent;
/// <summary>
/// Genesis created multisig <paramref name="Name"/> with module account <paramref name="Account"/>: a proposal needs
/// <paramref name="Threshold"/> of the <paramref name="Members"/>' approvals, then waits
/// <paramref name="TimelockBlocks"/> blocks before it can execute.
/// </summary>
public sealed record MultisigCreated(string Name, string Account, IReadOnlyList<string> Members, int Threshold, long TimelockBlocks) : IEvent;
/// <summary>
/// <paramref name="Proposer"/> proposed an action (<paramref name="Action"/>: its transaction name) for
/// <paramref name="Multisig"/> to execute.
/// </summary>
public sealed record ProposalCreated(long ProposalId, string Multisig, string Proposer, string Action) : IEvent;
/// <summary>
/// <paramref name="Member"/> approved proposal <paramref name="ProposalId"/> (proposing counts as approving):
/// <paramref name="Approvals"/> of the <paramref name="Threshold"/> needed.
/// </summary>
public sealed record ProposalApproved(long ProposalId, string Member, int Approvals, int Threshold) : IEvent;
/// <summary>
/// Proposal <paramref name="ProposalId"/> reached its threshold: executable from block
/// <paramref name="ExecutableFromBlock"/> (after the timelock) until block <paramref name="ExpiresAfterBlock"/>.
/// </summary>
public sealed record ProposalQueued(long ProposalId, long ExecutableFromBlock, long ExpiresAfterBlock) : IEvent;
/// <summary>
/// The multisig's account executed proposal <paramref name="ProposalId"/>'s action (<paramref name="Action"/>: its
/// transaction name).
/// </summary>
public sealed record ProposalExecuted(long ProposalId, string Action) : IEvent;
/// <summary>
/// The member <paramref name="By"/> cancelled proposal <paramref name="ProposalId"/> before it was executed.
/// </summary>
public sealed record ProposalCancelled(long ProposalId, string By) : IEvent;
/// <summary>
/// Genesis created voting body <paramref name="Name"/>, weighted by <paramref name="Token"/>: quorum
/// <paramref name="QuorumBps"/> bps of supply, supermajority <paramref name="SupermajorityBps"/> bps of the votes cast,
/// votes open for <paramref name="VotingPeriodBlocks"/> blocks.
/// </summary>
public sealed record VotingBodyCreated(string Name, string Token, int QuorumBps, int SupermajorityBps, long VotingPeriodBlocks) : IEvent;
/// <summary>
/// <paramref name="Proposer"/> opened vote <paramref name="VoteId"/> of <paramref name="Body"/> on an action
/// (<paramref name="Action"/>: its transaction name); voting closes after block <paramref name="EndsAtBlock"/>.
/// </summary>
public sealed record VoteCreated(long VoteId, string Body, string Proposer, string Action, long EndsAtBlock) : IEvent;
/// <summary>
/// <paramref name="Voter"/> locked <paramref name="Amount"/> of the body's token in vote <paramref name="VoteId"/>, for
/// (<paramref name="Support"/> true) or against the action.
/// </summary>
public sealed record VoteCast(long VoteId, string Voter, bool Support, Amount Amount) : IEvent;
/// <summary>
/// Vote <paramref name="VoteId"/> met quorum and supermajority with <paramref name="For"/> and
/// <paramref name="Against"/> token units, and the body's account executed its action.
/// </summary>
public sealed record VoteExecuted(long VoteId, Amount For, Amount Against, string Action) : IEvent;
/// <summary>
/// After vote <paramref name="VoteId"/> ended, <paramref name="Voter"/> took back the <paramref name="Amount"/> of the
/// body's token it had locked.
/// </summary>
public sealed record VoteWithdrawn(long VoteId, string Voter, Amount Amount) : IEvent;
/// <summary>
/// Genesis set <paramref name="Module"/>'s whole parameter record from its named preset <paramref name="Preset"/>.
/// </summary>
public sealed record PresetApplied(string Module, string Preset) : IEvent;

/// <summary>Query: a module's governed parameters with units, current values and ranges, and its presets.</summary>
public sealed record ParametersQuery(string Module) : Modules.IQuery<ParametersView?>;
public sealed record ParametersView(string Module, IReadOnlyList<ParameterView> Parameters, IReadOnlyCollection<string> Presets);

/// <summary>Query: a multisig proposal.</summary>
public sealed record ProposalQuery(long ProposalId) : Modules.IQuery<Proposal?>;

/// <summary>Query: a token vote.</summary>
public sealed record VoteQuery(long VoteId) : Modules.IQuery<Vote?>;

/// <summary>Query: whether an account holds a role.</summary>
public sealed record HasRoleQuery(string Role, string Account) : Modules.IQuery<bool>;

/// <summary>Query: the multisigs and voting bodies, and the ids the next proposal and vote will get.</summary>
public sealed record GovernanceSummaryQuery() : Modules.IQuery<GovernanceSummary>;
public sealed record GovernanceSummary(IReadOnlyList<Multisig> Multisigs, IReadOnlyList<VotingBody> VotingBodies, long NextProposalId, long NextVoteId);
