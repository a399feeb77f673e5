using Ballast.Core.Numerics;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Lifecycle;

/// <summary>The post-assessment book worked by hand on T = 100 ticks: pairs, transfers, one-time and passive liquidity.</summary>
public class PostAssessmentBookTests
{
    private static Amount T(decimal tao) => Tao.Of(tao);

    private static (UwWorld W, long Vault, long Id) Approved()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.CreditLine(vault);
        w.RunOk(new BuyLong(id, T(21.25m)), "ann"); // 30 longs
        w.DrawAndApprove(id);
        return (w, vault, id);
    }

    [Fact]
    public void A_long_bought_from_a_short_bid_mints_a_pair_holding_one_unit_per_bond()
    {
        var (w, vault, id) = Approved();
        w.RunOk(new LockVt(vault, T(50)), "dee");
        w.RunOk(new PlaceOrder(id, OrderSide.BuyShort, 40, T(10)), "dee"); // escrows 10·0.6 = 6
        var before = w.State.Instruments[id].Collateral;
        w.RunOk(new Trade(id, TradeSide.BuyLong, T(10), 45), "ben"); // pays 10·0.4 = 4
        w.Holding(id, "ben")!.Long.ShouldBe(T(10));
        w.Holding(id, "dee")!.Short.ShouldBe(T(10));
        (w.State.Instruments[id].Collateral - before).ShouldBe(T(10));
        w.State.Instruments[id].Orders.Count.ShouldBe(0); // one-time liquidity: consumed
        w.AssertBooks(id);
    }

    [Fact]
    public void A_sweep_crosses_ticks_best_price_first_and_consumes_what_it_crosses()
    {
        var (w, _, id) = Approved();
        w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 80, T(5)), "ben");
        w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 90, T(5)), "dee");
        w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 70, T(5)), "val");
        var before = w.Tao("ann");
        w.RunOk(new LockVt(1, T(100)), "ann"); // locked VT worth more than the notional: no selling fee
        w.RunOk(new Trade(id, TradeSide.SellLong, T(8), 75), "ann");
        // 5 at 0.9 then 3 at 0.8; the 0.7 bid is past the limit and stays.
        (w.Tao("ann") - before).ShouldBe(T(4.5m) + T(2.4m));
        w.Holding(id, "dee")!.Long.ShouldBe(T(5));
        w.Holding(id, "ben")!.Long.ShouldBe(T(3));
        w.State.Instruments[id].LastTick.ShouldBe(80);
        w.State.Instruments[id].Orders.Values.Select(o => (o.Tick, o.Bonds)).ShouldBe([(80, T(2)), (70, T(5))], ignoreOrder: true);
        w.AssertBooks(id);
    }

    [Fact]
    public void Passive_liquidity_is_recycled_one_tick_further_and_keeps_the_spread()
    {
        var (w, vault, id) = Approved();
        w.RunOk(new LockVt(vault, T(50)), "ben"); // no selling fee for ben's passive sales
        w.RunOk(new PlaceOrder(id, OrderSide.BuyLong, 50, T(10), Passive: true), "ben"); // escrows 5
        w.RunOk(new LockVt(vault, T(100)), "ann");
        w.RunOk(new Trade(id, TradeSide.SellLong, T(10), 50), "ann");
        // ben's 10 longs are now offered at 0.51, not held.
        var offer = w.State.Instruments[id].Orders.Values.Single();
        (offer.Side, offer.Tick, offer.Bonds, offer.Passive).ShouldBe((OrderSide.SellLong, 51, T(10), true));
        (w.Holding(id, "ben")?.Long ?? Amount.Zero).ShouldBe(Amount.Zero);
        w.AssertBooks(id);
        w.RunOk(new Trade(id, TradeSide.BuyLong, T(10), 60), "dee"); // pays 5.1
        w.Holding(id, "dee")!.Long.ShouldBe(T(10));
        // The 5.1 bid again at 0.50: 10.2 bonds — one tick of spread kept.
        var bid = w.State.Instruments[id].Orders.Values.Single();
        (bid.Side, bid.Tick, bid.Bonds, bid.Escrow).ShouldBe((OrderSide.BuyLong, 50, T(10.2m), T(5.1m)));
        w.AssertBooks(id);
        var before = w.Tao("ben");
        w.RunOk(new CancelOrder(id, w.State.Instruments[id].Orders.Keys.Single()), "ben");
        (w.Tao("ben") - before).ShouldBe(T(5.1m));
        w.AssertBooks(id);
    }

    [Fact]
    public void Offered_bonds_go_back_to_their_holder_at_resolution_and_redeem()
    {
        var (w, _, id) = Approved();
        w.RunOk(new PlaceOrder(id, OrderSide.SellLong, 99, T(10)), "ann");
        w.Holding(id, "ann")!.Long.ShouldBe(T(20));
        w.RunOk(new Repay(id, T(20)), UwWorld.Borrower);
        w.RunOk(new Resolve(id), "lp-1");
        w.Holding(id, "ann")!.Long.ShouldBe(T(30));
        w.Holding(id, "ann")!.RedemptionValue.ShouldBe(T(30));
        w.AssertBooks(id);
    }
}
