using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Prices;

namespace Ballast.Simulation.Scenarios;

/// <summary>
/// A validated scenario: what to build at genesis, the markets and their price models, the agents, the stress
/// events, and how long, how many paths and how often to sample. Made only by <see cref="ScenarioLoader"/>, which
/// checks everything before any path runs.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>The scenario file's text, stored with the results.</summary>
    public required string Text { get; init; }
    public required string File { get; init; }
    public required ulong Seed { get; init; }
    public required int Paths { get; init; }
    public required long HorizonBlocks { get; init; }
    public required long SampleEveryBlocks { get; init; }
    public required long GenesisUnixSeconds { get; init; }
    public required int BlockSeconds { get; init; }
    /// <summary>Modules whose metrics are recorded (<c>margin</c>, <c>perps</c>, <c>insurance</c>, <c>risk</c>).</summary>
    public required ImmutableArray<string> Modules { get; init; }
    public required ImmutableArray<ScenarioTransaction> Genesis { get; init; }
    /// <summary>Blocks run before the horizon (block 0 of the metrics is after them).</summary>
    public required ImmutableArray<ImmutableArray<ScenarioTransaction>> Setup { get; init; }
    public required ImmutableArray<MarketSpec> Markets { get; init; }
    public required ImmutableArray<AgentSpec> Agents { get; init; }
    public required ImmutableArray<StressEvent> Events { get; init; }
    /// <summary>The grid a sweep runs: each axis a governance parameter and its values.</summary>
    public required ImmutableArray<SweepAxis> Sweep { get; init; }

    /// <summary>True when an agent population is an attacking coalition: its paths then also end with <c>attackerPnlTao</c>.</summary>
    public bool HasCoalitions => Agents.Any(a => a is ICoalitionSpec);
}

/// <summary>A transaction written in the scenario, with the line it starts on (a rejection at setup names it).</summary>
public sealed record ScenarioTransaction(Envelope Envelope, int Line);

/// <summary>Where a market's reference price goes: a subnet pool (arbitrageurs trade toward it) or a price feed (a feeder posts it).</summary>
public enum MarketKind { Subnet, Feed }

/// <summary>
/// One market: its price model and where the reference price acts. A subnet market's pool is traded toward the
/// reference by arbitrageurs, or set to it each block when <see cref="Pin"/> is on; a feed market's price is posted by
/// <see cref="Feeder"/> every <see cref="PostEveryBlocks"/> blocks.
/// </summary>
public sealed record MarketSpec(
    string Name, MarketKind Kind, int Netuid, string? Feed, string? Feeder, long PostEveryBlocks, IPriceModel Model, double InitialPrice, bool Pin, int Line)
{
    /// <summary>A pinned pool's price after the pin's setup trade, before the other agents' setup (null: no setup trade).</summary>
    public Ballast.Core.Numerics.Fixed? SetupPrice { get; init; }

    /// <summary>
    /// <c>pinMode: relative</c>: the pin moves the pool by each block's return from where it stands (trades move later
    /// prices, as in a model that multiplies its own pool price) instead of setting it to the path's absolute price.
    /// </summary>
    public bool PinRelative { get; init; }
}

/// <summary>What a stress event does.</summary>
public enum StressKind { Gap, OracleOutage, Transactions }

/// <summary>
/// A stress event at block <see cref="AtBlock"/> of the horizon: a gap multiplies a market's reference price by
/// 1 + <see cref="Percent"/>/100; an oracle outage stops a feed market's posts for <see cref="Blocks"/> blocks; a
/// transactions event sends its transactions (a governance change, an emission cut through a parameter).
/// </summary>
public sealed record StressEvent(long AtBlock, StressKind Kind, string? Market, double Percent, long Blocks, ImmutableArray<ScenarioTransaction> Transactions, int Line);

/// <summary>One axis of a sweep grid: a governed parameter (<c>margin.LiquidationThresholdPpb</c>) and the values to try.</summary>
public sealed record SweepAxis(string Module, string Parameter, ImmutableArray<string> Values, int Line);
