using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Arbitrageurs trade a subnet pool toward its market's reference price: when the pool is more than
/// <see cref="ThresholdBps"/> away from the reference seen <see cref="LatencyBlocks"/> blocks ago, they send
/// <c>subnets.swapToPrice</c> with at most <see cref="MaxTradeTao"/> (or its alpha equivalent) and what they hold.
/// <see cref="AlphaInventoryTao"/> of their TAO is swapped into alpha during setup so they can also sell; with
/// <see cref="SetupPrice"/> they first trade the pool to that price in the agents' setup block (a pinned market's
/// <c>setupPrice</c>: the alpha bought on the way up is what they later sell on the way down).
/// </summary>
public sealed record ArbitrageurSpec(string Name, int Count, Amount FundsEach, int Line,
    string Market, int ThresholdBps, Amount MaxTradeTao, Amount AlphaInventoryTao, int LatencyBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "arbitrageur";

    /// <summary>The netuid of the market, filled in by the loader.</summary>
    public int Netuid { get; init; }

    /// <summary>The price the first arbitrageur trades the pool to in the agents' setup block, if any.</summary>
    public Fixed? SetupPrice { get; init; }

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (SetupPrice is { } price && index == 0)
            transactions.Add(new SwapToPrice(Netuid, price, FundsEach).From(Account(index)));
        if (!AlphaInventoryTao.IsZero)
            transactions.Add(new Swap(Netuid, SwapDirection.TaoToAlpha, AlphaInventoryTao, Amount.Zero).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Arbitrageur(this, Account(index));

    private sealed class Arbitrageur(ArbitrageurSpec spec, string account) : IAgent
    {
        private AccountId _account;
        private TokenId _alpha;
        private bool _resolved;

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            var view = context.View;
            if (!_resolved)
            {
                if (!view.Ledger.TryGetAccount(account, out _account) || !view.Ledger.TryGetToken($"SN{spec.Netuid}", out _alpha)) return;
                _resolved = true;
            }
            var market = context.Markets[spec.Market];
            var reference = market.ReferenceAgo(spec.LatencyBlocks);
            var pool = view.Port<ISubnetMarkets>().SpotPrice(view, spec.Netuid);
            if (pool.Raw <= 0 || reference.Raw <= 0) return;
            // |pool − reference| ≥ threshold·reference, in integers.
            var gap = (pool - reference).Abs();
            // Within 1 ppb the pool is at the reference (swapToPrice would refuse the move as too small).
            if (gap.Raw * 10_000 < reference.Raw * spec.ThresholdBps || gap.Raw * 1_000_000_000 <= reference.Raw) return;
            var markets = view.Port<ISubnetMarkets>();
            var (tao, alpha) = markets.Reserves(view, spec.Netuid);
            bool buy = reference > pool;
            Amount budget = buy
                ? Amount.Min(spec.MaxTradeTao, view.Ledger.BalanceOf(_account, view.Tao))
                : Amount.Min(new Amount((UInt128)(spec.MaxTradeTao.Units * (UInt128)Fixed.ScaleRaw / (UInt128)pool.Raw)), view.Ledger.BalanceOf(_account, _alpha));
            if (budget.IsZero) return;
            // swapToPrice is all or nothing: when the whole move costs more than the budget (estimated for a
            // constant-product pool, 2% margin for the fee), the budget is swapped instead and the pool moves part way.
            double k = (double)tao.Units * (double)alpha.Units, target = reference.ToDouble();
            double need = buy ? Math.Sqrt(k * target) - (double)tao.Units : Math.Sqrt(k / target) - (double)alpha.Units;
            if (need * 1.02 <= (double)budget.Units)
                transactions.Add(new SwapToPrice(spec.Netuid, reference, budget).From(account));
            else
                transactions.Add(new Swap(spec.Netuid, buy ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao, budget, Amount.Zero).From(account));
        }
    }
}
