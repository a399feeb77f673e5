using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Margin LPs: each deposits <see cref="DepositTao"/> at setup; every <see cref="CheckEveryBlocks"/> blocks an LP adds
/// <see cref="StepTao"/> while utilisation is above <see cref="AddAboveUtilisation"/> (the rate is attractive) and
/// withdraws it while utilisation is below <see cref="WithdrawBelowUtilisation"/> (idle money), as far as its
/// balance, its shares and the cooldown allow.
/// </summary>
public sealed record LiquidityProviderSpec(string Name, int Count, Amount FundsEach, int Line,
    Amount DepositTao, Amount StepTao, double AddAboveUtilisation, double WithdrawBelowUtilisation, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "lp";

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (!DepositTao.IsZero) transactions.Add(new DepositLiquidity(DepositTao).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Lp(this, Account(index), index);

    private sealed class Lp(LiquidityProviderSpec spec, string account, int index) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (spec.StepTao.IsZero || (context.Block + index) % spec.CheckEveryBlocks != 0) return;
            var pool = context.View.Query<SummaryQuery, MarginSummary>(new SummaryQuery()).Pool;
            double utilisation = pool.UtilizationPpb.Value / 1e9;
            if (utilisation > spec.AddAboveUtilisation)
            {
                // An LP adds only what it holds.
                var ledger = context.View.Ledger;
                if (ledger.TryGetAccount(account, out var id) && ledger.BalanceOf(id, context.View.Tao) >= spec.StepTao)
                    transactions.Add(new DepositLiquidity(spec.StepTao).From(account));
            }
            else if (utilisation < spec.WithdrawBelowUtilisation)
            {
                var me = context.View.Query<LpQuery, LpView?>(new LpQuery(account));
                if (me is null || me.Value < spec.StepTao || context.View.Height + 1 < me.WithdrawalsOpenAt) return;
                transactions.Add(new WithdrawLiquidity(spec.StepTao).From(account));
            }
        }
    }
}
