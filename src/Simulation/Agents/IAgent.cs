using Ballast.Core.Blocks;

namespace Ballast.Simulation.Agents;

/// <summary>
/// A market participant. Before each block it looks at the engine through its read-only surface (queries, the
/// ledger view, ports) and adds the transactions it would sign; it never writes state any other way. Each agent owns
/// its random source, derived from (scenario seed, path, agent), so paths are independent of threads and order.
/// </summary>
public interface IAgent
{
    void Act(AgentContext context, List<Envelope> transactions);

    /// <summary>
    /// The next horizon block in which this agent must be asked to act, given that it has just acted in
    /// <paramref name="block"/>. Until then the runner does not call it, so an agent may answer a later block only when
    /// its <see cref="Act"/> would add nothing, draw nothing from its random source and change nothing before it
    /// (a trader waiting for its next check). The default is every block.
    /// </summary>
    long NextActBlock(long block) => block + 1;
}
