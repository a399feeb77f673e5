using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Hardening;

/// <summary>
/// The hardened open checks, worked by hand on SN3: 100,000 TAO against 2,000,000 alpha (spot 0.05), 10,000 TAO of LP
/// liquidity, bob at tier 0 (2×).
/// </summary>
public class OpenLimitTests
{
    private static MarginWorld World(Func<MarginParameters, MarginParameters> options) => MarginWorldBuilder.Create()
        .WithSubnet(3, 100_000, "0.05")
        .WithLp("lp-ann", 10_000)
        .WithTrader("bob", 2_000)
        .WithPair(3)
        .WithParameters(options)
        .Build();

    /// <summary>1% of the 100,000-TAO reserve is 1,000 TAO of gross notional: 500 TAO at 2× is exactly at the limit, one rao more is not.</summary>
    [Fact]
    public void Depth_limit_admits_exactly_its_share_of_the_tao_reserve()
    {
        var world = World(p => p with { MaxPositionDepthPpb = new(10_000_000) });
        world.Run(new OpenPosition(3, Tao(500.000000001m), X("2"), 1_000).From("bob"))
            .ShouldBeRejectedWith(MarginErrors.PositionTooLarge, "a position of 1000.000000002 TAO gross is above 1% of subnet 3's 100000.000000000 TAO pool (1000.000000000 TAO)");
        world.Open("bob", 3, Tao(500), "2");
        world.State.Positions[1].Borrowed.ShouldBe(Tao(500));
    }

    /// <summary>
    /// A buy of Δ TAO moves a constant-product spot to (100,000 + Δ)²/2e11 while the TWAP, which does not see the current
    /// block, stays 0.05: Δ = 1,000 gives 0.051005 (+2.01%), refused against a 2% bound; Δ = 990 gives 0.0509949 (+1.99%), admitted.
    /// </summary>
    [Theory]
    [InlineData(1_000, false)]
    [InlineData(990, true)]
    public void Opens_wait_while_spot_is_pushed_away_from_the_twap(int push, bool admitted)
    {
        var world = World(p => p with { MaxOpenTwapDeviationPpb = new(20_000_000) });
        world.AdvanceTo(20);
        var block = world.Block(
            new Swap(3, SwapDirection.TaoToAlpha, Tao(push), Rao(0)).From(MarginWorldBuilder.Whale),
            new OpenPosition(3, Tao(10), X("2"), 1_000).From("bob"));
        block.Results[0].ShouldBeAccepted();
        if (admitted) block.Results[1].ShouldBeAccepted();
        else block.Results[1].ShouldBeRejectedWith(MarginErrors.PriceAwayFromTwap, "is 2.01% from its 30-block TWAP 0.05");
    }

    /// <summary>
    /// A 10× open by dave (tier 5: the 0.3% trading fee less 50%) buys with 998.5 TAO of its 1,000 gross and owes 900. On
    /// a fee-free constant-product pool selling back what a buy bought returns exactly what it paid, so at spot the
    /// position opens at 998.5/900 = 110.94% health, 0.94 points above the threshold (the deployed contract: a move of
    /// under 1% liquidates it). Its own
    /// 1,000-TAO buy lifted spot about 2% above the TWAP, so valued at the worse of the two it starts below 110%:
    /// refused under the opening check.
    /// </summary>
    [Fact]
    public void A_ten_times_open_that_starts_liquidatable_is_refused_under_the_opening_check()
    {
        foreach (var (check, accepted) in new[] { (OpenValuation.WorseOfSpotAndTwap, false), (OpenValuation.Unchecked, true) })
        {
            var world = MarginWorldBuilder.Create().WithSubnet(3, 100_000, "0.05").WithLp("lp-ann", 10_000).WithTrader("dave", 2_000, tierAlpha: 10_000)
                .WithPair(3).WithParameters(p => p with { OpenValuation = check }).Build();
            var r = world.Run(new OpenPosition(3, Tao(100), X("10"), 1_000).From("dave"));
            r.Accepted.ShouldBe(accepted, r.ToString());
            if (accepted) world.Position(1).HealthPpb.ShouldBeInRange(1_109_444_443L, 1_109_444_444L, "998.5/900 at spot, less rounding");
            else r.ShouldBeRejectedWith(MarginErrors.OpenBelowThreshold);
        }
    }
}
