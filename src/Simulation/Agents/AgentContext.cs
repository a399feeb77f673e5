using Ballast.Core.Blocks;
using Ballast.Simulation.Running;

namespace Ballast.Simulation.Agents;

/// <summary>What an agent sees before a block: the engine (read through its view and queries), the block about to run and the markets' reference prices.</summary>
public sealed class AgentContext(Engine engine, IReadOnlyDictionary<string, MarketRuntime> markets)
{
    public Engine Engine { get; } = engine;
    public EngineView View => Engine.View;

    /// <summary>The horizon block about to run (1 for the first).</summary>
    public long Block { get; internal set; }

    public IReadOnlyDictionary<string, MarketRuntime> Markets { get; } = markets;

    /// <summary>The events of the last block (what a bot would read from the node's event stream).</summary>
    public IReadOnlyList<EventRecord> LastBlockEvents => LastEvents;

    internal List<EventRecord> LastEvents { get; } = [];

    /// <summary>
    /// The id of the margin position each account opened in the agents' setup block, read from that block's events
    /// (they are not kept as <see cref="LastBlockEvents"/>): what a trader that opened at setup learns its id from.
    /// </summary>
    public IReadOnlyDictionary<string, long> MarginPositionsOpenedAtSetup { get; internal init; } = new Dictionary<string, long>();
}
