using Ballast.Core.Numerics;
using Ballast.Margin.Lending;
using FsCheck;
using FsCheck.Fluent;

namespace Ballast.Margin.Tests.Lending;

/// <summary>
/// The kinked rate per 360 blocks (FeeManager._dynamicBorrowRatePer360): r = base + U·slope1/kink up to the kink,
/// base + slope1 + (U − kink)·slope2/(1 − kink) above it. Mainnet: base 0.005%, slope1 0.015%, slope2 0.08%, kink 80%;
/// README: base 0.003%, 0.012% at the kink.
/// </summary>
public class BorrowRateModelTests
{
    [Theory]
    // mainnet: 50,000 + U·150,000/0.8 below the kink; 200,000 + (U − 0.8)·800,000/0.2 above it
    [InlineData("mainnet", 0, 50_000)]
    [InlineData("mainnet", 10_000_000, 51_875)]         // 1%: 50,000 + 0.01·150,000/0.8 = 51,875
    [InlineData("mainnet", 500_000_000, 143_750)]       // 50%: 50,000 + 93,750
    [InlineData("mainnet", 800_000_000, 200_000)]       // the kink: 0.020%
    [InlineData("mainnet", 850_000_000, 400_000)]       // 85%: 200,000 + 0.05·800,000/0.2 = 200,000 + 200,000
    [InlineData("mainnet", 900_000_000, 600_000)]       // the utilisation cap
    [InlineData("mainnet", 1_000_000_000, 1_000_000)]   // 100%: 0.1%
    [InlineData("mainnet", 2_000_000_000, 1_000_000)]   // clamped at 100%
    [InlineData("mainnet", 799_999_999, 199_999)]       // 50,000 + ⌊799,999,999·150,000/800,000,000⌋ = 50,000 + 149,999
    [InlineData("mainnet", 800_000_001, 200_000)]       // 200,000 + ⌊1·800,000/200,000,000⌋ = 200,000 + 0: no jump at the kink
    [InlineData("readme", 0, 30_000)]
    [InlineData("readme", 800_000_000, 120_000)]        // 0.012% at the kink
    [InlineData("readme", 850_000_000, 320_000)]        // 120,000 + 200,000
    public void Rate_per_360_blocks_at_utilisation(string preset, long utilisationPpb, long expectedPpb)
    {
        var p = preset == "mainnet" ? MarginParameters.Mainnet : MarginParameters.Readme;
        BorrowRateModel.Rate(new Ppb(utilisationPpb), p).ShouldBe(new Ppb(expectedPpb));
    }

    [Fact]
    public void Rate_never_falls_as_utilisation_rises_and_has_no_jump_at_the_kink()
    {
        var presets = new[] { MarginParameters.Mainnet, MarginParameters.Readme };
        var property = Prop.ForAll(Gen.Choose(0, 1_100_000_000).ToArbitrary(), Gen.Choose(0, 1_000).ToArbitrary(), (u, step) =>
        {
            foreach (var p in presets)
            {
                long r0 = BorrowRateModel.Rate(new Ppb(u), p).Value, r1 = BorrowRateModel.Rate(new Ppb(u + step), p).Value;
                if (r1 < r0) return false;
                // A step of ≤ 1,000 ppb of utilisation moves the rate by at most 1,000·slope2/(1 − kink) + 1 = 5 ppb.
                if (r1 - r0 > 5) return false;
            }
            return true;
        });
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true));
    }
}
