using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Hardening;

/// <summary>
/// Health valued against a 10-block TWAP (<c>HealthValuation.Twap</c>), worked by hand on <see cref="CrashWorld"/>:
/// bob's 2× long (996,006,981,039 alpha, debt 100,005,187,500 rao after the first accrual) and the whale's 380,000-alpha
/// dump in block 363.
/// <list type="bullet">
/// <item>Blocks 3–362 price the pool at p3 = ⌊200,199,400,000,000·1e18/999,003,993,018,961⌋ = 200,398,998,801,799,818
/// (1e-18 TAO per alpha); the dump leaves p = ⌊145,032,212,388,417·1e18/1,379,003,993,018,961⌋ = 105,171,713,151,393,927.</item>
/// <item>At height h the 10-block TWAP holds k = h − 363 blocks of p and 10 − k of p3 (a price set in block 363 counts
/// from 363 on): TWAP = ⌊(k·p + (10 − k)·p3)/10⌋.</item>
/// <item>The value is the sale at spot rescaled to the TWAP: ⌊104,676,156,532·TWAP/p⌋, health ⌊value·1e9/100,005,187,500⌋:
/// k = 0: 199,454,742,524 rao, 1,994,443,963 ppb; k = 5: TWAP 152,785,355,976,596,872, 152,065,449,528 rao,
/// 1,520,575,615 ppb; k = 10: the spot figures, 1,046,707,267 ppb (below 110%).</item>
/// </list>
/// So the dump that makes bob liquidatable at once under spot valuation does so only ten blocks later under the TWAP:
/// a trader who pushes the pool for less than a window moves no one's health.
/// </summary>
public class TwapValuationTests
{
    private static MarginWorld Crashed(HealthValuation rule)
    {
        var world = CrashWorld.Build(b => b.WithParameters(p => p with { HealthValuation = rule, TwapWindowBlocks = 10 }));
        CrashWorld.Crash(world, 380_000);
        return world;
    }

    [Fact]
    public void Spot_valuation_makes_the_dump_liquidate_at_once()
    {
        var world = Crashed(HealthValuation.Spot);
        world.Position(1).HealthPpb.ShouldBe(CrashWorld.HealthAfter380k);
        world.Candidates(3).ShouldBe([1L]);
    }

    [Fact]
    public void Twap_valuation_lags_the_dump_by_its_window()
    {
        var world = Crashed(HealthValuation.Twap);
        world.Height.ShouldBe(363);
        world.Position(1).HealthPpb.ShouldBe(1_994_443_963);
        world.Position(1).Value.ShouldBe(Rao(199_454_742_524));
        world.Candidates(3).ShouldBeEmpty();
        world.Run(new Liquidate(1).From("liq-1")).ShouldBeRejectedWith(MarginErrors.NotLiquidatable);

        world.AdvanceTo(368);
        world.Position(1).HealthPpb.ShouldBe(1_520_575_615);
        world.Position(1).Value.ShouldBe(Rao(152_065_449_528));
        world.Candidates(3).ShouldBeEmpty();

        world.AdvanceTo(373);
        world.Position(1).HealthPpb.ShouldBe(CrashWorld.HealthAfter380k);
        world.Candidates(3).ShouldBe([1L]);
    }

    [Fact]
    public void Worse_of_spot_and_twap_takes_the_spot_after_a_dump()
    {
        var world = Crashed(HealthValuation.WorseOfSpotAndTwap);
        world.Position(1).HealthPpb.ShouldBe(CrashWorld.HealthAfter380k);
        world.Candidates(3).ShouldBe([1L]);
    }

    [Fact]
    public void A_pump_inside_a_window_does_not_rescue_a_position_under_worse_of_valuation()
    {
        // After the dump has aged a full window (block 373: TWAP = p), the whale buys back 200,000 TAO worth in block 374:
        // spot jumps, the TWAP does not, so the worse of the two is still the TWAP and bob stays liquidatable; under
        // spot valuation the same pump lifts him above the threshold.
        foreach (var (rule, liquidatable) in new[] { (HealthValuation.WorseOfSpotAndTwap, true), (HealthValuation.Spot, false) })
        {
            var world = Crashed(rule);
            world.AdvanceTo(373);
            world.WhaleBuys(3, Tao(100_000)).ShouldBeAccepted();
            (world.Position(1).HealthPpb < 1_100_000_000).ShouldBe(liquidatable, rule.ToString());
        }
    }
}
