using System.Numerics;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>
/// The oracle-pegged vAMM on a TAO-quoted market, worked by hand: open and close amounts, PnL after an index move,
/// a depth change against the budget, netting, a pool-priced index, funding.
/// </summary>
/// <remarks>
/// The vAMM is held as depth D and net size n: X = D − n, Y = D²/X (one rounding), mark = peg·Y/X. A long buying u
/// normalised units (notional/peg) gets size n = X − D²/(Y + u) (X' rounded up, so the size down); from n = 0 that is
/// n = D·u/(D + u) = u − u²/(D + u). Exiting size s sells into the curve: units = D²/(D − n) − D²/(D − n + s); for
/// the whole net size from the balance point this is D·n/(D − n) = u: in exact arithmetic a round trip at an
/// unchanged peg returns exactly what it paid, and the rounding (each step against the trader) costs a few 1e-18.
/// Expected values below were worked with exact rationals (Python fractions, the roundings as stated: Y down, X' up,
/// exit value down for a long and up for a short, PnL floored to the rao, funding ceiled, fees ceiled).
/// </remarks>
public class VammTests
{
    /// <summary>
    /// A TAO-quoted market "A" at 2 TAO per unit with depth D = 1e12 units: X = Y = D, mark = peg = 2; 10,000 TAO lent.
    /// </summary>
    /// <remarks>σ_ref = 1 (unless given) keeps the controller from changing the depth, so that hand-worked amounts stay exact.</remarks>
    internal static LihWorld TaoQuotedMarket(PerpsParameters? perps = null, string source = AlphaTao, RiskParameters? risk = null)
    {
        var w = Create(perps, risk: risk ?? new RiskParameters { SigmaRef = Fixed.One });
        w.RunOk(Post(AlphaTao, "2"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("A", source, "1000000000000", quoteIsTao: true));
        var m = w.Perps.Markets["A"];
        (m.Depth, m.NetSize, m.BaseReserve, m.QuoteReserve, m.Peg, m.Mark).ShouldBe((D, Fixed.Zero, D, D, X("2"), X("2")));
        return w;
    }

    private static readonly Fixed D = X("1000000000000");

    [Fact]
    public void A_10x_long_of_10_TAO_moves_the_net_size_along_the_constant_product()
    {
        var w = TaoQuotedMarket();
        var before = w.Balance("t1");
        long id = w.Open(Long("t1", "A", 10, "10"));
        var m = w.Perps.Markets["A"];
        var pos = w.Perps.Positions[id];
        // notional = 10 TAO·10 = 100 TAO (TAO-quoted: quote = TAO); u = 100/2 = 50 units at the peg.
        // n = 50 − 2,500/(1e12 + 50) = 50 − 2.4999999998750e-9: X' = D − 50 + 2.49999999987…e-9 rounded up to
        // 999,999,999,950.0000000025, so n = 49.9999999975 exactly on the grid.
        pos.Size.ShouldBe(X("49.9999999975"));
        m.NetSize.ShouldBe(pos.Size);
        m.Depth.ShouldBe(D);
        m.BaseReserve.ShouldBe(X("999999999950.0000000025"));
        // Y = D²/X' rounded down: 1e12 + 50 less one unit of the grid (X' was rounded up)
        m.QuoteReserve.ShouldBe(X("1000000000049.999999999999999999"));
        // mark = 2·Y/X ≈ 2·(1 + 2n/D) = 2 + 2e-10; entry = 100/n ≈ 2·(1 + n/D) = 2 + 1e-10 (both exact on the grid)
        m.Mark.ShouldBe(X("2.0000000002"));
        pos.EntryPrice.ShouldBe(X("2.0000000001"));
        (pos.OpenNotional, pos.Margin, pos.Leverage).ShouldBe((X("100"), Tao(10), X("10")));
        // L̄ = 1,000/100 = 10; V_o = 100 TAO
        w.PerpsSummary.AverageLeverage.ShouldBe(X("10"));
        w.PerpsSummary.OpenInterestTao.ShouldBe(X("100"));
        // paid: margin 10 TAO + fee (1,000 + 10) ppb·100 TAO = 101,000 rao + premium on notional, σ = 0 so the floor:
        // ψ0·√10 = 1e-6·3.16227766016838 = 3.162277660169e-6 (up) · 100 TAO = 316,227.766 → 316,228 rao (up).
        // Maintenance = max(μ·margin, band budget·exit) = max(6.25%·10 TAO, 4.7667e-5·100 TAO) = 0.625 TAO.
        var opened = w.AllEvents<PerpOpened>().Single();
        (opened.Fee, opened.Premium, opened.Maintenance, opened.Added).ShouldBe((Rao(101_000), Rao(316_228), Tao(0.625m), false));
        (before - w.Balance("t1")).ShouldBe(Tao(10) + Rao(101_000) + Rao(316_228));
        w.Reserve.ShouldBe(Rao(316_228));
        // a tenth of the fee is set aside for depth changes
        w.Perps.DepthBudget.ShouldBe(Rao(10_100));
    }

    [Fact]
    public void Closing_at_an_unchanged_index_returns_the_margin_less_the_close_fee()
    {
        var w = TaoQuotedMarket();
        long id = w.Open(Long("t1", "A", 10, "10"));
        var before = w.Balance("t1");
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        // exit units = Y − D²/(X' + n) = Y − D (rounded up to D exactly) = 49.999999999999999999; exit = ·2 down =
        // 99.999999999999999998 TAO: PnL −2e-18 TAO, floored to −1 rao. Fee on the exit rounded up to 100 TAO:
        // 1,010 ppb·100 TAO = 101,000 rao. Paid = 10 TAO − 1 − 101,000 rao.
        closed.ExitNotional.ShouldBe(X("99.999999999999999998"));
        (closed.Pnl, closed.Profit, closed.Fee, closed.Fraction).ShouldBe((Rao(1), false, Rao(101_000), Fixed.One));
        closed.Paid.ShouldBe(Rao(9_999_898_999));
        (w.Balance("t1") - before).ShouldBe(closed.Paid);
        // the vAMM is back at its balance point: n = 0, X = Y = D
        var m = w.Perps.Markets["A"];
        (m.NetSize, m.BaseReserve, m.QuoteReserve, m.LongSize, m.OpenNotional).ShouldBe((Fixed.Zero, D, D, Fixed.Zero, Fixed.Zero));
        w.Perps.Positions.ShouldBeEmpty();
        w.Perps.PositionOf.ShouldBeEmpty();
        m.OpenIds.ShouldBeEmpty();
    }

    [Fact]
    public void A_10_percent_index_rise_pays_a_10x_long_its_margin_again()
    {
        var w = TaoQuotedMarket();
        long id = w.Open(Long("t1", "A", 10, "10"));
        w.RunOk(Post(AlphaTao, "2.2"));
        var before = w.Balance("t1");
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        // exit units = D·n/(D − n) = u = 50 in exact arithmetic (the impact paid in is returned on the way out), so the
        // exit is 50·2.2 = 110 TAO and PnL = 110 − 100 = +10 TAO, the margin again. On the grid: units
        // 49.999999999999999999·2.2 = 109.999999999999999997 (down), PnL 9.999999999999999997 TAO → 9,999,999,999 rao.
        closed.ExitNotional.ShouldBe(X("109.999999999999999997"));
        // the identity in exact rationals from the grid's n = 49.9999999975: |D·n/(D − n)·2.2 − 110| is below 1e-18 TAO
        // (raw: |22·D·n − 110e18·10·(D − n)| < 10·(D − n)); the engine's exit is 3e-18 below 110, every rounding against the trader
        var (d, n) = ((BigInteger)D.Raw, (BigInteger)X("49.9999999975").Raw);
        BigInteger.Abs(22 * d * n - BigInteger.Pow(10, 18) * 1_100 * (d - n)).ShouldBeLessThan(10 * (d - n));
        (closed.Pnl, closed.Profit).ShouldBe((Rao(9_999_999_999), true));
        // fee (1,000 + 10) ppb·110 TAO = 111,100 rao; paid = 10 + 9.999999999 TAO − 111,100 rao
        closed.Fee.ShouldBe(Rao(111_100));
        closed.Paid.ShouldBe(Rao(19_999_888_899));
        (w.Balance("t1") - before).ShouldBe(closed.Paid);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void A_depth_change_keeps_the_net_size_and_moves_the_traders_value_into_the_budget()
    {
        // Default σ_ref = 0.0005. A 1% index move gives σ² = 0.06·0.01² = 6e-6, σ = 0.00245, σ/σ_ref = 4.9: the
        // controller sets the depth to 4× (the clamp), D' = 4e12, in the same block (after perps' hook set peg = 2.02).
        var w = TaoQuotedMarket(risk: new RiskParameters());
        long id = w.Open(Long("t1", "A", 100, "40"));
        // u = 4,000/2 = 2,000; n = 2,000 − 4e6/(1e12 + 2,000) on the grid = 1,999.999996000000007999
        var n = X("1999.999996000000007999");
        w.Perps.Positions[id].Size.ShouldBe(n);
        // fee (1,000 + 40) ppb·4,000 TAO = 4,160,000 rao: a tenth, 416,000 rao, to the depth budget
        w.Perps.DepthBudget.ShouldBe(Rao(416_000));
        w.RunOk(Post(AlphaTao, "2.02"));
        var m = w.Perps.Markets["A"];
        (m.DepthScale, m.Depth, m.NetSize).ShouldBe((X("4"), X("4000000000000"), n));

        // The long's exit value falls by peg·n²·(D' − D)/((D' − n)(D − n)) = 2.02·n²·3e12/((4e12 − n)(1e12 − n))
        // = 6.05999999091e-6 TAO → 6,059 rao (down: what the traders lose goes into the budget, rounded for the lenders).
        // The same in exact rationals on the raw grid (1e-18), floored to the rao: an independent reference for the event.
        BigInteger R(Fixed x) => (BigInteger)x.Raw;
        var (d, d4, peg) = (R(D), R(X("4000000000000")), R(X("2.02")));
        var exactRao = peg * R(n) * R(n) * (d4 - d) / ((d4 - R(n)) * (d - R(n)) * BigInteger.Pow(10, 27));
        exactRao.ShouldBe(new BigInteger(6_059));
        var changed = w.LastBlockEvents<DepthChanged>().ShouldHaveSingleItem();
        changed.ShouldBe(new DepthChanged("A", X("4"), Rao(6_059), false, Rao(416_000 + 6_059)));
        (w.Perps.DepthBudget, w.Perps.DepthGainKept, w.Perps.DepthCostPaid).ShouldBe((Rao(422_059), Rao(6_059), Amount.Zero));

        // Value-neutral: the long's equity through the vAMM at D = 1e12 and peg 2.02 would have been (exit units
        // 1,999.999999999999999999·2.02 = 4,039.999999999999999997 TAO, PnL 39,999,999,999 rao, fee 1,040 ppb of
        // 4,040 TAO = 4,201,600 rao) 100 TAO + 39,999,999,999 − 4,201,600 = 139,995,798,399 rao. At D' = 4e12 the exit
        // units are D'²/(D' − n) − D' = 1,999.999997000000004499, exit 4,039.999993940000009087 TAO, PnL 39,999,993,940
        // rao: equity 139,995,792,340 rao, 6,059 rao less: exactly what the budget took.
        var view = w.Engine.Query<PerpPositionQuery, PerpPositionView?>(new(id)).ShouldNotBeNull();
        view.EquityRao.ShouldBe((Int128?)139_995_792_340);
        (139_995_798_399L - (long)view.EquityRao!.Value).ShouldBe(6_059L);

        // closed in the next block (σ decays to √(0.94·6e-6) = 0.00237, still 4×): paid the equity at the new depth
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        closed.ExitNotional.ShouldBe(X("4039.999993940000009087"));
        (closed.Pnl, closed.Profit, closed.Fee, closed.Paid).ShouldBe((Rao(39_999_993_940), true, Rao(4_201_600), Rao(139_995_792_340)));
        w.Perps.Markets["A"].NetSize.ShouldBe(Fixed.Zero);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void An_order_against_the_open_position_reduces_closes_and_then_flips_it()
    {
        var w = TaoQuotedMarket();
        long id = w.Open(Long("t1", "A", 10, "10"));
        // A 5 TAO 10× short against the 100 TAO long covers 50/100 of it: half is closed, no margin is taken.
        var before = w.Balance("t1");
        w.RunOk(Short("t1", "A", 5, "10"));
        var half = w.AllEvents<PerpClosed>().ShouldHaveSingleItem();
        // part = 49.9999999975·0.5 = 24.99999999875 units, notional 50, margin 5 TAO. It sells from n = 49.9999999975
        // down to 24.99999999875: units ≈ 25·(1 + 1.5·50/1e12), exit 50.000000001249999998 TAO (PnL +1 rao on the
        // grid), fee 1,010 ppb of 50.000000002 TAO = 50,501 rao (up): paid 5 TAO + 1 − 50,501 rao.
        (half.PositionId, half.Fraction, half.ExitNotional).ShouldBe((id, X("0.5"), X("50.000000001249999998")));
        (half.Pnl, half.Profit, half.Fee, half.Paid).ShouldBe((Rao(1), true, Rao(50_501), Rao(4_999_949_500)));
        (w.Balance("t1") - before).ShouldBe(half.Paid);
        w.AllEvents<PerpOpened>().Count.ShouldBe(1); // nothing opened the other way
        var rest = w.Perps.Positions[id];
        (rest.Size, rest.OpenNotional, rest.Margin, rest.Leverage).ShouldBe((X("24.99999999875"), X("50"), Tao(5), X("10")));
        w.Perps.Markets["A"].NetSize.ShouldBe(X("24.99999999875"));
        w.Perps.TotalMargin.ShouldBe(Tao(5));

        // A 10 TAO 10× short (100 TAO) against the 50 TAO left: closes it, and the other half of the order (5 TAO margin,
        // 1 − 50/100) opens a short of u = 25 units from n = 0: size −(25 + 625/(1e12 − 25)) = −25.000000000625000001.
        w.RunOk(Short("t1", "A", 10, "10"));
        var closed = w.AllEvents<PerpClosed>()[^1];
        (closed.PositionId, closed.Fraction, closed.ExitNotional).ShouldBe((id, Fixed.One, X("49.999999998749999998")));
        (closed.Pnl, closed.Profit, closed.Fee, closed.Paid).ShouldBe((Rao(2), false, Rao(50_500), Rao(4_999_949_498)));
        w.Perps.Positions.ContainsKey(id).ShouldBeFalse();
        var flipped = w.Perps.Positions.Values.ShouldHaveSingleItem();
        (flipped.Trader, flipped.Side, flipped.Size, flipped.Margin, flipped.OpenNotional).ShouldBe(("t1", PerpSide.Short, X("-25.000000000625000001"), Tao(5), X("50")));
        w.Perps.PositionOf[("t1", "A")].ShouldBe(flipped.Id);
        var m = w.Perps.Markets["A"];
        (m.NetSize, m.LongSize, m.ShortSize, m.OpenIds.Count).ShouldBe((flipped.Size, Fixed.Zero, X("25.000000000625000001"), 1));
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void A_market_indexed_on_a_subnet_pool_needs_a_guard_and_caps_each_side_at_the_cost_of_moving_the_pool()
    {
        var w = Create();
        w.RunOk(new RegisterSubnet(3, Tao(1_000), X("0.05")).From(SubnetOwner), Post(AlphaTao, "0.05"));
        // a pool's price is what one trade moves: without a second source to bound it the market is refused
        w.Run(Market("SN3", "subnet:3", "1000000000000", quoteIsTao: true)).Error.ShouldBe(PerpsErrors.GuardRequired);
        w.RunOk(Market("SN3", "subnet:3", "1000000000000", quoteIsTao: true, guard: AlphaTao));
        var m = w.Perps.Markets["SN3"];
        (m.Peg, m.IndexNetuid, m.GuardSource).ShouldBe((X("0.05"), (int?)3, (string?)AlphaTao)); // 1,000 TAO against 20,000 alpha

        // The cap on each side is swapFee·pool TAO·2(√(1 + G) − 1)/G, the least a push by up to the guard's band G = 5%
        // costs per unit of the push: at the default fee of 0 no position may open at all.
        w.Run(Long("t1", "SN3", 1, "1")).Error.ShouldBe(PerpsErrors.ManipulationCostCap);
        // 0.3%·1,000 TAO = 3 TAO; 2(√1.05 − 1)/0.05 = 0.98780306…: 2.963409191 TAO a side
        w.RunOk(new Ballast.Core.Governance.SetParameter("subnets", "SwapFeeBps", "30").From(Dao));

        long id = w.Open(Long("t1", "SN3", 1, "1"));
        // notional 1 TAO; u = 1/0.05 = 20 units; n = 20 − 400/(1e12 + 20) on the grid = 19.9999999996
        w.Perps.Positions[id].Size.ShouldBe(X("19.9999999996"));
        w.Perps.Positions[id].OpenNotional.ShouldBe(X("1"));
        // A further 2 TAO long would hold 59.9999999964 units·0.05 = 3 TAO (to the rao, rounded up) on the long side:
        // above 2.963409191 TAO.
        w.Run(Long("t2", "SN3", 2, "1")).Error.ShouldBe(PerpsErrors.ManipulationCostCap);
        // 1.9 TAO: 57.99999999… units·0.05 ≈ 2.9 TAO: under the cap, accepted.
        w.Open(Long("t2", "SN3", 1.9m, "1"));
        (w.Perps.Markets["SN3"].LongSize.Mul(X("0.05"), Rounding.Up) <= X("2.963409191")).ShouldBeTrue();
        // the short side has its own cap
        w.Open(Short("t3", "SN3", 2, "1"));
    }

    [Fact]
    public void Funding_is_the_mark_premium_over_the_divisor_capped_and_accrues_every_block_at_rate_over_interval()
    {
        // A cap of 1 ppb per interval and a divisor of 1, so the band-bounded skew of a 20,000 TAO long reaches the cap.
        var p = new PerpsParameters { FundingIntervalBlocks = 10, TwapBlocks = 10, FundingDivisor = 1, MaxFundingRatePpb = new Ppb(1) };
        var w = TaoQuotedMarket(p);
        long created = w.Height;
        long id = w.Open(Long("t1", "A", 500, "40"));
        // u = 20,000/2 = 10,000: n = 9,999.999900000000999999; mark = 2·Y/X ≈ 2·(1 + 2n/D) = 2.000000040000000198
        var n = X("9999.999900000000999999");
        w.Perps.Positions[id].Size.ShouldBe(n);
        var mark = X("2.000000040000000198");
        w.Perps.Markets["A"].Mark.ShouldBe(mark);

        // First rate, 10 blocks after creation: the mark TWAP covers the creation block at 2 and 9 blocks at the mark:
        // (2 + 9·mark)/10 = 2.000000036000000178; (twap − 2)/2/1 = 1.8e-8 > the cap 1e-9 → 1e-9.
        w.Advance(created + 10 - w.Height);
        var first = w.LastBlockEvents<FundingSettled>().Single();
        (first.MarkTwap, first.IndexTwap, first.Rate, first.Cumulative).ShouldBe((X("2.000000036000000178"), X("2"), X("0.000000001"), Fixed.Zero));
        // it accrues from this block on at rate·index/interval = 1e-9·2/10 = 2e-10 quote per unit per block
        w.Perps.Markets["A"].CumulativeFunding.ShouldBe(X("0.0000000002"));

        w.Advance(10);
        var second = w.LastBlockEvents<FundingSettled>().Single();
        // the whole window at the mark; the cumulative before this block's accrual is 10 blocks·2e-10
        (second.MarkTwap, second.Rate, second.Cumulative).ShouldBe((mark, X("0.000000001"), X("0.000000002")));

        // Closed in the next block, before its accrual: 11 blocks, 2.2e-9 per unit; the long pays n·2.2e-9 =
        // 0.000021999999780001 TAO (up) → 22,000 rao (up), and the vault receives it.
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        (closed.Funding, closed.FundingPaid).ShouldBe((Rao(22_000), true));
        w.Perps.FundingFromTradersRao.ShouldBe((Int128)22_000);
    }

    [Fact]
    public void Uncapped_funding_follows_the_twaps()
    {
        // The default cap (0.1% per interval) is far above the rates a band-bounded skew gives: here it never binds. (A cap
        // of 100% would not do: the maintenance requirement keeps room for a block of capped funding, 10% of notional.)
        var p = new PerpsParameters { FundingIntervalBlocks = 10, TwapBlocks = 10 };
        var w = TaoQuotedMarket(p);
        long created = w.Height;
        w.Open(Short("t1", "A", 500, "40"));
        // a 20,000 TAO short sells u = 10,000 units: n = −10,000.000100000001000001; mark = 2·Y/X = 1.999999960000000198
        w.Perps.Markets["A"].NetSize.ShouldBe(X("-10000.000100000001000001"));
        w.Perps.Markets["A"].Mark.ShouldBe(X("1.999999960000000198"));
        w.Advance(created + 10 - w.Height);
        // first window: (2 + 9·mark)/10 = 1.999999964000000178; rate = (twap − 2)/2/24 = −7.49999997e-10 (floored)
        var e = w.LastBlockEvents<FundingSettled>().Single();
        (e.MarkTwap, e.IndexTwap, e.Rate).ShouldBe((X("1.999999964000000178"), X("2"), X("-0.000000000749999997")));
        w.Advance(10);
        // the whole window at the mark: (1.999999960000000198 − 2)/2/24 = −8.3333333e-10 (floored); shorts pay when negative
        w.LastBlockEvents<FundingSettled>().Single().Rate.ShouldBe(X("-0.00000000083333333"));
    }
}
