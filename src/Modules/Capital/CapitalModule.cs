using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;

namespace Ballast.Capital;

/// <summary>
/// Seed 003's capital model on the ledger: an actuary (a role governance grants) or a governor records the minimum
/// capital requirement computed from inputs locked at a named block; the engine recomputes it exactly, refuses a
/// record whose stated result or hash differs, and keeps every record with its inputs and their SHA-256, so anyone
/// can recompute it (<c>capital.verify</c>, <c>ballast capital</c>). The cover module reads the latest through
/// <see cref="ICapitalRequirement"/>: a capital ratio below 100% halts new cover.
/// </summary>
public sealed class CapitalModule(CapitalParameters? parameters = null) : IModule
{
    public const string ModuleName = "capital";

    /// <summary>The role that may record requirements besides governors; governance grants it (<c>governance.grantRole</c>).</summary>
    public const string ActuaryRole = "capital:actuary";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new CapitalState())
        .AddParameters(CapitalParameters.CreateSet(parameters))
        .Handle<RecordCapital>("record", Apply)
        .Query<LatestRequirementQuery, CapitalRequirementRecord?>("latest", (view, _) => CapitalQueries.Latest(view))
        .Query<RequirementBreakdownQuery, RequirementBreakdownView?>("breakdown", CapitalQueries.Breakdown)
        .Query<VerifyRequirementQuery, RequirementVerification?>("verify", CapitalQueries.Verify)
        .Query<RatioOfCapitalQuery, RatioOfCapitalView>("ratio", CapitalQueries.Ratio)
        .Event<CapitalRecorded>("recorded")
        .Provide<ICapitalRequirement>(new RecordedCapitalRequirement());

    private static TxResult Apply(EngineContext ctx, RecordCapital tx)
    {
        if (!ctx.Roles.Has(ActuaryRole, ctx.Sender) && !ctx.Roles.Has(Roles.Governor, ctx.Sender))
            return TxResult.Reject(CapitalErrors.NotActuary, $"{ctx.Sender} holds neither '{ActuaryRole}' nor '{Roles.Governor}'; only they record capital requirements");
        var p = ctx.Params<CapitalParameters>();
        var state = ctx.State<CapitalState>();
        var inputs = tx.Inputs;
        var r = ctx.ResolveToken(inputs.BaseToken, out _);
        if (!r.Accepted) return r;
        foreach (var c in inputs.Currencies.IsDefault ? [] : inputs.Currencies)
        {
            r = ctx.ResolveToken(c.Currency, out _);
            if (!r.Accepted) return r;
        }
        if (inputs.LockedAtBlock > ctx.Height)
            return TxResult.Reject(CapitalErrors.LockBlockRefused, $"the inputs are locked at block {inputs.LockedAtBlock}, after this block ({ctx.Height}); a lock block is in the past");
        if (ctx.Height - inputs.LockedAtBlock > p.MaxInputAgeBlocks)
            return TxResult.Reject(CapitalErrors.LockBlockRefused,
                $"the inputs are locked at block {inputs.LockedAtBlock}, {ctx.Height - inputs.LockedAtBlock} blocks ago; a requirement is recorded within {p.MaxInputAgeBlocks} blocks of its lock block");
        if (state.Records.Count > 0 && inputs.LockedAtBlock <= state.Records[^1].Record.InputsLockedAtBlock)
            return TxResult.Reject(CapitalErrors.LockBlockRefused,
                $"the inputs are locked at block {inputs.LockedAtBlock}; the last requirement was locked at block {state.Records[^1].Record.InputsLockedAtBlock}, and each record locks a later block");
        r = CapitalModel.TryCompute(inputs, p.PsdTolerancePpb, out var breakdown);
        if (!r.Accepted) return r;
        if (tx.InputsHash is { } stated && !string.Equals(stated, breakdown!.InputsHash, StringComparison.Ordinal))
            return TxResult.Reject(CapitalErrors.InputsHashMismatch, $"the stated inputs hash {stated} differs from the SHA-256 of the canonical inputs, {breakdown.InputsHash}");
        if (tx.MinimumCapital is { } claimed && claimed != breakdown!.MinimumCapital)
            return TxResult.Reject(CapitalErrors.ResultMismatch, $"the stated minimum capital {claimed} units differs from the recomputed {breakdown.MinimumCapital} units");
        var record = new CapitalRequirementRecord(inputs.BaseToken, breakdown!.MinimumCapital, inputs.LockedAtBlock, ctx.Height, breakdown.InputsHash);
        state.Records.Add(new RecordedRequirement(record, inputs, ctx.Sender));
        ctx.Emit(new CapitalRecorded(state.Records.Count - 1, inputs.BaseToken, breakdown.MinimumCapital, breakdown.Combined, breakdown.FloorBinding,
            inputs.LockedAtBlock, breakdown.InputsHash, ctx.Sender));
        return TxResult.Ok;
    }

    private sealed class RecordedCapitalRequirement : ICapitalRequirement
    {
        public CapitalRequirementRecord? Latest(EngineView view) => CapitalQueries.Latest(view);
    }
}
