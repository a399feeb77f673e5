using Ballast.Core.Blocks;
using Ballast.Simulation.Agents;

namespace Ballast.Simulation.Running;

/// <summary>
/// Which agents act in a block, in their scenario order: every agent on its first horizon block, then at the block its
/// <see cref="IAgent.NextActBlock"/> names. A block costs O(agents due · log agents), not O(agents): ten thousand
/// traders holding positions they check once a day cost nothing in the blocks between.
/// </summary>
internal sealed class AgentSchedule
{
    private readonly IReadOnlyList<IAgent> _agents;
    private readonly PriorityQueue<int, (long Block, int Index)> _waiting = new();
    private readonly List<int> _due = [];

    public AgentSchedule(IReadOnlyList<IAgent> agents, long firstBlock)
    {
        _agents = agents;
        for (int i = 0; i < agents.Count; i++) _waiting.Enqueue(i, (firstBlock, i));
    }

    /// <summary>Asks every agent due in <paramref name="block"/> to act, in scenario order, and schedules its next block.</summary>
    public void Act(long block, AgentContext context, List<Envelope> transactions)
    {
        _due.Clear();
        while (_waiting.TryPeek(out var index, out var at) && at.Block <= block)
        {
            _waiting.Dequeue();
            _due.Add(index);
        }
        // Agents due at an earlier block than this one cannot exist (each block is visited), so the queue's (block,
        // index) order is the index order already; sorting keeps that true if a caller ever skips blocks.
        _due.Sort();
        foreach (int i in _due)
        {
            var agent = _agents[i];
            agent.Act(context, transactions);
            long next = agent.NextActBlock(block);
            if (next <= block) throw new InvalidOperationException($"agent {i} asked to act again in block {next}, not after block {block}");
            if (next != long.MaxValue) _waiting.Enqueue(i, (next, i));
        }
    }
}
