using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Bounds;

/// <summary>
/// Issue 8, item 7: market creation is bounded so that the hooks' arithmetic cannot overflow 128-bit Fixed
/// (≈ 1.7e20). The vAMM holds its depth D ≤ 4·B and the net size, and D² appears only inside a 256-bit product
/// (D·D/X), so B ≤ 1e15 keeps every value far inside the range. Before, with k = X·Y held in Fixed, a 1e10 market
/// overflowed k in the block hook after a deepening (exec exit 1) and a 1e11 one made every open fail.
/// </summary>
public class ArithmeticBoundsTests
{
    [Fact]
    public void A_market_at_the_maximum_reserve_runs_through_4x_depth_and_extreme_prices_without_an_exception()
    {
        var w = Create(traderTao: 1_000); // the default σ_ref = 0.0005: the controller deepens to 4× on the first big move
        w.RunOk(Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(50_000)).From(Lender));
        w.RunOk(Market("A", AlphaTao, "1000000000000000", quoteIsTao: true));
        w.Open(Long("t1", "A", 100, "10"));
        w.Open(Short("t2", "A", 100, "10"));
        w.Open(Long("t3", "A", 100, "40"));
        w.Open(Short("t4", "A", 100, "40"));
        // Index jumps of up to 1e9× per block, across [1e-9, 1e9], and funding intervals in between.
        string[] path = ["1000", "0.001", "1000000000", "0.000000001", "5", "1000000", "0.5", "2"];
        foreach (var price in path)
        {
            w.RunOk(Post(AlphaTao, price));
            w.Perps.Markets["A"].DepthScale.ShouldBe(X("4"));
            w.Advance(150); // feeds stay fresh for 600 blocks; two of these cross a funding interval
        }
        var m = w.Perps.Markets["A"];
        // D = 4·B at most: every product in the vAMM (D·D/X with a 256-bit intermediate) stays inside Fixed
        m.Depth.ShouldBe(X("4000000000000000"));
        w.Controller.Steps.ShouldBeGreaterThan(1_000);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
        // a new position still opens on the deepened market at the bound
        w.Open(Long("t5", "A", 10, "2"));
    }

    [Fact]
    public void A_market_above_the_bound_is_refused_at_creation()
    {
        var w = Create();
        w.RunOk(Post(AlphaTao, "1"));
        var r = w.Run(Market("A", AlphaTao, "1000000000000000.000000000000000001", quoteIsTao: true));
        r.Accepted.ShouldBeFalse();
        r.Error.ShouldBe(PerpsErrors.BaseReserveTooLarge);
        r.Message!.ShouldContain("at most 1000000000000000");
        w.Perps.Markets.ShouldBeEmpty();
    }

    [Fact]
    public void The_bound_is_far_inside_Fixed_at_four_times_depth()
    {
        // D = 4·B = 4e15; Y = D²/X through one 256-bit product: at the long cap (X ≈ D) Y ≈ D, and an exit's units are
        // at most Y. Fixed's largest value is Int128.MaxValue/1e18 ≈ 1.7e20, 40,000 times D.
        var d = PerpsModule.MaxBaseReserve.MulInt(4);
        var y = PerpsBook.QuoteReserve(d, d - d.DivInt(1_000, Rounding.Down)); // even 0.1% short of balance (far past any cap)
        (new Fixed(Int128.MaxValue).Div(y, Rounding.Down) >= Fixed.FromInt(10_000)).ShouldBeTrue();
        // a trade and its exit at the largest depth are exact to a few units of the last place
        PerpsBook.TryTrade(d, Fixed.Zero, isLong: true, X("1000"), out var size).ShouldBeTrue();
        PerpsBook.TryExitUnits(d, size, size, out var units).ShouldBeTrue();
        (X("1000") - units <= new Fixed(1_000)).ShouldBeTrue($"{units}");
    }
}
