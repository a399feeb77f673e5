using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Subnets;

/// <summary>All subnets, by netuid, and the network-wide emission totals. Internal: read it through the <c>subnets.*</c> queries.</summary>
internal sealed class SubnetState : ModuleState
{
    public StateMap<int, Subnet> Subnets { get; } = new();

    /// <summary>TAO emitted per block at the last block (halving schedule).</summary>
    public Amount LastBlockEmission { get; set => Set(ref field, value); }
    public Amount TotalTaoEmitted { get; set => Set(ref field, value); }

    /// <summary>The <c>subnets.summary</c> view: every subnet with its reserves, price, emission and stakes.</summary>
    public override object Describe(EngineView view) => SubnetQueries.Summary(view, new SubnetsSummaryQuery());
}
