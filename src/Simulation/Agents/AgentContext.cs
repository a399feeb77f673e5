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
}
