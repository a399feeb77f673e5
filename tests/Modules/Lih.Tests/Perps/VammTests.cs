using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>The oracle-pegged vAMM on a TAO-quoted market, worked by hand: open and close amounts, PnL after an index move, funding.</summary>
public class VammTests
{
    /// <summary>A TAO-quoted market "A" at 2 TAO per unit with 1,000 virtual units a side: X = Y = 1,000, k = 1e6, mark = peg·Y/X = 2.</summary>
    /// <remarks>σ_ref = 1 (unless given) keeps the controller from deepening the buffers, so that hand-worked amounts stay exact.</remarks>
    internal static LihWorld TaoQuotedMarket(PerpsParameters? perps = null, string source = AlphaTao, RiskParameters? risk = null)
    {
        var w = Create(perps, risk: risk ?? new RiskParameters { SigmaRef = Fixed.One });
        w.RunOk(Post(AlphaTao, "2"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("A", source, "1000000000000", quoteIsTao: true));
        var m = w.Perps.Markets["A"];
        (m.BaseReserve, m.QuoteReserve, m.Peg, m.Mark).ShouldBe((X("1000"), X("1000"), X("2"), X("2")));
        return w;
    }

    [Fact]
    public void A_10x_long_of_10_TAO_moves_the_virtual_reserves_by_the_normalised_notional()
    {
        var w = TaoQuotedMarket();
        var before = w.Balance("t1");
        long id = w.Open(Long("t1", "A", 10, "10"));
        var m = w.Perps.Markets["A"];
        var pos = w.Perps.Positions[id];
        // notional = 10 TAO·10 = 100 TAO (TAO-quoted: quote = TAO); units at the peg = 100/2 = 50
        // Y' = 1,000 + 50 = 1,050;  X' = k/Y' = 1e6/1,050 = 952.380952380952380953 (rounded up)
        m.QuoteReserve.ShouldBe(X("1050"));
        m.BaseReserve.ShouldBe(X("952.380952380952380953"));
        // size = 1,000 − 952.380952380952380953 = 47.619047619047619047 units; entry = 100/47.619… ≈ 2.1
        pos.Size.ShouldBe(X("47.619047619047619047"));
        pos.OpenNotional.ShouldBe(X("100"));
        Math.Abs(pos.EntryPrice.ToDouble() - 2.1).ShouldBeLessThan(1e-15);
        // mark = 2·1,050/952.38… = 2.205
        Math.Abs(m.Mark.ToDouble() - 2.205).ShouldBeLessThan(1e-15);
        // L̄ = 1,000/100 = 10; V_o = 100 TAO
        w.PerpsSummary.AverageLeverage.ShouldBe(X("10"));
        w.PerpsSummary.OpenInterestTao.ShouldBe(X("100"));
        // paid: margin 10 TAO + fee (1,000 + 10 ppb)·100 TAO = 101,000 rao + premium 0.001·√10·10 TAO = 31,622,777 rao (up)
        var opened = w.AllEvents<PerpOpened>().Single();
        opened.Fee.ShouldBe(Rao(101_000));
        opened.Premium.ShouldBe(Rao(31_622_777));
        (before - w.Balance("t1")).ShouldBe(Tao(10) + Rao(101_000) + Rao(31_622_777));
        w.Reserve.ShouldBe(Rao(31_622_777));
    }

    [Fact]
    public void Closing_at_an_unchanged_index_returns_the_margin_less_the_close_fee()
    {
        var w = TaoQuotedMarket();
        long id = w.Open(Long("t1", "A", 10, "10"));
        var before = w.Balance("t1");
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        // exit = (1,050 − k/1,000)·2 = 50·2 = 100 (to rounding of k): PnL ≈ 0; fee = 1,010 ppb·100 TAO = 101,000 rao
        closed.Fee.ShouldBe(Rao(101_000));
        closed.Pnl.Units.ShouldBeLessThanOrEqualTo((UInt128)1);
        (w.Balance("t1") - before).ShouldBe(closed.Paid);
        ((Int128)closed.Paid.Units - (Int128)(Tao(10) - Rao(101_000)).Units).ShouldBeInRange(-1, 0);
        // the reserves are back: X = 1,000, Y = 1,000 (to rounding)
        Math.Abs(w.Perps.Markets["A"].QuoteReserve.ToDouble() - 1000).ShouldBeLessThan(1e-12);
        w.Perps.Positions.ShouldBeEmpty();
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
        // exit = 50 units·2.2 = 110 TAO; PnL = 110 − 100 = +10 TAO (to a rao of rounding)
        closed.Profit.ShouldBeTrue();
        ((Int128)closed.Pnl.Units - 10_000_000_000).ShouldBeInRange(-1, 0);
        // fee = (1,000 + 10) ppb·110 TAO = 111,100 rao; paid = 10 + 10 − 0.0001111 TAO
        closed.Fee.ShouldBe(Rao(111_100));
        ((Int128)closed.Paid.Units - (Int128)(Tao(20) - Rao(111_100)).Units).ShouldBeInRange(-1, 0);
        (w.Balance("t1") - before).ShouldBe(closed.Paid);
    }

    [Fact]
    public void Deepening_the_buffers_while_a_long_is_open_pays_it_its_skew()
    {
        // With the default σ_ref = 0.0005, the 10% move makes σ = √(0.06·0.1²) = 0.0245 per block, σ/σ_ref = 49 → the
        // controller scales the reserves to 4× (the clamp). The long then sells 47.619 units into X = 3,809.52, Y = 4,200,
        // k = 16e6: exit = (4,200 − 16e6/3,857.142857)·2.2 = 51.851852·2.2 = 114.074074 TAO, PnL 14.074074 instead of 10.
        // A depth change is not neutral for open positions (as a k-change in Perpetual Protocol v1); lenders pay it.
        var w = TaoQuotedMarket(risk: new RiskParameters());
        long id = w.Open(Long("t1", "A", 10, "10"));
        w.RunOk(Post(AlphaTao, "2.2"));
        w.Perps.Markets["A"].DepthScale.ShouldBe(X("4"));
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        ((double)closed.Pnl.Units / 1e9 - 14.074074).ShouldBeInRange(-1e-6, 1e-6);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void A_market_indexed_on_a_subnet_pool_reads_its_price()
    {
        var w = Create();
        w.RunOk(new Ballast.Subnets.RegisterSubnet(3, Tao(1_000), X("0.05")).From(SubnetOwner));
        w.RunOk(Market("SN3", "subnet:3", "1000", quoteIsTao: true));
        w.Perps.Markets["SN3"].Peg.ShouldBe(X("0.05")); // 1,000 TAO against 20,000 alpha
        long id = w.Open(Long("t1", "SN3", 1, "5"));
        // notional 5 TAO; units = 5/0.05 = 100; Y' = 1,100
        w.Perps.Markets["SN3"].QuoteReserve.ShouldBe(X("1100"));
        w.Perps.Positions[id].OpenNotional.ShouldBe(X("5"));
    }

    [Fact]
    public void Funding_is_mark_minus_index_over_index_over_24_and_capped_at_0_1_percent()
    {
        var p = new PerpsParameters { FundingIntervalBlocks = 10, TwapBlocks = 10 };
        var w = TaoQuotedMarket(p);
        long created = w.Height;
        long id = w.Open(Long("t1", "A", 10, "10"));
        // mark 2.205 vs index 2: (2.205 − 2)/2/24 = 0.1025/24 = 0.00427083… > cap 0.001 → 0.001 per interval
        w.Advance(created + 10 - w.Height);
        var first = w.LastBlockEvents<FundingSettled>().Single();
        first.Rate.ShouldBe(X("0.001"));
        // cumulative += rate·index TWAP = 0.001·2 = 0.002 quote per unit
        first.Cumulative.ShouldBe(X("0.002"));
        // the second interval sees only the 2.205 mark: uncapped it is (mark − index)/index/24
        w.Advance(10);
        var second = w.LastBlockEvents<FundingSettled>().Single();
        second.MarkTwap.ShouldBe(w.Perps.Markets["A"].Mark);
        second.Rate.ShouldBe(X("0.001"));
        var uncapped = (second.MarkTwap - second.IndexTwap).Div(second.IndexTwap, Rounding.Down).DivInt(24, Rounding.Down);
        Math.Abs(uncapped.ToDouble() - 0.1025 / 24).ShouldBeLessThan(1e-12);

        // the long pays size·Δcumulative = 47.619047619047619047·0.004 = 0.190476190476… TAO → 190,476,191 rao (rounded up)
        w.RunOk(new ClosePerp(id).From("t1"));
        var closed = w.AllEvents<PerpClosed>().Single();
        closed.FundingPaid.ShouldBeTrue();
        closed.Funding.ShouldBe(Rao(190_476_190));
        w.Perps.FundingFromTradersRao.ShouldBe((Int128)190_476_190);
    }

    [Fact]
    public void Uncapped_funding_follows_the_twaps()
    {
        var p = new PerpsParameters { FundingIntervalBlocks = 10, TwapBlocks = 10, MaxFundingRatePpb = Ppb.One };
        var w = TaoQuotedMarket(p);
        long created = w.Height;
        w.Open(Short("t1", "A", 10, "10"));
        w.Advance(created + 20 - w.Height);
        var e = w.LastBlockEvents<FundingSettled>().Single();
        // a 10× short of 10 TAO: Y' = 950, X' = 1e6/950 = 1,052.63…; mark = 2·950/1,052.63… = 1.805
        // rate = (1.805 − 2)/2/24 = −0.0975/24 = −0.0040625 (shorts pay when negative)
        Math.Abs(e.Rate.ToDouble() + 0.0040625).ShouldBeLessThan(1e-15);
        e.IndexTwap.ShouldBe(X("2"));
    }
}
