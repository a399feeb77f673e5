using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Handlers;
using Ballast.Cover.Model;
using Ballast.Cover.Pricing;

namespace Ballast.Cover;

/// <summary><c>cover.project</c>: one project.</summary>
public sealed record ProjectQuery(long ProjectId) : IQuery<ProjectView?>;
/// <summary><c>cover.projects</c>: every project, by id.</summary>
public sealed record ProjectsQuery : IQuery<IReadOnlyList<ProjectView>>;
/// <summary><c>cover.cover</c>: one cover.</summary>
public sealed record CoverQuery(long CoverId) : IQuery<CoverView?>;
/// <summary><c>cover.covers</c>: covers, of one owner and/or one project when given.</summary>
public sealed record CoversQuery(string? Owner = null, long? ProjectId = null) : IQuery<IReadOnlyList<CoverView>>;
/// <summary><c>cover.quote</c>: what cover on <paramref name="Tokens"/> of a project costs now, or why it cannot be bought.</summary>
public sealed record QuoteQuery(long ProjectId, Amount Tokens) : IQuery<QuoteView>;
/// <summary><c>cover.fund</c>: the insurance fund, the DAO treasury and the totals.</summary>
public sealed record FundQuery : IQuery<FundView>;
/// <summary><c>cover.loans</c>: every DAO loan with what it still owes.</summary>
public sealed record LoansQuery : IQuery<IReadOnlyList<LoanView>>;
/// <summary><c>cover.exposures</c>: per project with cover in force, the capital model's inputs (one pricing-risk cell per project).</summary>
public sealed record ExposuresQuery : IQuery<IReadOnlyList<ExposureView>>;
/// <summary><c>cover.capitalRatio</c>: the fund's capital against the recorded minimum capital.</summary>
public sealed record CapitalRatioQuery : IQuery<CapitalPosition>;

/// <summary>
/// A project: its sale, its settlement window and the samples so far (the running average under its rule, null
/// before the first sample), what its covers insure and were paid.
/// </summary>
public sealed record ProjectView(long Id, string Owner, string Token, Fixed IdoPrice, Amount SaleSupply, Amount Sold, long SaleStartBlock,
    long SaleEndBlock, long WindowStartBlock, long SettlementBlock, string PriceSource, Fixed Volatility, long RiskAdjustmentBps,
    AveragingRule Averaging, ProjectStatus Status, long Samples, long MissingSamples, Fixed? Average, Fixed? SettlementPrice,
    Amount CoveredTokens, Amount SumInsured, Amount PremiumsPlatform, Amount PaidOut, Amount Unpaid);

/// <summary>A cover: its tokens and sum insured (base), its cost in the platform and base token, its status and payout.</summary>
public sealed record CoverView(long Id, long ProjectId, string Owner, Amount Tokens, Amount SumInsured, Amount PremiumPlatform, Amount PremiumBase,
    long BoughtAt, CoverStatus Status, Amount Payout, Amount Unpaid);

/// <summary>A quote (rates are fractions of the sum insured), or the code and sentence of why cover cannot be bought now.</summary>
public sealed record QuoteView(long ProjectId, Amount Tokens, PremiumQuote? Quote, string? Error, string? Message);

/// <summary>
/// The fund's holdings (base and platform token), its capital in base units net of loans, the DAO treasury's holdings,
/// what loans still owe, and the totals since genesis.
/// </summary>
public sealed record FundView(string BaseToken, string PlatformToken, Amount FundBase, Amount FundPlatform, Fixed? PlatformPrice, Amount Capital,
    Amount DaoBase, Amount DaoPlatform, Amount LoansOutstanding, Amount PremiumsPlatform, Amount PremiumsToLoansPlatform, Amount PaidOut,
    Amount Unpaid, Amount Lent, Amount LoansRepaid, Amount RepaidFromFund);

/// <summary>A DAO loan: its terms, repayments and what it still owes at this block.</summary>
public sealed record LoanView(long Id, long ProjectId, Amount Principal, long RateBps, long LentAt, Amount Repaid, Amount RepaidPlatform,
    Amount Outstanding, long? ClosedAt);

/// <summary>
/// A pricing-risk cell for the capital model: a project's cover in force — the cover amount (Σ sum insured of its
/// active covers, base-token units), the probability-weighted exposure (the fair put rate × the cover amount: the
/// risk-neutral expected payout, discounted), the currency, and the volatility that priced it.
/// </summary>
public sealed record ExposureView(long ProjectId, string Token, string Currency, Amount CoverAmount, Amount ProbabilityWeightedExposure, Fixed FairRate, Fixed Volatility);

/// <summary>Everything the cover module shows in a state dump.</summary>
public sealed record CoverOverview(FundView Fund, CapitalPosition Capital, IReadOnlyList<ProjectView> Projects, IReadOnlyList<CoverView> Covers,
    IReadOnlyList<LoanView> Loans, IReadOnlyList<ClaimView> Claims, IReadOnlyList<StakerView> Stakers);

internal static class CoverQueries
{
    public static ProjectView Project(Project p)
    {
        bool sampled = Settlement.TryAverage(p, out var average, out _);
        return new ProjectView(p.Id, p.Owner, p.Token, p.IdoPrice, p.SaleSupply, p.Sold, p.SaleStartBlock, p.SaleEndBlock, p.WindowStartBlock,
            p.SettlementBlock, p.PriceSource, p.Volatility, p.RiskAdjustmentBps, p.Averaging, p.Status, p.Samples, p.MissingSamples,
            sampled ? average : null, p.Status == ProjectStatus.Settled ? p.SettlementPrice : null, p.CoveredTokens, p.SumInsured,
            p.PremiumsPlatform, p.PaidOut, p.Unpaid);
    }

    public static CoverView Cover(CoverPolicy c) =>
        new(c.Id, c.ProjectId, c.Owner, c.Tokens, c.SumInsured, c.PremiumPlatform, c.PremiumBase, c.BoughtAt, c.Status, c.Payout, c.Unpaid);

    public static LoanView Loan(DaoLoan l, long height) =>
        new(l.Id, l.ProjectId, l.Principal, l.RateBps, l.LentAt, l.Repaid, l.RepaidPlatform, InsuranceFund.Outstanding(l, height), l.ClosedAt >= 0 ? l.ClosedAt : null);

    public static IReadOnlyList<ProjectView> Projects(EngineView view) => [.. view.State<CoverState>().Projects.Select(kv => Project(kv.Value))];

    public static IReadOnlyList<CoverView> Covers(EngineView view, CoversQuery q) =>
        [.. view.State<CoverState>().Covers.Select(kv => kv.Value)
            .Where(c => (q.Owner is null || c.Owner == q.Owner) && (q.ProjectId is null || c.ProjectId == q.ProjectId))
            .Select(Cover)];

    public static IReadOnlyList<ExposureView> Exposures(EngineView view)
    {
        var s = view.State<CoverState>();
        var p = view.Params<CoverParameters>();
        var result = new List<ExposureView>();
        foreach (var (id, _) in s.Unsettled)
        {
            var project = s.Projects[id];
            var amount = Amount.Zero;
            foreach (var (_, c) in s.Covers)
                if (c.ProjectId == id && c.Status == CoverStatus.Active) amount += c.SumInsured;
            if (amount.IsZero) continue;
            var fair = PremiumModel.FairRate(project, p, view.Clock.BlockSeconds);
            result.Add(new ExposureView(id, project.Token, s.BaseToken, amount, fair.MulAmount(amount, Rounding.Up), fair, project.Volatility));
        }
        return result;
    }

    public static IReadOnlyList<LoanView> Loans(EngineView view) => [.. view.State<CoverState>().Loans.Select(kv => Loan(kv.Value, view.Height))];

    public static QuoteView Quote(EngineView view, QuoteQuery q)
    {
        var r = Launchpad.FindProject(view, q.ProjectId, out var project);
        if (r.Accepted) r = EngineView.CheckAmount(q.Tokens, "covered tokens");
        if (r.Accepted && q.Tokens > project.SaleSupply)
            r = TxResult.Reject(CoverErrors.AllocationExceeded, $"project {project.Id} sells {project.SaleSupply.ToTokenString()} tokens; asked a quote on {q.Tokens.ToTokenString()}");
        if (!r.Accepted) return new QuoteView(q.ProjectId, q.Tokens, null, r.Error!.Value.Name, r.Message);
        if (!InsuranceFund.TryPlatformPrice(view, out var price))
            return new QuoteView(q.ProjectId, q.Tokens, null, CoverErrors.PlatformPriceUnavailable.Name, "the platform token has no fresh price");
        var p = view.Params<CoverParameters>();
        var quote = PremiumModel.Quote(project, p, q.Tokens, price, view.Clock.BlockSeconds);
        r = Handlers.Covers.CheckCapital(view, p, project, quote.SumInsured);
        return new QuoteView(q.ProjectId, q.Tokens, quote, r.Accepted ? null : r.Error!.Value.Name, r.Message);
    }

    public static FundView Fund(EngineView view)
    {
        var s = view.State<CoverState>();
        bool priced = InsuranceFund.TryPlatformPrice(view, out var price);
        return new FundView(s.BaseToken, s.PlatformToken,
            InsuranceFund.BalanceOf(view, InsuranceFund.FundAccount, s.BaseToken), InsuranceFund.BalanceOf(view, InsuranceFund.FundAccount, s.PlatformToken),
            priced ? price : null, InsuranceFund.Capital(view),
            InsuranceFund.BalanceOf(view, InsuranceFund.DaoAccount, s.BaseToken), InsuranceFund.BalanceOf(view, InsuranceFund.DaoAccount, s.PlatformToken),
            InsuranceFund.TotalOutstanding(view), s.PremiumsPlatform, s.PremiumsToLoansPlatform, s.PaidOut, s.Unpaid, s.Lent, s.LoansRepaid, s.RepaidFromFund);
    }

    public static CoverOverview Overview(EngineView view) =>
        new(Fund(view), InsuranceFund.Position(view), Projects(view), Covers(view, new CoversQuery()), Loans(view),
            [.. view.State<CoverState>().Claims.Select(kv => Claims.ClaimsAssessment.View(kv.Value))],
            [.. view.State<CoverState>().Stakers.Select(kv => Staker(kv.Value))]);

    public static StakerView Staker(Staker s) => new(s.Account, s.Staked, s.LockedUntil, s.InactiveUntil, s.Burned, s.Rewards);
}
