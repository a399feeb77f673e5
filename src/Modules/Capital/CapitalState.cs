using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.State;

namespace Ballast.Capital;

/// <summary>
/// Every requirement recorded, in order, each with the inputs it was computed from (so anyone can recompute it). An
/// append-only log: the state hash the node takes every block covers the records through a hash chain, not one by one.
/// </summary>
internal sealed class CapitalState : ModuleState
{
    public StateLog<RecordedRequirement> Records { get; } = new();

    public override object Describe(EngineView view) => CapitalQueries.Latest(view) is { } latest
        ? new CapitalStateView(Records.Count, latest)
        : new CapitalStateView(0, null);
}

/// <summary>One recorded requirement: what the port serves, with the inputs behind it.</summary>
internal sealed record RecordedRequirement(CapitalRequirementRecord Record, CapitalInputs Inputs, string RecordedBy);

/// <summary>The capital module's state as reports show it: how many requirements were recorded and the latest.</summary>
public sealed record CapitalStateView(int Recorded, CapitalRequirementRecord? Latest);
