using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Cover.Tests.Support;

/// <summary>Test only: sets the requirement the port reports (anyone may; a test stands in for the capital model).</summary>
public sealed record SetTestRequirement(string BaseToken, Amount MinimumCapital) : ITransaction;

/// <summary>Test only: the capital port, fed by <see cref="SetTestRequirement"/>; none recorded until the first.</summary>
public sealed class TestCapitalModule : IModule
{
    public string Name => "testCapital";

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new TestCapitalState())
        .Handle<SetTestRequirement>("set", (ctx, tx) =>
        {
            var s = ctx.State<TestCapitalState>();
            s.BaseToken = tx.BaseToken;
            s.MinimumCapital = tx.MinimumCapital;
            s.RecordedAt = ctx.Height;
            return TxResult.Ok;
        })
        .Provide<ICapitalRequirement>(new Port());

    private sealed class Port : ICapitalRequirement
    {
        public CapitalRequirementRecord? Latest(EngineView view)
        {
            var s = view.State<TestCapitalState>();
            return s.RecordedAt < 0 ? null : new CapitalRequirementRecord(s.BaseToken, s.MinimumCapital, s.RecordedAt, s.RecordedAt, "test");
        }
    }
}

internal sealed class TestCapitalState : ModuleState
{
    public string BaseToken { get; set => Set(ref field, value); } = "";
    public Amount MinimumCapital { get; set => Set(ref field, value); }
    public long RecordedAt { get; set => Set(ref field, value); } = -1;
}
