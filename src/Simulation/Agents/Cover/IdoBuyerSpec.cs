using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Cover;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// IDO buyers (seed 003) who choose cover by its price. Each buyer draws once the most it will pay for cover, a premium
/// rate (premium over sum insured) uniform in [<see cref="MaxPremiumRateMin"/>, <see cref="MaxPremiumRateMax"/>]. When a
/// sale opens it joins with probability <see cref="Participation"/>: it buys an allocation worth a budget uniform in
/// [<see cref="BudgetMin"/>, <see cref="BudgetMax"/>] TAO at the IDO price and, in the same block, asks the module for
/// a quote on <see cref="CoverShare"/> of it and buys the cover when the quoted rate is within its limit (allowing the
/// platform price to move by <see cref="PremiumSlippage"/> before the block runs) and it holds the platform tokens.
/// Each buyer receives <see cref="PlatformFunds"/> platform tokens at setup from <see cref="PlatformSource"/> (an
/// existing account holding them: the platform's distribution). It looks every <see cref="CheckEveryBlocks"/> blocks
/// (a sale must last at least that long for every buyer to see it).
/// </summary>
public sealed record IdoBuyerSpec(string Name, int Count, Amount FundsEach, int Line,
    Amount BudgetMin, Amount BudgetMax, double Participation, double CoverShare, double MaxPremiumRateMin, double MaxPremiumRateMax,
    double PremiumSlippage, string PlatformToken, Amount PlatformFunds, string? PlatformSource, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "idoBuyer";

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (PlatformSource is not null && !PlatformFunds.IsZero)
            transactions.Add(new Transfer(Account(index), PlatformToken, PlatformFunds).From(PlatformSource));
    }

    public override IAgent Create(int index, DeterministicRandom random) =>
        new Buyer(this, Account(index), random, MaxPremiumRateMin + random.NextDouble() * (MaxPremiumRateMax - MaxPremiumRateMin));

    private sealed class Buyer(IdoBuyerSpec spec, string account, DeterministicRandom random, double maxRate) : IAgent
    {
        private readonly HashSet<long> _considered = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            long next = view.Height + 1;
            foreach (var project in view.Query<ProjectsQuery, IReadOnlyList<ProjectView>>(new ProjectsQuery()))
            {
                if (next < project.SaleStartBlock || next >= project.SaleEndBlock || !_considered.Add(project.Id)) continue;
                if (random.NextDouble() >= spec.Participation) continue;
                var budget = LeverageChoice.Between(spec.BudgetMin, spec.BudgetMax, random);
                var tokens = project.IdoPrice.DivAmount(budget, Rounding.Down);
                tokens = Amount.Min(tokens, project.SaleSupply - project.Sold);
                if (tokens.IsZero || !view.Ledger.TryGetAccount(account, out var id) || view.Ledger.BalanceOf(id, view.Tao) < project.IdoPrice.MulAmount(tokens, Rounding.Up)) continue;
                transactions.Add(new BuyAllocation(project.Id, tokens).From(account));
                var covered = new Amount((UInt128)Math.Floor((double)tokens.Units * spec.CoverShare));
                if (covered.IsZero) continue;
                var quote = view.Query<QuoteQuery, QuoteView>(new QuoteQuery(project.Id, covered));
                // Choosing by price: a quote the module refuses (halted, capacity) or above the buyer's rate is declined.
                if (quote.Quote is not { } q || quote.Error is not null || q.PremiumRate.ToDouble() > maxRate) continue;
                var max = new Amount((UInt128)Math.Ceiling((double)q.PremiumPlatform.Units * (1 + spec.PremiumSlippage)));
                if (!view.Ledger.TryGetToken(spec.PlatformToken, out var platform) || view.Ledger.BalanceOf(id, platform) < max) continue;
                transactions.Add(new BuyCover(project.Id, covered, max).From(account));
            }
        }
    }
}
