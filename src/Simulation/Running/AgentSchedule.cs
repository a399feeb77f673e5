using Ballast.Core.Blocks;
using Ballast.Simulation.Agents;

namespace Ballast.Simulation.Running;

/// <summary>
/// Which agents act in a block, in their scenario order: every agent on its first horizon block, then at the block its
/// <see cref="IAgent.NextActBlock"/> names. Agents wait in a bucket per block (a calendar queue: O(1) to schedule,
/// O(due · log due) to sort a block's agents into scenario order), so a block costs what its due agents cost: ten
/// thousand traders holding positions they check once a day cost nothing in the blocks between.
/// </summary>
internal sealed class AgentSchedule
{
    private readonly IReadOnlyList<IAgent> _agents;
    private readonly Dictionary<long, List<int>> _byBlock = [];
    private readonly Stack<List<int>> _spare = new();

    public AgentSchedule(IReadOnlyList<IAgent> agents, long firstBlock)
    {
        _agents = agents;
        for (int i = 0; i < agents.Count; i++) Schedule(i, firstBlock);
    }

    private void Schedule(int index, long block)
    {
        if (!_byBlock.TryGetValue(block, out var list))
        {
            list = _spare.Count > 0 ? _spare.Pop() : [];
            _byBlock.Add(block, list);
        }
        list.Add(index);
    }

    /// <summary>Asks every agent due in <paramref name="block"/> to act, in scenario order, and schedules its next block.</summary>
    public void Act(long block, AgentContext context, List<Envelope> transactions)
    {
        // Blocks are visited one after another, so an agent is never due at a block before this one.
        if (!_byBlock.Remove(block, out var due)) return;
        // Agents that act every block come back in order: sort only when some came from elsewhere.
        for (int k = 1; k < due.Count; k++)
            if (due[k - 1] > due[k]) { due.Sort(); break; }
        List<int>? following = null; // the next block's bucket, looked up once
        foreach (int i in due)
        {
            var agent = _agents[i];
            agent.Act(context, transactions);
            long next = agent.NextActBlock(block);
            if (next <= block) throw new InvalidOperationException($"agent {i} asked to act again in block {next}, not after block {block}");
            if (next == block + 1)
            {
                if (following is null && !_byBlock.TryGetValue(next, out following))
                {
                    following = _spare.Count > 0 ? _spare.Pop() : [];
                    _byBlock.Add(next, following);
                }
                following.Add(i);
            }
            else if (next != long.MaxValue) Schedule(i, next);
        }
        due.Clear();
        _spare.Push(due);
    }
}
