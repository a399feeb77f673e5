using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Agents;

/// <summary>
/// A keeper that sends fixed transactions every <see cref="EveryBlocks"/> blocks (the accrual keeper's
/// <c>margin.accrue</c>, the buyback keeper's <c>margin.buyback</c> and <c>margin.burn</c>), signed as written.
/// </summary>
public sealed record PeriodicSpec(string Name, int Count, Amount FundsEach, int Line, long EveryBlocks, ImmutableArray<ScenarioTransaction> Transactions)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "keeper";

    public override IAgent Create(int index, DeterministicRandom random) => new Keeper(this);

    private sealed class Keeper(PeriodicSpec spec) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.EveryBlocks != 0) return;
            foreach (var t in spec.Transactions) transactions.Add(t.Envelope);
        }
    }
}
