using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;

namespace Ballast.Simulation.Agents;

/// <summary>
/// The insurance manager (seed 000 §4): a governor account that, every <see cref="CheckEveryBlocks"/> blocks, reads
/// the Insurance Pool and, when this epoch's utilisation has triggered a top-up, moves from the treasury as much as
/// the epoch's limit allows (at most <see cref="MaxTopUpTao"/>). It signs as an existing account holding the
/// governor role (<c>account:</c> in the scenario), so it creates no account of its own.
/// </summary>
public sealed record InsuranceManagerSpec(string Name, int Line, Amount MaxTopUpTao, long CheckEveryBlocks)
    : AgentSpec(Name, 1, Amount.Zero, Line)
{
    public override string Kind => "insuranceManager";

    public override bool UsesExistingAccount => true;

    public override IAgent Create(int index, DeterministicRandom random) => new Manager(this);

    private sealed class Manager(InsuranceManagerSpec spec) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            var pool = context.View.Query<PoolQuery, InsurancePoolView>(new PoolQuery());
            if (!pool.TopUpTriggered || pool.TopUpLimit.IsZero) return;
            transactions.Add(new TreasuryTopUp(Amount.Min(pool.TopUpLimit, spec.MaxTopUpTao)).From(spec.Name));
        }
    }
}
