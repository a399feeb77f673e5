using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

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

public sealed record VotingBody(string Name, string Token, string Account, string EscrowAccount, int QuorumBps, int SupermajorityBps, long VotingPeriodBlocks);

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

/// <summary>Multisigs, their proposals, voting bodies and their votes. Immutable values: a clone copies the maps.</summary>
public sealed class GovernanceState : ModuleState
{
    public SortedDictionary<string, Multisig> Multisigs { get; private init; } = new(StringComparer.Ordinal);
    public SortedDictionary<long, Proposal> Proposals { get; private init; } = [];
    public SortedDictionary<string, VotingBody> Bodies { get; private init; } = new(StringComparer.Ordinal);
    public SortedDictionary<long, Vote> Votes { get; private init; } = [];
    public long NextProposalId { get; set; } = 1;
    public long NextVoteId { get; set; } = 1;

    public override ModuleState Clone() => new GovernanceState
    {
        Multisigs = new(Multisigs, StringComparer.Ordinal),
        Proposals = new(Proposals),
        Bodies = new(Bodies, StringComparer.Ordinal),
        Votes = new(Votes),
        NextProposalId = NextProposalId,
        NextVoteId = NextVoteId,
    };

    public override void WriteHash(StateHasher hasher)
    {
        hasher.Write("governance");
        hasher.Write(NextProposalId);
        hasher.Write(NextVoteId);
        foreach (var m in Multisigs.Values)
        {
            hasher.Write(m.Name); hasher.Write(m.Threshold); hasher.Write(m.TimelockBlocks); hasher.Write(m.GraceBlocks);
            hasher.Write(m.Members.Length);
            foreach (var member in m.Members) hasher.Write(member);
        }
        foreach (var p in Proposals.Values)
        {
            hasher.Write(p.Id); hasher.Write(p.Multisig); hasher.Write(p.Proposer); hasher.Write(p.Action.ToString() ?? "");
            hasher.Write(p.CreatedAt); hasher.Write(p.QueuedAt ?? -1); hasher.Write((int)p.Status);
            hasher.Write(p.Approvals.Count);
            foreach (var a in p.Approvals) hasher.Write(a);
        }
        foreach (var b in Bodies.Values)
        {
            hasher.Write(b.Name); hasher.Write(b.Token); hasher.Write(b.QuorumBps); hasher.Write(b.SupermajorityBps); hasher.Write(b.VotingPeriodBlocks);
        }
        foreach (var v in Votes.Values)
        {
            hasher.Write(v.Id); hasher.Write(v.Body); hasher.Write(v.Proposer); hasher.Write(v.Action.ToString() ?? ""); hasher.Write(v.EndsAt);
            hasher.Write(v.For); hasher.Write(v.Against); hasher.Write(v.Executed);
            hasher.Write(v.Deposits.Count);
            foreach (var (voter, d) in v.Deposits) { hasher.Write(voter); hasher.Write(d.For); hasher.Write(d.Against); }
        }
    }

    public override object Describe(Ballast.Core.Blocks.EngineContext ctx) => new
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
