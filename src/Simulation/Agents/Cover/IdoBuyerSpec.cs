using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Cover;
using Ballast.Cover.Model;

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
/// <para>As claimants (<see cref="Claims"/>): honest buyers claim, a day (<see cref="ClaimAfterBlocks"/>) after a
/// project's settlement block passed without a parametric settlement (its feed failed), the true loss of each cover
/// (<see cref="ClaimJudgement.TrueLoss"/>); fraudulent buyers claim, once a project has settled, everything each cover
/// could still pay, true or not.</para>
public sealed record IdoBuyerSpec(string Name, int Count, Amount FundsEach, int Line,
    Amount BudgetMin, Amount BudgetMax, double Participation, double CoverShare, double MaxPremiumRateMin, double MaxPremiumRateMax,
    double PremiumSlippage, string PlatformToken, Amount PlatformFunds, string? PlatformSource, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    /// <summary>How the buyers claim: honestly (the default), fraudulently, or never.</summary>
    public ClaimPolicy Claims { get; init; } = ClaimPolicy.Honest;

    /// <summary>How long after a missed settlement an honest buyer claims.</summary>
    public long ClaimAfterBlocks { get; init; } = 7_200;

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
        private readonly HashSet<long> _claimed = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            long next = view.Height + 1;
            if (spec.Claims != ClaimPolicy.None) Claim(view, next, transactions);
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

        private void Claim(EngineView view, long next, List<Envelope> transactions)
        {
            foreach (var cover in view.Query<CoversQuery, IReadOnlyList<CoverView>>(new CoversQuery(Owner: account)))
            {
                if (_claimed.Contains(cover.Id)) continue;
                var project = view.Query<ProjectQuery, ProjectView?>(new ProjectQuery(cover.ProjectId));
                if (project is null) continue;
                Amount amount;
                string reason;
                if (spec.Claims == ClaimPolicy.Honest)
                {
                    if (project.Status == ProjectStatus.Settled || next < project.SettlementBlock + spec.ClaimAfterBlocks) continue;
                    amount = ClaimJudgement.TrueLoss(view, cover);
                    reason = "the price feed failed: the shortfall of the TWAP sampled before it stopped";
                }
                else
                {
                    if (project.Status != ProjectStatus.Settled) continue;
                    amount = cover.SumInsured.SaturatingSub(cover.Payout);
                    reason = "the TWAP missed the loss";
                }
                _claimed.Add(cover.Id);
                if (!amount.IsZero) transactions.Add(new FileClaim(cover.Id, amount, reason).From(account));
            }
        }
    }
}

/// <summary>How a population of IDO buyers claims on its covers.</summary>
public enum ClaimPolicy
{
    /// <summary>Never claims.</summary>
    None,
    /// <summary>Claims the true loss when the parametric settlement could not decide (its feed failed).</summary>
    Honest,
    /// <summary>Claims everything a settled cover could still pay, whatever the loss.</summary>
    Fraudulent,
}
