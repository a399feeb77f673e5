using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Cover;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Margin;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Subnets;

namespace Ballast.Simulation.Metrics;

/// <summary>
/// The time series a scenario records, chosen from its modules and markets, each read through a declared query or
/// port (never a module's state). Values are doubles: metrics are statistics, outside the engine's exact money path
/// (TAO amounts are converted from rao at the end, to ~15 significant digits).
/// </summary>
public sealed class MetricSet
{
    private readonly List<(string Name, Func<Engine, double> Read)> _probes = [];

    public MetricSet(Scenario scenario, IReadOnlyList<MarketRuntime> markets, PairBadDebt? pairBadDebt = null)
    {
        foreach (var m in markets)
        {
            var market = m;
            _probes.Add(($"price.{m.Spec.Name}", _ => market.Reference.ToDouble()));
            if (m.Spec.Kind == MarketKind.Subnet)
                _probes.Add(($"pool.{m.Spec.Name}", e => e.View.Port<ISubnetMarkets>().SpotPrice(e.View, market.Spec.Netuid).ToDouble()));
            else
                // What the protocol sees: the feed's price, missing (NaN) while stale or unset (an oracle outage).
                _probes.Add(($"feed.{m.Spec.Name}", e => e.Query<Ballast.Core.Prices.PriceQuery, Ballast.Core.Prices.PriceView>(new(market.Spec.Feed!)).Price?.ToDouble() ?? double.NaN));
        }
        var modules = scenario.Modules;
        if (modules.Contains("margin"))
        {
            _probes.Add(("margin.utilisation", e => Margin(e).Pool.UtilizationPpb.Value / 1e9));
            _probes.Add(("margin.lpShareValue", e => Margin(e).Pool.LpShareValue.ToDouble()));
            _probes.Add(("margin.lpAssetsTao", e => Tao(Margin(e).Pool.LpAssets)));
            _probes.Add(("margin.lpFeesTao", e => Tao(Margin(e).Fees.PendingLpFees)));
            _probes.Add(("margin.borrowedTao", e => Tao(Margin(e).Pool.TotalBorrowed)));
            _probes.Add(("margin.openPositions", e => Margin(e).OpenPositions));
            _probes.Add(("margin.insuranceTao", e => Tao(Margin(e).Insurance.Balance)));
            _probes.Add(("margin.badDebtTao", e => Tao(Margin(e).Insurance.BadDebtWrittenOff)));
            _probes.Add(("margin.badDebtCoveredTao", e => Tao(Margin(e).Insurance.BadDebtCovered)));
            _probes.Add(("margin.liquidations", e => Margin(e).Liquidations));
            // With more than one pair, each pair's bad debt (with one, it is margin.badDebtTao and margin.badDebtCoveredTao).
            var pairs = MarginPairs(scenario);
            if (pairs.Count > 1 && pairBadDebt is not null)
                foreach (int netuid in pairs)
                {
                    var label = markets.FirstOrDefault(m => m.Spec.Kind == MarketKind.Subnet && m.Spec.Netuid == netuid)?.Spec.Name ?? $"SN{netuid}";
                    _probes.Add(($"margin.badDebtTao.{label}", _ => Tao(pairBadDebt.Uncovered(netuid))));
                    _probes.Add(($"margin.badDebtCoveredTao.{label}", _ => Tao(pairBadDebt.Covered(netuid))));
                }
        }
        if (modules.Contains("perps"))
        {
            _probes.Add(("perps.openInterestTao", e => Perps(e).OpenInterestTao.ToDouble()));
            _probes.Add(("perps.openPositions", e => Perps(e).OpenPositions));
            _probes.Add(("perps.lenderLossesTao", e => Tao(Perps(e).Totals.LenderLosses)));
            _probes.Add(("perps.insurancePaidTao", e => Tao(Perps(e).Totals.InsurancePaid)));
            _probes.Add(("perps.liquidations", e => Perps(e).Totals.Liquidations));
            _probes.Add(("perps.openPaused", e => e.View.Pauses.IsPaused("perps", "open") ? 1 : 0));
            _probes.Add(("perps.lenderShareValue", e => Perps(e).LenderShares == 0 ? 0 : (double)Perps(e).LenderAssets.Units / (double)Perps(e).LenderShares));
        }
        if (modules.Contains("insurance"))
        {
            _probes.Add(("insurance.reserveTao", e => Tao(Insurance(e).Reserve)));
            _probes.Add(("insurance.lambda", e => Insurance(e).Lambda.ToDouble()));
            _probes.Add(("insurance.uncoveredTao", e => Tao(Insurance(e).Totals.Uncovered)));
            _probes.Add(("insurance.toppedUpTao", e => Tao(Insurance(e).Totals.ToppedUp)));
        }
        if (modules.Contains("risk"))
        {
            _probes.Add(("risk.sigmaPerBlock", e => Risk(e).SigmaPerBlock.ToDouble()));
            _probes.Add(("risk.expectedLossTaoPerBlock", e => Risk(e).ExpectedLossTaoPerBlock.ToDouble()));
            _probes.Add(("risk.valueAtRiskTaoPerBlock", e => Risk(e).ValueAtRiskTaoPerBlock.ToDouble()));
            _probes.Add(("risk.coverage", e => Risk(e).Coverage?.ToDouble() ?? double.NaN));
        }
        if (modules.Contains("cover"))
        {
            // Seed 003's fund (docs/capital.md, scenarios/cover-year.yaml): premiums, payouts, the fund, DAO loans, the ratio.
            _probes.Add(("cover.capitalTao", e => Tao(Fund(e).Capital)));
            _probes.Add(("cover.fundTao", e => Tao(Fund(e).FundBase)));
            _probes.Add(("cover.fundPlatformTokens", e => Tao(Fund(e).FundPlatform)));
            _probes.Add(("cover.platformPrice", e => Fund(e).PlatformPrice?.ToDouble() ?? double.NaN));
            _probes.Add(("cover.premiumsTao", e => Tao(CoverTotals(e).Premiums)));
            _probes.Add(("cover.sumInsuredTao", e => Tao(CoverTotals(e).InForce)));
            _probes.Add(("cover.paidOutTao", e => Tao(Fund(e).PaidOut)));
            _probes.Add(("cover.unpaidTao", e => Tao(Fund(e).Unpaid)));
            _probes.Add(("cover.daoTao", e => Tao(Fund(e).DaoBase)));
            _probes.Add(("cover.loansOutstandingTao", e => Tao(Fund(e).LoansOutstanding)));
            _probes.Add(("cover.lentTao", e => Tao(Fund(e).Lent)));
            _probes.Add(("cover.loansRepaidTao", e => Tao(Fund(e).LoansRepaid)));
            _probes.Add(("cover.capitalRatio", e => CoverCapital(e).Ratio?.ToDouble() ?? double.NaN));
            _probes.Add(("cover.coverHalted", e => CoverCapital(e) is { Ratio: { } r } && r < Fixed.One ? 1 : 0));
            _probes.Add(("cover.claimsFiled", e => Claims(e).Count));
            _probes.Add(("cover.claimsAccepted", e => Claims(e).Count(c => c.Status == Ballast.Cover.Model.ClaimStatus.Accepted)));
            _probes.Add(("cover.claimsDenied", e => Claims(e).Count(c => c.Status == Ballast.Cover.Model.ClaimStatus.Denied)));
            _probes.Add(("cover.claimsPaidTao", e => Tao(Claims(e).Aggregate(Amount.Zero, (sum, c) => sum + c.Paid))));
        }
        if (modules.Contains("capital"))
            _probes.Add(("capital.minimumCapitalTao", e => e.Query<LatestRequirementQuery, CapitalRequirementRecord?>(new LatestRequirementQuery()) is { } r ? Tao(r.MinimumCapital) : double.NaN));
        if (modules.Contains("underwriting")) AddUnderwriting(scenario);
        Names = _probes.Select(p => p.Name).ToArray();
    }

    /// <summary>
    /// Issue 10's underwriting series: the first vault's VT share value; principal funded; the vault's realized loss
    /// (principal less its share at each resolved line, where positive) and its rate over the resolved principal; the
    /// share of proposed and of funded lines that were bad (the simulator's hidden type); |V_in − V_out| summed over
    /// resolved lines (0 when every maturity balances); the expected loss rate of a vault funding every proposed line
    /// (the no-assessment baseline); and per manager population its mean score and mean budget.
    /// </summary>
    private void AddUnderwriting(Scenario scenario)
    {
        static IReadOnlyList<Ballast.Underwriting.InstrumentView> Lines(Engine e) =>
            e.Query<Ballast.Underwriting.InstrumentsQuery, IReadOnlyList<Ballast.Underwriting.InstrumentView>>(new(null));
        static bool Funded(Ballast.Underwriting.InstrumentView i) => i.Phase is Ballast.Underwriting.MarketPhase.Approved or Ballast.Underwriting.MarketPhase.Resolved;
        static double Loss(Ballast.Underwriting.InstrumentView i) => i.Phase == Ballast.Underwriting.MarketPhase.Resolved && i.VaultShare < i.Principal ? Tao(i.Principal - i.VaultShare) : 0;
        _probes.Add(("underwriting.vtShareValue", e => e.Query<Ballast.Underwriting.VaultsQuery, IReadOnlyList<Ballast.Underwriting.VaultView>>(new()).FirstOrDefault()?.ShareValue.ToDouble() ?? double.NaN));
        _probes.Add(("underwriting.fundedPrincipalTao", e => Lines(e).Where(Funded).Sum(i => Tao(i.Principal))));
        _probes.Add(("underwriting.vaultLossTao", e => Lines(e).Sum(Loss)));
        _probes.Add(("underwriting.vaultLossRate", e =>
        {
            var resolved = Lines(e).Where(i => i.Phase == Ballast.Underwriting.MarketPhase.Resolved).ToList();
            double principal = resolved.Sum(i => Tao(i.Principal));
            return principal > 0 ? resolved.Sum(Loss) / principal : 0;
        }));
        _probes.Add(("underwriting.proposedBadShare", e =>
        {
            var all = Lines(e);
            return all.Count == 0 ? 0 : (double)all.Count(i => Agents.Underwriting.HiddenType.IsBad(i.Principal)) / all.Count;
        }));
        _probes.Add(("underwriting.fundedBadShare", e =>
        {
            var funded = Lines(e).Where(Funded).ToList();
            return funded.Count == 0 ? 0 : (double)funded.Count(i => Agents.Underwriting.HiddenType.IsBad(i.Principal)) / funded.Count;
        }));
        // The no-assessment baseline: a vault funding every proposed line loses, in expectation, P·q·(1 − recovery) on a
        // line of hidden default probability q (the utilizers' own parameters).
        if (scenario.Agents.OfType<Agents.Underwriting.UtilizerSpec>().FirstOrDefault() is { } u)
            _probes.Add(("underwriting.baselineLossRate", e =>
            {
                var all = Lines(e);
                double principal = all.Sum(i => Tao(i.Principal));
                return principal > 0
                    ? all.Sum(i => Tao(i.Principal) * (Agents.Underwriting.HiddenType.IsBad(i.Principal) ? u.BadDefault : u.GoodDefault) * (1 - u.Recovery)) / principal
                    : 0;
            }));
        _probes.Add(("underwriting.vInMinusVOutTao", e => Lines(e).Where(i => i.Phase == Ballast.Underwriting.MarketPhase.Resolved)
            .Sum(i => Math.Abs((double)i.ValueIn.Units - (double)i.Redemptions.Units - (double)i.RedemptionReserve.Units - (double)i.VaultShare.Units) / Amount.UnitsPerToken)));
        foreach (var population in scenario.Agents.OfType<Agents.Underwriting.UnderwritingManagerSpec>())
        {
            var accounts = Enumerable.Range(0, population.Count).Select(population.Account).ToArray();
            _probes.Add(($"underwriting.meanScore.{population.Name}", e => accounts.Average(a =>
                e.Query<Ballast.Underwriting.ManagerQuery, Ballast.Underwriting.ManagerView?>(new(a))?.Score.ToDouble() ?? 0)));
            _probes.Add(($"underwriting.meanBudgetTao.{population.Name}", e => accounts.Average(a =>
                e.Query<Ballast.Underwriting.ManagerQuery, Ballast.Underwriting.ManagerView?>(new(a)) is { } m ? Tao(m.Budget) : 0)));
        }
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The margin pairs the scenario lists (margin.addPair in its genesis or setup), in netuid order.</summary>
    private static List<int> MarginPairs(Scenario scenario) =>
        [.. scenario.Genesis.Concat(scenario.Setup.SelectMany(b => b)).Select(t => t.Envelope.Payload).OfType<AddPair>().Select(a => a.Netuid).Distinct().Order()];

    public double[] Sample(Engine engine)
    {
        var values = new double[_probes.Count];
        for (int i = 0; i < values.Length; i++) values[i] = _probes[i].Read(engine);
        return values;
    }

    public static double Tao(Amount amount) => (double)amount.Units / Amount.UnitsPerToken;

    private static MarginSummary Margin(Engine e) => e.Query<SummaryQuery, MarginSummary>(new SummaryQuery());
    private static PerpsSummaryView Perps(Engine e) => e.Query<PerpsSummaryQuery, PerpsSummaryView>(new PerpsSummaryQuery());
    private static InsurancePoolView Insurance(Engine e) => e.Query<PoolQuery, InsurancePoolView>(new PoolQuery());
    private static IReadOnlyList<ClaimView> Claims(Engine e) => e.Query<Ballast.Cover.ClaimsQuery, IReadOnlyList<ClaimView>>(new Ballast.Cover.ClaimsQuery());
    private static FundView Fund(Engine e) => e.Query<FundQuery, FundView>(new FundQuery());
    private static Ballast.Cover.Fund.CapitalPosition CoverCapital(Engine e) => e.Query<Ballast.Cover.CapitalRatioQuery, Ballast.Cover.Fund.CapitalPosition>(new Ballast.Cover.CapitalRatioQuery());

    /// <summary>Premiums paid (their base value when bought) over every cover, and the sum insured of covers still in force.</summary>
    private static (Amount Premiums, Amount InForce) CoverTotals(Engine e)
    {
        var premiums = Amount.Zero;
        var inForce = Amount.Zero;
        foreach (var c in e.Query<CoversQuery, IReadOnlyList<CoverView>>(new CoversQuery()))
        {
            premiums += c.PremiumBase;
            if (c.Status == Ballast.Cover.Model.CoverStatus.Active) inForce += c.SumInsured;
        }
        return (premiums, inForce);
    }

    private static RiskControllerView Risk(Engine e) => e.Query<ControllerQuery, RiskControllerView>(new ControllerQuery());
}
