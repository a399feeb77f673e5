using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Core.Governance;

public sealed record Multisig(string Name, string Account, ImmutableArray<string> Members, int Threshold, long TimelockBlocks, long GraceBlocks);

public enum ProposalStatus { Pending, Queued, Executed, Cancelled }

/// <summary>A multisig proposal. The timelock starts when approvals reach the threshold (<see cref="QueuedAt"/>).</summary>
public sealed record Proposal(
    long Id,
    string Multisig,
    string Proposer,
    ITransaction Action,
    string ActionType,
    long CreatedAt,
    ImmutableSortedSet<string> Approvals,
    long? QueuedAt,
    ProposalStatus Status);

public sealed record VotingBody(string Name, string Token, string Account, string EscrowAccount, int QuorumBps, int SupermajorityBps, long VotingPeriodBlocks,
    long SupermajorityNumerator, long SupermajorityDenominator);

public sealed record VoteDeposit(Amount For, Amount Against)
{
    public Amount Total => For + Against;
}

public sealed record Vote(
    long Id,
    string Body,
    string Proposer,
    ITransaction Action,
    string ActionType,
    long EndsAt,
    Amount For,
    Amount Against,
    bool Executed,
    ImmutableSortedDictionary<string, VoteDeposit> Deposits);

/// <summary>Multisigs, their proposals, voting bodies and their votes. Values are immutable records, replaced on change.</summary>
internal sealed class GovernanceState : ModuleState
{
    public StateMap<string, Multisig> Multisigs { get; } = new();
    public StateMap<long, Proposal> Proposals { get; } = new();
    public StateMap<string, VotingBody> Bodies { get; } = new();
    public StateMap<long, Vote> Votes { get; } = new();
    public long NextProposalId { get; set => Set(ref field, value); } = 1;
    public long NextVoteId { get; set => Set(ref field, value); } = 1;

    public override object Describe(EngineView view) => new
    {
        multisigs = Multisigs.Values.Select(m => new { m.Name, m.Account, m.Members, m.Threshold, m.TimelockBlocks, m.GraceBlocks }).ToList(),
        proposals = Proposals.Values.Select(p => new
        {
            p.Id, p.Multisig, p.Proposer, action = p.ActionType, p.CreatedAt, approvals = p.Approvals, p.QueuedAt, status = p.Status.ToString(),
        }).ToList(),
        votingBodies = Bodies.Values.ToList(),
        votes = Votes.Values.Select(v => new
        {
            v.Id, v.Body, v.Proposer, action = v.ActionType, v.EndsAt, @for = v.For, against = v.Against, v.Executed,
        }).ToList(),
    };
}
