using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

public sealed record RoleGranted(string Role, string Account) : IEvent;
public sealed record RoleRevoked(string Role, string Account) : IEvent;
public sealed record ParameterChanged(string Module, string Name, string OldValue, string NewValue) : IEvent;
public sealed record Paused(string Target, string By) : IEvent;
public sealed record Unpaused(string Target, string By) : IEvent;
public sealed record MultisigCreated(string Name, string Account, IReadOnlyList<string> Members, int Threshold, long TimelockBlocks) : IEvent;
public sealed record ProposalCreated(long ProposalId, string Multisig, string Proposer, string Action) : IEvent;
public sealed record ProposalApproved(long ProposalId, string Member, int Approvals, int Threshold) : IEvent;
public sealed record ProposalQueued(long ProposalId, long ExecutableFromBlock, long ExpiresAfterBlock) : IEvent;
public sealed record ProposalExecuted(long ProposalId, string Action) : IEvent;
public sealed record ProposalCancelled(long ProposalId, string By) : IEvent;
public sealed record VotingBodyCreated(string Name, string Token, int QuorumBps, int SupermajorityBps, long VotingPeriodBlocks) : IEvent;
public sealed record VoteCreated(long VoteId, string Body, string Proposer, string Action, long EndsAtBlock) : IEvent;
public sealed record VoteCast(long VoteId, string Voter, bool Support, Amount Amount) : IEvent;
public sealed record VoteExecuted(long VoteId, Amount For, Amount Against, string Action) : IEvent;
public sealed record VoteWithdrawn(long VoteId, string Voter, Amount Amount) : IEvent;
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
