using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Pricing;
using Shouldly;

namespace Ballast.Cover.Tests.Pricing;

/// <summary>
/// The put's tenor is counted in years on the chain's clock: the same 60-day cover priced on 12-second blocks and on
/// 6-second blocks (twice the blocks) costs the same, and the same number of blocks on 6-second blocks (half the days)
/// costs less.
/// </summary>
public class PremiumClockTests
{
    private static Project Window(long coverBlocks) => new()
    {
        Id = 1, Owner = "owner", Token = "IDO", EscrowAccount = "cover:escrow:1", IdoPrice = Fixed.One, SaleSupply = Amount.Tokens(1_000),
        SaleStartBlock = 1, SaleEndBlock = 100, SettlementBlock = 100 + coverBlocks, WindowStartBlock = 100,
        PriceSource = "feed:IDO/TAO", Volatility = Fixed.Parse("0.8"), Averaging = AveragingRule.Twap,
    };

    [Fact]
    public void The_same_sixty_days_cost_the_same_whatever_the_block_time()
    {
        var p = new CoverParameters();
        var at12 = PremiumModel.FairRate(Window(60 * 7_200), p, blockSeconds: 12);
        var at6 = PremiumModel.FairRate(Window(60 * 14_400), p, blockSeconds: 6);
        at6.ShouldBe(at12);
        at12.ShouldBeGreaterThan(Fixed.Zero);
        // The same block count on 6-second blocks is 30 days: a shorter put, worth less.
        PremiumModel.FairRate(Window(60 * 7_200), p, blockSeconds: 6).ShouldBeLessThan(at12);
    }

    [Fact]
    public void A_year_is_counted_on_the_clock()
    {
        PremiumModel.BlocksPerYear(12).ShouldBe(Fixed.FromInt(2_628_000));
        PremiumModel.BlocksPerYear(6).ShouldBe(Fixed.FromInt(5_256_000));
    }
}
