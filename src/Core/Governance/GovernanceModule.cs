using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

/// <summary>
/// Governance shared by every module: roles, parameters, pauses, N-of-M multisig proposals with a timelock, and
/// token-weighted votes with quorum and supermajority. Always present in an engine.
/// </summary>
public sealed class GovernanceModule : IModule
{
    /// <summary>48 hours of 12-second blocks (Tenexium's multisig timelock).</summary>
    public const long DefaultTimelockBlocks = 14_400;

    /// <summary>14 days to execute a queued proposal, or to gather approvals for a pending one.</summary>
    public const long DefaultGraceBlocks = 100_800;

    /// <summary>Longest timelock, grace or voting period genesis accepts: 10 years of 12-second blocks.</summary>
    public const long MaxPeriodBlocks = 26_280_000;
    /// <summary>Largest denominator of an exact supermajority fraction.</summary>
    public const long MaxSupermajorityDenominator = 1_000_000;

    public string Name => "governance";

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new GovernanceState())
        .Handle<GenesisRole>("genesisRole", Apply)
        .Handle<GenesisMultisig>("genesisMultisig", Apply)
        .Handle<GenesisVotingBody>("genesisVotingBody", Apply)
        .Handle<GenesisParameter>("genesisParameter", (ctx, tx) => ChangeParameter(ctx, tx.Module, tx.Name, tx.Value))
        .Handle<GenesisPreset>("genesisPreset", Apply)
        .Handle<GrantRole>("grantRole", Apply)
        .Handle<RevokeRole>("revokeRole", Apply)
        .Handle<SetParameter>("setParameter", Apply)
        .Handle<Pause>("pause", Apply)
        .Handle<Unpause>("unpause", Apply)
        .Handle<Propose>("propose", Apply)
        .Handle<Approve>("approve", Apply)
        .Handle<ExecuteProposal>("execute", Apply)
        .Handle<CancelProposal>("cancel", Apply)
        .Handle<CreateVote>("createVote", Apply)
        .Handle<CastVote>("castVote", Apply)
        .Handle<ExecuteVote>("executeVote", Apply)
        .Handle<WithdrawVote>("withdrawVote", Apply)
        .Event<RoleGranted>("roleGranted")
        .Event<RoleRevoked>("roleRevoked")
        .Event<ParameterChanged>("parameterChanged")
        .Event<PresetApplied>("presetApplied")
        .Event<Paused>("paused")
        .Event<Unpaused>("unpaused")
        .Event<MultisigCreated>("multisigCreated")
        .Event<ProposalCreated>("proposalCreated")
        .Event<ProposalApproved>("proposalApproved")
        .Event<ProposalQueued>("proposalQueued")
        .Event<ProposalExecuted>("proposalExecuted")
        .Event<ProposalCancelled>("proposalCancelled")
        .Event<VotingBodyCreated>("votingBodyCreated")
        .Event<VoteCreated>("voteCreated")
        .Event<VoteCast>("voteCast")
        .Event<VoteExecuted>("voteExecuted")
        .Event<VoteWithdrawn>("voteWithdrawn")
        .Query<ParametersQuery, ParametersView?>("parameters", (view, q) =>
            view.ParameterSetOf(q.Module ?? "") is { } set ? new ParametersView(set.Module, set.View(), set.Presets) : null)
        .Query<ProposalQuery, Proposal?>("proposal", (view, q) => view.State<GovernanceState>().Proposals.GetValueOrDefault(q.ProposalId))
        .Query<VoteQuery, Vote?>("vote", (view, q) => view.State<GovernanceState>().Votes.GetValueOrDefault(q.VoteId))
        .Query<GovernanceSummaryQuery, GovernanceSummary>("summary", (view, _) =>
        {
            var state = view.State<GovernanceState>();
            return new GovernanceSummary(state.Multisigs.Values.ToList(), state.Bodies.Values.ToList(), state.NextProposalId, state.NextVoteId);
        })
        .Query<HasRoleQuery, bool>("hasRole", (view, q) => view.Roles.Has(q.Role ?? "", q.Account ?? ""));

    // ---------- genesis ----------

    private static TxResult Apply(EngineContext ctx, GenesisRole tx)
    {
        var r = ctx.ResolveAccount(tx.Account, out _);
        if (!r.Accepted) return r;
        if (ctx.Roles.Grant(tx.Role, tx.Account)) ctx.Emit(new RoleGranted(tx.Role, tx.Account));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, GenesisMultisig tx)
    {
        var state = ctx.State<GovernanceState>();
        if (state.Multisigs.ContainsKey(tx.Name))
            return TxResult.Reject(GovernanceErrors.MultisigExists, $"multisig '{tx.Name}' exists");
        var members = (tx.Members ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (!LedgerModule.IsValidUserName(tx.Name) || members.Length == 0 || members.Length != (tx.Members ?? []).Count)
            return TxResult.Reject(GovernanceErrors.InvalidMultisig, $"multisig '{tx.Name}' needs a valid name and distinct members");
        foreach (var member in members)
        {
            var r = ctx.ResolveAccount(member, out _);
            if (!r.Accepted) return r;
        }
        int threshold = tx.Threshold ?? members.Length / 2 + 1;
        long timelock = tx.TimelockBlocks ?? DefaultTimelockBlocks;
        long grace = tx.GraceBlocks ?? DefaultGraceBlocks;
        if (threshold < 1 || threshold > members.Length || timelock < 0 || grace < 1 || timelock > MaxPeriodBlocks || grace > MaxPeriodBlocks)
            return TxResult.Reject(GovernanceErrors.InvalidMultisig,
                $"multisig '{tx.Name}': threshold {threshold} of {members.Length}, timelock {timelock}, grace {grace} is not valid");
        var account = $"multisig:{tx.Name}";
        ctx.Ledger.GetOrCreateModuleAccount(account);
        state.Multisigs.Add(tx.Name, new Multisig(tx.Name, account, members, threshold, timelock, grace));
        ctx.Emit(new MultisigCreated(tx.Name, account, members, threshold, timelock));
        foreach (var role in tx.Roles ?? [Roles.Governor])
            if (ctx.Roles.Grant(role, account)) ctx.Emit(new RoleGranted(role, account));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, GenesisVotingBody tx)
    {
        var state = ctx.State<GovernanceState>();
        if (state.Bodies.ContainsKey(tx.Name))
            return TxResult.Reject(GovernanceErrors.VotingBodyExists, $"voting body '{tx.Name}' exists");
        var r = ctx.ResolveToken(tx.Token, out _);
        if (!r.Accepted) return r;
        if (!LedgerModule.IsValidUserName(tx.Name) || tx.QuorumBps is < 1 or > 10_000 || tx.SupermajorityBps is < 5_000 or > 10_000 || tx.VotingPeriodBlocks < 1 || tx.VotingPeriodBlocks > MaxPeriodBlocks)
            return TxResult.Reject(GovernanceErrors.InvalidVotingBody,
                $"voting body '{tx.Name}': quorum {tx.QuorumBps} bps must be 1–10000, supermajority {tx.SupermajorityBps} bps 5000–10000, period 1–{MaxPeriodBlocks} blocks");
        // The supermajority is the exact fraction num/den: given (⅔ as 2/3, with its bps rounded up: 6,667), or bps/10,000.
        long num = tx.SupermajorityNumerator ?? tx.SupermajorityBps, den = tx.SupermajorityDenominator ?? 10_000;
        if (tx.SupermajorityNumerator.HasValue != tx.SupermajorityDenominator.HasValue || den is < 1 or > MaxSupermajorityDenominator
            || num > den || num * 2 < den || FullMath.MulDiv((UInt128)num, 10_000, (UInt128)den, Rounding.Up) != (UInt128)tx.SupermajorityBps)
            return TxResult.Reject(GovernanceErrors.InvalidVotingBody,
                $"voting body '{tx.Name}': a supermajority fraction needs both numerator and denominator (1–{MaxSupermajorityDenominator}), in [1/2, 1], with supermajorityBps its value rounded up to a bps; got {tx.SupermajorityNumerator}/{tx.SupermajorityDenominator} and {tx.SupermajorityBps} bps");
        var body = new VotingBody(tx.Name, tx.Token, $"vote:{tx.Name}", $"vote:{tx.Name}:escrow", tx.QuorumBps, tx.SupermajorityBps, tx.VotingPeriodBlocks, num, den);
        ctx.Ledger.GetOrCreateModuleAccount(body.Account);
        ctx.Ledger.GetOrCreateModuleAccount(body.EscrowAccount);
        state.Bodies.Add(tx.Name, body);
        ctx.Emit(new VotingBodyCreated(tx.Name, tx.Token, tx.QuorumBps, tx.SupermajorityBps, tx.VotingPeriodBlocks));
        foreach (var role in tx.Roles ?? [Roles.Governor])
            if (ctx.Roles.Grant(role, body.Account)) ctx.Emit(new RoleGranted(role, body.Account));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, GenesisPreset tx)
    {
        if (!ctx.Parameters.TryGet(tx.Module, out var set))
            return TxResult.Reject(GovernanceErrors.UnknownModule,
                $"no module '{tx.Module}' with parameters; there are {string.Join(", ", ctx.Parameters.All.Select(s => s.Module))}");
        var r = set.TryPreset(tx.Preset, out var updated);
        if (!r.Accepted) return r;
        ctx.Parameters.Replace(updated);
        ctx.Emit(new PresetApplied(tx.Module, tx.Preset));
        return TxResult.Ok;
    }

    // ---------- roles, parameters, pauses ----------

    private static TxResult Apply(EngineContext ctx, GrantRole tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        r = ctx.ResolveAccount(tx.Account, out _);
        if (!r.Accepted) return r;
        if (ctx.Roles.Grant(tx.Role, tx.Account)) ctx.Emit(new RoleGranted(tx.Role, tx.Account));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, RevokeRole tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        if (!ctx.Roles.Revoke(tx.Role, tx.Account))
            return TxResult.Reject(GovernanceErrors.MissingRole, $"{tx.Account} does not hold the role '{tx.Role}'");
        ctx.Emit(new RoleRevoked(tx.Role, tx.Account));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, SetParameter tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        return r.Accepted ? ChangeParameter(ctx, tx.Module, tx.Name, tx.Value) : r;
    }

    private static TxResult ChangeParameter(EngineContext ctx, string module, string name, string value)
    {
        if (!ctx.Parameters.TryGet(module, out var set))
            return TxResult.Reject(GovernanceErrors.UnknownModule,
                $"no module '{module}' with parameters; there are {string.Join(", ", ctx.Parameters.All.Select(s => s.Module))}");
        var old = set.View().FirstOrDefault(v => v.Name == name)?.Value ?? "";
        var r = set.TryWith(name, value, out var updated);
        if (!r.Accepted) return r;
        ctx.Parameters.Replace(updated);
        ctx.Emit(new ParameterChanged(module, name, old, updated.View().First(v => v.Name == name).Value));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, Pause tx)
    {
        if (!ctx.Roles.Has(Roles.Guardian, ctx.Sender) && !ctx.Roles.Has(Roles.Governor, ctx.Sender))
            return TxResult.Reject(GovernanceErrors.MissingRole, $"{ctx.Sender} holds neither '{Roles.Guardian}' nor '{Roles.Governor}'");
        var r = CheckPauseTarget(ctx, tx.Target);
        if (!r.Accepted) return r;
        if (!ctx.Pauses.Pause(tx.Target))
            return TxResult.Reject(GovernanceErrors.Paused, $"{tx.Target} is already paused");
        ctx.Emit(new Paused(tx.Target, ctx.Sender));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, Unpause tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        if (!ctx.Pauses.Unpause(tx.Target))
            return TxResult.Reject(GovernanceErrors.NotPaused, $"{tx.Target} is not paused");
        ctx.Emit(new Unpaused(tx.Target, ctx.Sender));
        return TxResult.Ok;
    }

    private static TxResult CheckPauseTarget(EngineContext ctx, string target)
    {
        var module = (target ?? "").Split('.')[0];
        if (module is "ledger" or "governance")
            return TxResult.Reject(GovernanceErrors.NotPausable, $"'{target}': the {module} module cannot be paused (transfers and governance itself always run)");
        bool isModule = target == module && ctx.Catalog.Names.Any(n => n.StartsWith(module + ".", StringComparison.Ordinal));
        bool isAction = ctx.Catalog.TryGetType(target ?? "", out _);
        return isModule || isAction
            ? TxResult.Ok
            : TxResult.Reject(GovernanceErrors.UnknownModule, $"'{target}' names no module and no action (actions are transaction types, e.g. subnets.swap)");
    }

    // ---------- multisig ----------

    private static TxResult Apply(EngineContext ctx, Propose tx)
    {
        var state = ctx.State<GovernanceState>();
        if (!state.Multisigs.TryGetValue(tx.Multisig, out var multisig))
            return TxResult.Reject(GovernanceErrors.UnknownMultisig, $"no multisig '{tx.Multisig}'");
        var member = RequireMember(ctx, multisig);
        if (!member.Accepted) return member;
        if (tx.Action is null)
            return TxResult.Reject(GovernanceErrors.ActionRejected, "a proposal needs an action");
        if (tx.Action is IGenesisTransaction)
            return TxResult.Reject(CoreErrors.GenesisOnly, $"{ctx.Catalog.NameOf(tx.Action)} is allowed only in the genesis block");
        if (!ctx.Catalog.TryGetType(ctx.Catalog.NameOf(tx.Action), out _))
            return TxResult.Reject(CoreErrors.UnknownTransaction, $"no module handles {tx.Action.GetType().Name}");
        var id = state.NextProposalId;
        var proposal = new Proposal(id, tx.Multisig, ctx.Sender, tx.Action, ctx.Catalog.NameOf(tx.Action), ctx.Height,
            ImmutableSortedSet.Create(StringComparer.Ordinal, ctx.Sender), null, ProposalStatus.Pending);
        ctx.Emit(new ProposalCreated(id, tx.Multisig, ctx.Sender, proposal.ActionType));
        proposal = QueueIfReady(ctx, proposal, multisig); // may overflow on an absurd timelock or grace: before any state change
        state.NextProposalId = id + 1;
        state.Proposals[id] = proposal;
        return TxResult.Ok;
    }

    private static Proposal QueueIfReady(EngineContext ctx, Proposal proposal, Multisig multisig)
    {
        ctx.Emit(new ProposalApproved(proposal.Id, proposal.Approvals.Last(), proposal.Approvals.Count, multisig.Threshold));
        if (proposal.Status != ProposalStatus.Pending || proposal.Approvals.Count < multisig.Threshold) return proposal;
        var eta = ctx.Height + multisig.TimelockBlocks;
        ctx.Emit(new ProposalQueued(proposal.Id, eta, eta + multisig.GraceBlocks));
        return proposal with { QueuedAt = ctx.Height, Status = ProposalStatus.Queued };
    }

    private static TxResult OpenProposal(EngineContext ctx, long id, out Proposal proposal, out Multisig multisig)
    {
        var state = ctx.State<GovernanceState>();
        multisig = null!;
        if (!state.Proposals.TryGetValue(id, out proposal!))
            return TxResult.Reject(GovernanceErrors.UnknownProposal, $"no proposal {id}");
        multisig = state.Multisigs[proposal.Multisig];
        if (proposal.Status is ProposalStatus.Executed or ProposalStatus.Cancelled)
            return TxResult.Reject(GovernanceErrors.ProposalClosed, $"proposal {id} is {proposal.Status.ToString().ToLowerInvariant()}");
        long expiresAfter = proposal.QueuedAt is { } q
            ? q + multisig.TimelockBlocks + multisig.GraceBlocks
            : proposal.CreatedAt + multisig.GraceBlocks;
        if (ctx.Height > expiresAfter)
            return TxResult.Reject(GovernanceErrors.ProposalExpired, $"proposal {id} expired after block {expiresAfter}");
        return TxResult.Ok;
    }

    private static TxResult RequireMember(EngineContext ctx, Multisig multisig) =>
        multisig.Members.Contains(ctx.Sender)
            ? TxResult.Ok
            : TxResult.Reject(GovernanceErrors.NotAMember, $"{ctx.Sender} is not a member of {multisig.Name}");

    private static TxResult Apply(EngineContext ctx, Approve tx)
    {
        var r = OpenProposal(ctx, tx.ProposalId, out var proposal, out var multisig);
        if (!r.Accepted) return r;
        r = RequireMember(ctx, multisig);
        if (!r.Accepted) return r;
        if (proposal.Approvals.Contains(ctx.Sender))
            return TxResult.Reject(GovernanceErrors.AlreadyApproved, $"{ctx.Sender} already approved proposal {proposal.Id}");
        var approved = proposal with { Approvals = proposal.Approvals.Add(ctx.Sender) };
        ctx.State<GovernanceState>().Proposals[proposal.Id] = QueueIfReady(ctx, approved, multisig);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ExecuteProposal tx)
    {
        var r = OpenProposal(ctx, tx.ProposalId, out var proposal, out var multisig);
        if (!r.Accepted) return r;
        r = RequireMember(ctx, multisig);
        if (!r.Accepted) return r;
        if (proposal.QueuedAt is not { } queuedAt)
            return TxResult.Reject(GovernanceErrors.ThresholdNotReached,
                $"proposal {proposal.Id} has {proposal.Approvals.Count} of {multisig.Threshold} approvals");
        var eta = queuedAt + multisig.TimelockBlocks;
        if (ctx.Height < eta)
            return TxResult.Reject(GovernanceErrors.TimelockNotElapsed,
                $"proposal {proposal.Id} is executable from block {eta}; this is block {ctx.Height} ({eta - ctx.Height} blocks to go)");
        r = ctx.ExecuteAs(proposal.Action, multisig.Account);
        if (!r.Accepted)
            return TxResult.Reject(GovernanceErrors.ActionRejected, $"proposal {proposal.Id}'s action was rejected: {r.Error}: {r.Message}");
        ctx.State<GovernanceState>().Proposals[proposal.Id] = proposal with { Status = ProposalStatus.Executed };
        ctx.Emit(new ProposalExecuted(proposal.Id, proposal.ActionType));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, CancelProposal tx)
    {
        var r = OpenProposal(ctx, tx.ProposalId, out var proposal, out var multisig);
        if (!r.Accepted && r.Error != GovernanceErrors.ProposalExpired) return r;
        r = RequireMember(ctx, multisig);
        if (!r.Accepted) return r;
        ctx.State<GovernanceState>().Proposals[proposal.Id] = proposal with { Status = ProposalStatus.Cancelled };
        ctx.Emit(new ProposalCancelled(proposal.Id, ctx.Sender));
        return TxResult.Ok;
    }

    // ---------- token-weighted votes ----------

    private static TxResult Apply(EngineContext ctx, CreateVote tx)
    {
        var state = ctx.State<GovernanceState>();
        if (!state.Bodies.TryGetValue(tx.Body, out var body))
            return TxResult.Reject(GovernanceErrors.UnknownVotingBody, $"no voting body '{tx.Body}'");
        if (tx.Action is null)
            return TxResult.Reject(GovernanceErrors.ActionRejected, "a vote needs an action");
        if (tx.Action is IGenesisTransaction)
            return TxResult.Reject(CoreErrors.GenesisOnly, $"{ctx.Catalog.NameOf(tx.Action)} is allowed only in the genesis block");
        if (!ctx.Catalog.TryGetType(ctx.Catalog.NameOf(tx.Action), out _))
            return TxResult.Reject(CoreErrors.UnknownTransaction, $"no module handles {tx.Action.GetType().Name}");
        var id = state.NextVoteId;
        var vote = new Vote(id, body.Name, ctx.Sender, tx.Action, ctx.Catalog.NameOf(tx.Action), ctx.Height + body.VotingPeriodBlocks,
            Amount.Zero, Amount.Zero, false, ImmutableSortedDictionary.Create<string, VoteDeposit>(StringComparer.Ordinal));
        state.NextVoteId = id + 1; // after the end height, which may overflow on an absurd voting period
        state.Votes.Add(id, vote);
        ctx.Emit(new VoteCreated(id, body.Name, ctx.Sender, vote.ActionType, vote.EndsAt));
        return TxResult.Ok;
    }

    private static TxResult FindVote(EngineContext ctx, long id, out Vote vote, out VotingBody body)
    {
        var state = ctx.State<GovernanceState>();
        body = null!;
        if (!state.Votes.TryGetValue(id, out vote!))
            return TxResult.Reject(GovernanceErrors.UnknownProposal, $"no vote {id}");
        body = state.Bodies[vote.Body];
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, CastVote tx)
    {
        var r = FindVote(ctx, tx.VoteId, out var vote, out var body);
        if (!r.Accepted) return r;
        if (ctx.Height > vote.EndsAt)
            return TxResult.Reject(GovernanceErrors.VotingClosed, $"vote {vote.Id} ended at block {vote.EndsAt}");
        r = EngineContext.CheckAmount(tx.Amount, "vote weight");
        if (!r.Accepted) return r;
        ctx.ResolveToken(body.Token, out var token);
        ctx.Ledger.TryGetAccount(body.EscrowAccount, out var escrow);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, escrow, token, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, token, tx.Amount);
        var deposit = vote.Deposits.TryGetValue(ctx.Sender, out var d) ? d : new VoteDeposit(Amount.Zero, Amount.Zero);
        deposit = tx.Support ? deposit with { For = deposit.For + tx.Amount } : deposit with { Against = deposit.Against + tx.Amount };
        ctx.State<GovernanceState>().Votes[vote.Id] = vote with
        {
            For = tx.Support ? vote.For + tx.Amount : vote.For,
            Against = tx.Support ? vote.Against : vote.Against + tx.Amount,
            Deposits = vote.Deposits.SetItem(ctx.Sender, deposit),
        };
        ctx.Emit(new VoteCast(vote.Id, ctx.Sender, tx.Support, tx.Amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ExecuteVote tx)
    {
        var r = FindVote(ctx, tx.VoteId, out var vote, out var body);
        if (!r.Accepted) return r;
        if (vote.Executed)
            return TxResult.Reject(GovernanceErrors.ProposalClosed, $"vote {vote.Id} was already executed");
        if (ctx.Height <= vote.EndsAt)
            return TxResult.Reject(GovernanceErrors.VotingOpen, $"vote {vote.Id} is open until block {vote.EndsAt}");
        ctx.ResolveToken(body.Token, out var token);
        var turnout = vote.For + vote.Against;
        var quorum = ctx.Ledger.Supply(token).MulBps((uint)body.QuorumBps, Rounding.Up);
        if (turnout < quorum)
            return TxResult.Reject(GovernanceErrors.QuorumNotReached,
                $"vote {vote.Id}: {turnout} {body.Token} units voted, quorum is {quorum} ({body.QuorumBps} bps of supply)");
        // yes/turnout ≥ num/den exactly ⇔ yes ≥ ⌈turnout·num/den⌉ (yes is an integer); MulDiv has a 256-bit
        // intermediate, where yes·den would overflow UInt128 for a large turnout.
        if (vote.For < turnout.MulDiv((UInt128)body.SupermajorityNumerator, (UInt128)body.SupermajorityDenominator, Rounding.Up))
            return TxResult.Reject(GovernanceErrors.SupermajorityNotReached,
                $"vote {vote.Id}: {vote.For} for of {turnout} is below the supermajority {body.SupermajorityNumerator}/{body.SupermajorityDenominator}");
        r = ctx.ExecuteAs(vote.Action, body.Account);
        if (!r.Accepted)
            return TxResult.Reject(GovernanceErrors.ActionRejected, $"vote {vote.Id}'s action was rejected: {r.Error}: {r.Message}");
        ctx.State<GovernanceState>().Votes[vote.Id] = vote with { Executed = true };
        ctx.Emit(new VoteExecuted(vote.Id, vote.For, vote.Against, vote.ActionType));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, WithdrawVote tx)
    {
        var r = FindVote(ctx, tx.VoteId, out var vote, out var body);
        if (!r.Accepted) return r;
        if (ctx.Height <= vote.EndsAt)
            return TxResult.Reject(GovernanceErrors.VotingOpen, $"vote {vote.Id} is open until block {vote.EndsAt}; tokens stay locked until then");
        if (!vote.Deposits.TryGetValue(ctx.Sender, out var deposit) || deposit.Total.IsZero)
            return TxResult.Reject(GovernanceErrors.NothingToWithdraw, $"{ctx.Sender} has nothing locked in vote {vote.Id}");
        ctx.ResolveToken(body.Token, out var token);
        ctx.Ledger.TryGetAccount(body.EscrowAccount, out var escrow);
        if (!ctx.Ledger.TryTransfer(escrow, ctx.SenderId, token, deposit.Total))
            throw new InvariantViolationException($"vote escrow {body.EscrowAccount} is short of {deposit.Total}");
        ctx.State<GovernanceState>().Votes[vote.Id] = vote with { Deposits = vote.Deposits.Remove(ctx.Sender) };
        ctx.Emit(new VoteWithdrawn(vote.Id, ctx.Sender, deposit.Total));
        return TxResult.Ok;
    }
}
