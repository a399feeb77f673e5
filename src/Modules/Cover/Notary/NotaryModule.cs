using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

/// <summary>
/// A stand-in provider of <see cref="ICapitalRequirement"/> for engines without the Capital module: a governor records
/// the requirement by hand. Where the Capital module (issue 11, point 6) is in the engine it provides the port and this
/// module must not be added (a port is provided once).
/// </summary>
public sealed class NotaryModule : IModule
{
    public const string ModuleName = "notary";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new NotaryState())
        .Handle<NotarizeRequirement>("record", Apply)
        .Query<NotarizedRequirementQuery, CapitalRequirementRecord?>("latest", (view, _) => Latest(view))
        .Event<RequirementNotarized>("recorded")
        .Provide<ICapitalRequirement>(new Provider());

    private static CapitalRequirementRecord? Latest(EngineView view)
    {
        var s = view.State<NotaryState>();
        return s.RecordedAtBlock < 0 ? null : new CapitalRequirementRecord(s.BaseToken, s.MinimumCapital, s.InputsLockedAtBlock, s.RecordedAtBlock, s.InputsHash);
    }

    private static TxResult Apply(EngineContext ctx, NotarizeRequirement tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        r = ctx.ResolveToken(tx.BaseToken, out _);
        if (!r.Accepted) return r;
        if (tx.InputsLockedAtBlock > ctx.Height || tx.InputsLockedAtBlock < 0)
            return TxResult.Reject(CoverErrors.InvalidLockBlock, $"inputs are locked at a past block (0–{ctx.Height}); got {tx.InputsLockedAtBlock}");
        var s = ctx.State<NotaryState>();
        s.BaseToken = tx.BaseToken;
        s.MinimumCapital = tx.MinimumCapital;
        s.InputsLockedAtBlock = tx.InputsLockedAtBlock;
        s.RecordedAtBlock = ctx.Height;
        s.InputsHash = tx.InputsHash ?? "";
        ctx.Emit(new RequirementNotarized(Latest(ctx)!, ctx.Sender));
        return TxResult.Ok;
    }

    private sealed class Provider : ICapitalRequirement
    {
        public CapitalRequirementRecord? Latest(EngineView view) => NotaryModule.Latest(view);
    }
}
