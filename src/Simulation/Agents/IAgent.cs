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
}
