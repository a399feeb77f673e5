using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Contract;

/// <summary>
/// The declared queries on the hand-worked world of <see cref="Perps.VammTests"/>: market "A" at 2 TAO with depth
/// D = 1e12, 10,000 TAO lent, and t1's 10 TAO 10× long (block 3). Values worked by hand with exact rationals; see
/// VammTests for the vAMM arithmetic.
/// </summary>
public class LihQueryTests
{
    private static LihWorld WithLong()
    {
        var w = LihContractTests.VammWorld();
        w.Open(Long("t1", "A", 10, "10"));
        w.Height.ShouldBe(3);
        return w;
    }

    private static TResult Q<TQuery, TResult>(LihWorld w, TQuery q) where TQuery : Ballast.Core.Modules.IQuery<TResult> => w.Engine.Query<TQuery, TResult>(q);

    [Fact]
    public void Position_shows_the_terms_the_maintenance_and_the_equity_if_closed_now()
    {
        var w = WithLong();
        var p = Q<PerpPositionQuery, PerpPositionView?>(w, new(1)).ShouldNotBeNull();
        (p.Id, p.Trader, p.Market, p.Side, p.OpenedAt).ShouldBe((1L, "t1", "A", PerpSide.Long, 3L));
        // u = 50 units: n = 50 − 2,500/(1e12 + 50) on the grid = 49.9999999975; entry = 100/n = 2.0000000001
        (p.Size, p.EntryPrice).ShouldBe((X("49.9999999975"), X("2.0000000001")));
        (p.OpenNotional, p.Margin, p.Leverage).ShouldBe((X("100"), Tao(10), X("10")));
        // 10×: maintenance = max(μ·margin, band budget·exit) = max(0.0625·10 TAO, 4.7667e-5·100 TAO) = 0.625 TAO; not liquidatable
        (p.Maintenance, p.Liquidatable).ShouldBe(((Amount?)Tao(0.625m), false));
        // closing now: exit units D²/X' − D = 49.999999999999999999 (Y down), ·2 = 99.999999999999999998 TAO: PnL
        // −2e-18 TAO, floored to −1 rao; close fee 1,010 ppb of 100 TAO (the exit rounded up) = 101,000 rao:
        // equity 10 TAO − 1 − 101,000 rao; no funding yet
        (p.EquityRao, p.FundingOwedRao).ShouldBe(((Int128?)9_999_898_999, (Int128?)0));

        // +10% index: exit 49.999999999999999999 units·2.2 = 109.999999999999999997 TAO (down), PnL 9,999,999,999 rao,
        // fee 1,010 ppb of 110 TAO = 111,100 rao (up): equity 10 + 9.999999999 TAO − 111,100 rao; maintenance unchanged
        w.RunOk(Post(AlphaTao, "2.2"));
        var after = Q<PerpPositionQuery, PerpPositionView?>(w, new(1))!;
        (after.EquityRao, after.Maintenance, after.Liquidatable).ShouldBe(((Int128?)19_999_888_899, (Amount?)Tao(0.625m), false));

        Q<PerpPositionQuery, PerpPositionView?>(w, new(2)).ShouldBeNull();
        Q<PerpPositionsQuery, PerpPositionsView>(w, new("t1")).Positions.Select(x => x.Id).ShouldBe([1L]);
        Q<PerpPositionsQuery, PerpPositionsView>(w, new("t2")).Positions.ShouldBeEmpty();
        Q<PerpPositionsQuery, PerpPositionsView>(w, new()).Positions.Count.ShouldBe(1);
    }

    [Fact]
    public void Market_shows_the_vamm_the_index_and_the_open_interest()
    {
        var w = WithLong();
        var m = Q<PerpMarketQuery, PerpMarketView?>(w, new("A")).ShouldNotBeNull();
        (m.Id, m.IndexSource, m.GuardSource, m.QuoteIsTao).ShouldBe(("A", AlphaTao, (string?)null, true));
        // D = 1e12, n = 49.9999999975; X = D − n = 999,999,999,950.0000000025, Y = D²/X (down) = 1e12 + 50 − 1e-18;
        // mark = 2·Y/X = 2.0000000002
        (m.Depth, m.NetSize, m.BaseReserve, m.QuoteReserve).ShouldBe((X("1000000000000"), X("49.9999999975"), X("999999999950.0000000025"), X("1000000000049.999999999999999999")));
        (m.Mark, m.Peg, m.Index, m.DepthScale, m.SigmaPerBlock).ShouldBe((X("2.0000000002"), X("2"), (Fixed?)X("2"), Fixed.One, Fixed.Zero));
        (m.LongSize, m.ShortSize, m.OpenNotional, m.OpenPositions).ShouldBe((X("49.9999999975"), Fixed.Zero, X("100"), 1));
        (m.CumulativeFunding, m.LastFundingRate, m.LastFundingBlock).ShouldBe((Fixed.Zero, Fixed.Zero, 2L));
        // the side caps of the band b = 2e-5 on B = 1e12: B·(1 − 1/√(1 + b/2)) = 4,999,962.500312497… long and
        // B·(1/√(1 − b/2) − 1) = 5,000,037.500312502… short (60-digit decimals; the engine's √ is on the 1e-18 grid, times B)
        Math.Abs(decimal.Parse(m.MaxLongSize.ToString(), System.Globalization.CultureInfo.InvariantCulture) - 4_999_962.5003124972656m).ShouldBeLessThan(0.00001m);
        Math.Abs(decimal.Parse(m.MaxShortSize.ToString(), System.Globalization.CultureInfo.InvariantCulture) - 5_000_037.5003125027344m).ShouldBeLessThan(0.00001m);
        (m.MaxLongSize <= X("4999962.5003124972656")).ShouldBeTrue(); // rounded so the band is never exceeded
        Q<PerpMarketQuery, PerpMarketView?>(w, new("B")).ShouldBeNull();
    }

    [Fact]
    public void Vault_lender_and_summary_add_up()
    {
        var w = WithLong();
        // vault = 10,000 lent + 10 margin + 101,000 rao fee; lenders own all but the margin
        var vault = Q<PerpVaultQuery, PerpVaultView>(w, new());
        vault.ShouldBe(new PerpVaultView(Vault: Tao(10_010) + Rao(101_000), LenderAssets: Tao(10_000) + Rao(101_000), LenderShares: 10_000_000_000_000,
            TotalMargin: Tao(10), OpenInterestTao: X("100"), MinLenderAssets: Tao(10))); // 10% of 100 TAO open
        Q<PerpLenderQuery, PerpLenderView>(w, new(Lender)).ShouldBe(new PerpLenderView(Lender, 10_000_000_000_000, Tao(10_000) + Rao(101_000)));
        Q<PerpLenderQuery, PerpLenderView>(w, new("t1")).ShouldBe(new PerpLenderView("t1", 0, Amount.Zero));

        var s = Q<PerpsSummaryQuery, PerpsSummaryView>(w, new());
        // σ = 0 ≤ σ_ref: L_max is the whole first cap; L̄ = Σ L·notional / Σ notional = 1,000/100
        (s.MaxLeverage, s.UnlockedCap, s.UnlockedCaps, s.LeverageHalted).ShouldBe((X("40"), X("40"), 1, false));
        (s.Vault, s.LenderAssets, s.LenderShares, s.TotalMargin).ShouldBe((vault.Vault, vault.LenderAssets, vault.LenderShares, vault.TotalMargin));
        (s.OpenInterestTao, s.AverageLeverage, s.OpenPositions).ShouldBe((X("100"), X("10"), 1));
        s.Totals.ShouldBe(new PerpsTotals(Rao(101_000), Amount.Zero, Amount.Zero, Amount.Zero, 0, 0));
        s.Markets.ShouldHaveSingleItem().ShouldBe(Q<PerpMarketQuery, PerpMarketView?>(w, new("A")));
    }

    [Fact]
    public void Pool_shows_reserve_lambda_epoch_and_totals()
    {
        var w = WithLong();
        // the premium on notional ψ0·√10·100 TAO = 1e-6·3.16227766·100 = 316,228 rao (up) is all the reserve: no treasury, no funded subnet
        var pool = Q<PoolQuery, InsurancePoolView>(w, new());
        pool.ShouldBe(new InsurancePoolView(
            Reserve: Rao(316_228), Treasury: Amount.Zero, Lambda: X("0.05"), LambdaMin: X("0.01"), LambdaMax: X("0.5"), LambdaFloor: Fixed.Zero, LastFundingTao: Amount.Zero,
            EpochStart: 0, EpochUtilization: Fixed.Zero, TopUpTriggered: false, TopUpLimit: Amount.Zero,
            Totals: new InsuranceTotals(Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero, Rao(316_228), Amount.Zero, Amount.Zero)));
    }

    [Fact]
    public void Pool_shows_what_a_top_up_may_move_once_triggered()
    {
        // R = 100 TAO; a 101 TAO claim (U = 1.01 > γ = 1) triggers the backstop; treasury 1,000 − 100 − 100 (the stream refills) = 800: β·800 = 160
        var w = Create(insurance: new InsuranceParameters { TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000 }, probe: true);
        w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
        w.RunOk(new ProbeCover("claims", Tao(101)).From(Nobody));
        var pool = w.Pool;
        (pool.Reserve, pool.Treasury, pool.TopUpTriggered, pool.TopUpLimit).ShouldBe((Tao(100), Tao(800), true, Tao(160)));
        pool.EpochUtilization.ShouldBe(X("1.01"));
        (pool.Totals.PaidOut, pool.Totals.Uncovered, pool.Totals.Streamed).ShouldBe((Tao(100), Tao(1), Tao(200)));
        pool.Lambda.ShouldBe(X("0.07")); // U above θ = 20%: one step of 2 points
    }

    [Fact]
    public void Controller_shows_its_estimates_and_decisions()
    {
        var w = WithLong();
        var c = Q<ControllerQuery, RiskControllerView>(w, new());
        // two steps (the market's block and the open's), a flat index: σ = 0, so EL = VaR = 0 and there is no coverage ratio
        c.ShouldBe(new RiskControllerView(
            SigmaPerBlock: Fixed.Zero, AverageLeverage: X("10"), OpenInterestTao: X("100"), ExpectedLossTaoPerBlock: Fixed.Zero, ValueAtRiskTaoPerBlock: Fixed.Zero,
            EmissionTaoPerBlock: Fixed.Zero, Lambda: X("0.05"), Adequate: true, Coverage: null, BreakerTripped: false, MaxLeverage: X("40"), LastError: Fixed.Zero,
            Steps: 2, Markets: c.Markets));
        c.Markets.ShouldHaveSingleItem().ShouldBe(new MarketRiskView("A", X("2"), Fixed.Zero));

        // a 1% move with EWMA decay 0.94: variance = 0.06·0.01² = 0.000006, σ = √0.000006 = 0.002449489742783178
        w.RunOk(Post(AlphaTao, "2.02"));
        c = Q<ControllerQuery, RiskControllerView>(w, new());
        c.Markets.Single().ShouldBe(new MarketRiskView("A", X("2.02"), FixedMath.Sqrt(X("0.000006"))));
        Math.Abs(c.SigmaPerBlock.ToDouble() - 0.002449489742783178).ShouldBeLessThan(1e-15);
        // EL = 0.8·σ·L̄·V_o with L̄ = 10 and V_o = 100 TAO ≈ 1.9596 TAO per block; VaR = 2.326·σ·1,000 ≈ 5.6975
        Math.Abs(c.ExpectedLossTaoPerBlock.ToDouble() - 0.8 * 0.002449489742783178 * 1000).ShouldBeLessThan(1e-12);
        Math.Abs(c.ValueAtRiskTaoPerBlock.ToDouble() - 2.326 * 0.002449489742783178 * 1000).ShouldBeLessThan(1e-12);
        // coverage = R/(κ·VaR) = 0.000316228/(1.5·5.6975…) ≈ 3.7e-5 < 0.3: the breaker trips and perps halts new leverage
        c.Coverage.ShouldNotBeNull();
        Math.Abs(c.Coverage.Value.ToDouble() - 0.000316228 / (1.5 * 2.326 * 0.002449489742783178 * 1000)).ShouldBeLessThan(1e-12);
        c.BreakerTripped.ShouldBeTrue();
        w.PerpsSummary.LeverageHalted.ShouldBeTrue();
        w.LastBlockEvents<RiskBreakerChanged>().ShouldHaveSingleItem().ShouldBe(new RiskBreakerChanged(true, c.Coverage));
    }

    [Fact]
    public void Queries_change_nothing()
    {
        var w = WithLong();
        var hash = w.Engine.StateHash();
        var view = View(w.Engine);
        foreach (var name in w.Engine.Queries.Names)
        {
            var info = w.Engine.Queries.All.Single(q => q.Name == name);
            var input = info.QueryType == typeof(PerpPositionQuery) ? new PerpPositionQuery(1)
                : info.QueryType == typeof(PerpMarketQuery) ? new PerpMarketQuery("A")
                : info.QueryType == typeof(PerpLenderQuery) ? new PerpLenderQuery(Lender)
                : info.QueryType.GetConstructors().Single().GetParameters().Length == 0 ? Activator.CreateInstance(info.QueryType)!
                : info.QueryType == typeof(PerpPositionsQuery) ? new PerpPositionsQuery()
                : null;
            if (input is null) continue;
            w.Engine.Query(name, input);
        }
        w.Engine.StateHash().ShouldBe(hash);
        View(w.Engine).ShouldBe(view);
    }
}
