using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Liquidation bots: each runs a module keeper (<c>margin.liquidator</c>) before every block and sends what it
/// proposes <see cref="LatencyBlocks"/> blocks later (0: in the next block, on the state the keeper saw). Several
/// bots compete: within one block a bot skips positions an earlier bot already called.
/// </summary>
public sealed record LiquidatorSpec(string Name, int Count, Amount FundsEach, int Line, string Keeper, int LatencyBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "liquidator";

    public override IAgent Create(int index, DeterministicRandom random) => new Bot(this, Account(index));

    private sealed class Bot(LiquidatorSpec spec, string account) : IAgent
    {
        private readonly Queue<(long Block, Envelope[] Transactions)> _pending = new();
        private readonly List<Envelope> _scratch = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (spec.LatencyBlocks == 0)
            {
                context.Engine.RunKeeper(spec.Keeper, account, transactions);
                return;
            }
            _scratch.Clear();
            context.Engine.RunKeeper(spec.Keeper, account, _scratch);
            if (_scratch.Count > 0) _pending.Enqueue((context.Block + spec.LatencyBlocks, _scratch.ToArray()));
            while (_pending.Count > 0 && _pending.Peek().Block <= context.Block)
                transactions.AddRange(_pending.Dequeue().Transactions);
        }
    }
}
