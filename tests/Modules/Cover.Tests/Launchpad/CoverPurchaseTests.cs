using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Cover.Fund;
using Ballast.Core.Numerics;
using Ballast.Cover.Pricing;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Launchpad;

public class CoverPurchaseTests
{
    private static CoverWorld Listed(CoverParameters? p = null, decimal capital = 100_000, decimal? requirement = 1_000)
    {
        var w = Create(ShortTerm.Parameters(p));
        if (requirement is { } r) w.Requirement(r);
        w.Block(Tx.Capital(capital), Post(AltFeed, "0.5"), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 10_000, 2, 102, riskBps: 100));
        w.Block(Tx.Buy("b1", 1, 1_000));
        return w;
    }

    [Fact]
    public void The_premium_is_the_loaded_put_plus_the_risk_factor_paid_in_alt_at_its_price()
    {
        var w = Listed();
        var altBefore = w.Balance("b1", "ALT");
        w.Block(Tx.Cover("b1", 1, 100));
        var cover = w.State.Covers[1];
        // Put on the two-day average, σ 150%, r 10%, as a fraction of the IDO price; × 1.3 loading; + 1% risk factor.
        var years = Fixed.FromInt(ShortTerm.Days2).Div(Fixed.FromInt(365 * 7_200), Rounding.Down);
        var fair = AsianPut.Value(new AsianPutInputs(Fixed.One, Fixed.One, X("1.5"), X("0.1"), years, years));
        var rate = fair.Mul(X("1.3"), Rounding.Up) + X("0.01");
        cover.SumInsured.ShouldBe(Tokens(200));
        cover.PremiumBase.ShouldBe(rate.MulAmount(Tokens(200), Rounding.Up));
        cover.PremiumPlatform.ShouldBe(X("0.5").DivAmount(cover.PremiumBase, Rounding.Up));
        (altBefore - w.Balance("b1", "ALT")).ShouldBe(cover.PremiumPlatform);
        w.Balance("cover:fund", "ALT").ShouldBe(cover.PremiumPlatform);
        // A two-day ATM average put at 150% is about 3.4% of the strike (σ·√T/√3·0.4 ≈ 0.0256… plus the wait): sanity bounds.
        fair.ShouldBeGreaterThan(X("0.02"));
        fair.ShouldBeLessThan(X("0.05"));
    }

    [Fact]
    public void Cover_is_limited_to_the_buyer_s_uncovered_allocation_and_the_sale_window()
    {
        var w = Listed();
        w.Try(Tx.Cover("b1", 1, 1_001)).Error.ShouldBe(CoverErrors.AllocationExceeded);
        w.Try(Tx.Cover("b2", 1, 1)).Error.ShouldBe(CoverErrors.AllocationExceeded);
        w.Block(Tx.Cover("b1", 1, 600));
        w.Try(Tx.Cover("b1", 1, 401)).Error.ShouldBe(CoverErrors.AllocationExceeded);
        w.RunTo(102, "0.5", "2");
        w.Try(Tx.Cover("b1", 1, 1)).Error.ShouldBe(CoverErrors.SaleNotOpen);
        w.Try(Tx.Buy("b1", 1, 1)).Error.ShouldBe(CoverErrors.SaleNotOpen);
    }

    [Fact]
    public void New_cover_halts_below_a_capital_ratio_of_one_hundred_percent()
    {
        // Capital 100,000 TAO against a requirement of 150,000: ratio 66.67%.
        var w = Listed(requirement: 150_000);
        var r = w.Try(Tx.Cover("b1", 1, 10));
        r.Error.ShouldBe(CoverErrors.CoverHalted);
        r.Message!.ShouldContain("66.66%");
        var position = w.Query<CapitalRatioQuery, CapitalPosition>(new CapitalRatioQuery());
        position.Ratio.ShouldBe(Fixed.Ratio(2, 3, Rounding.Down));
        w.Requirement(100_000);                                       // exactly 100%: allowed
        w.Block(Tx.Cover("b1", 1, 10));
    }

    [Fact]
    public void Without_a_recorded_requirement_the_governed_rule_applies()
    {
        var halt = Listed(requirement: null);
        halt.Try(Tx.Cover("b1", 1, 10)).Error.ShouldBe(CoverErrors.NoCapitalRequirement);

        var fallback = Listed(new CoverParameters { NoRequirement = NoRequirementRule.Fallback, FallbackMinimumCapitalRao = 200_000_000_000_000 }, requirement: null);
        fallback.Try(Tx.Cover("b1", 1, 10)).Error.ShouldBe(CoverErrors.CoverHalted);   // 100,000 of 200,000
        fallback.Block(Tx.Capital(100_000));
        fallback.Block(Tx.Cover("b1", 1, 10));
    }

    [Fact]
    public void Capacity_limits_a_cover_and_a_project_to_shares_of_the_fund_s_capital()
    {
        // Capital 4,000 TAO: one cover ≤ 5% = 200 TAO (100 tokens at 2), a project ≤ 20% = 800 TAO (400 tokens).
        var w = Listed(capital: 4_000, requirement: 1);
        w.Try(Tx.Cover("b1", 1, 101)).Error.ShouldBe(CoverErrors.CapacityExceeded);
        w.Block(Tx.Cover("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));
        w.Block(Tx.Cover("b1", 1, 100));
        // The fund's capital grew by the premiums' ALT, so the fourth fits and a fifth does not.
        w.Block(Tx.Cover("b1", 1, 100));
        w.Try(Tx.Cover("b1", 1, 100)).Error.ShouldBe(CoverErrors.CapacityExceeded);
    }

    [Fact]
    public void A_stale_platform_price_refuses_cover_and_the_quote_says_why()
    {
        var w = Listed();
        w.Engine.AdvanceBlocks(7_300);
        var project = w.State.Projects[1];
        project.SaleEndBlock.ShouldBe(102);
        var fresh = Create(ShortTerm.Parameters());
        fresh.Requirement(1_000);
        fresh.Block(Tx.Capital(1_000), Post(ProjectFeed, "2"), Tx.List("PRJ", "2", 10_000, 2, 20_000));
        fresh.Block(Tx.Buy("b1", 1, 10));
        fresh.Try(Tx.Cover("b1", 1, 10)).Error.ShouldBe(CoverErrors.PlatformPriceUnavailable);
        fresh.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, Tokens(10))).Error.ShouldBe(CoverErrors.PlatformPriceUnavailable.Name);
    }

    [Fact]
    public void Listing_needs_the_launchpad_role_a_known_source_and_a_sane_sale()
    {
        var w = Create(ShortTerm.Parameters());
        long h = 10;
        w.Try(new ListProject("PRJ", X("2"), Tokens(1), h + 5, h + 10, ProjectFeed).From("b1")).Error.ShouldBe(GovernanceErrors.MissingRole);
        w.Try(Tx.List("PRJ", "2", 1, h + 5, h + 10, source: "nope")).Error.ShouldBe(CoverErrors.UnknownPriceSource);
        w.Try(Tx.List("PRJ", "0", 1, h + 5, h + 10)).Error.ShouldBe(CoverErrors.InvalidIdoPrice);
        w.Try(Tx.List("PRJ", "2", 1, h + 10, h + 10)).Error.ShouldBe(CoverErrors.InvalidSaleWindow);
        w.Try(Tx.List("PRJ", "2", 1, h + 10, long.MaxValue)).Error.ShouldBe(CoverErrors.InvalidSaleWindow);
        w.Try(Tx.List("PRJ", "1000000000", 2_000_000_000_000m, h + 5, h + 10)).Error.ShouldBe(CoverErrors.InvalidIdoPrice); // a sale worth 2e30 units
        w.Try(Tx.List("ALT", "2", 1, h + 5, h + 10)).Error.ShouldBe(CoverErrors.InvalidToken);
        w.Try(Tx.List("PRJ", "2", 1, h + 5, h + 10, volBps: 50)).Error.ShouldBe(CoverErrors.InvalidVolatility);
        w.Try(Tx.List("PRJ", "2", 1, h + 5, h + 10, riskBps: -6_000)).Error.ShouldBe(CoverErrors.InvalidRiskAdjustment);
        // An existing token is escrowed from the lister, who must hold it.
        w.Try(Tx.List("TAO", "2", 1, w.Height + 5, w.Height + 10)).Error.ShouldBe(CoverErrors.InvalidToken);
    }

    [Fact]
    public void Governance_sets_a_project_s_risk_factor_and_the_quote_follows()
    {
        var w = Listed();
        var before = w.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, Tokens(100))).Quote!;
        w.Try(new SetRiskAdjustment(1, 500).From("b1")).Error.ShouldBe(GovernanceErrors.MissingRole);
        w.Block(new SetRiskAdjustment(1, 500).From(Dao));
        var after = w.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, Tokens(100))).Quote!;
        (after.PremiumRate - before.PremiumRate).ShouldBe(X("0.04"));
    }

    [Fact]
    public void Exposures_give_the_capital_model_each_project_s_cover_amount_and_expected_payout()
    {
        var w = Listed();
        w.Query<ExposuresQuery, IReadOnlyList<ExposureView>>(new ExposuresQuery()).ShouldBeEmpty();
        w.Block(Tx.Cover("b1", 1, 100), Tx.Cover("b1", 1, 50));
        var e = w.Query<ExposuresQuery, IReadOnlyList<ExposureView>>(new ExposuresQuery()).Single();
        e.CoverAmount.ShouldBe(Tokens(300));                          // 150 tokens × 2 TAO
        var years = Fixed.FromInt(ShortTerm.Days2).Div(Fixed.FromInt(365 * 7_200), Rounding.Down);
        var fair = AsianPut.Value(new AsianPutInputs(Fixed.One, Fixed.One, X("1.5"), X("0.1"), years, years));
        e.FairRate.ShouldBe(fair);
        e.ProbabilityWeightedExposure.ShouldBe(fair.MulAmount(Tokens(300), Rounding.Up));
        e.Currency.ShouldBe("TAO");
    }
}
