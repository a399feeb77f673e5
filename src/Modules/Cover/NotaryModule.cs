using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

/// <summary>
/// Governor: records a minimum capital by hand (a notarised off-chain result, as the seed's first trusted stage),
/// with the block its inputs were locked at and their hash.
/// </summary>
public sealed record NotarizeRequirement(string BaseToken, Amount MinimumCapital, long InputsLockedAtBlock, string InputsHash) : ITransaction;

/// <summary><c>notary.recorded</c>: a requirement recorded by hand.</summary>
public sealed record RequirementNotarized(CapitalRequirementRecord Record, string By) : IEvent;

/// <summary><c>notary.latest</c>: the last requirement recorded by hand, or null.</summary>
public sealed record NotarizedRequirementQuery : IQuery<CapitalRequirementRecord?>;

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

/// <summary>The last requirement recorded by hand (<see cref="RecordedAtBlock"/> −1: none).</summary>
internal sealed class NotaryState : ModuleState
{
    public string BaseToken { get; set => Set(ref field, value); } = "";
    public Amount MinimumCapital { get; set => Set(ref field, value); }
    public long InputsLockedAtBlock { get; set => Set(ref field, value); }
    public long RecordedAtBlock { get; set => Set(ref field, value); } = -1;
    public string InputsHash { get; set => Set(ref field, value); } = "";
}
