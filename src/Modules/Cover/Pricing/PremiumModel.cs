using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;

namespace Ballast.Cover.Pricing;

/// <summary>A premium quote: the fair put value and the rate charged (fractions of the sum insured), and the amounts.</summary>
public sealed record PremiumQuote(Fixed FairRate, Fixed PremiumRate, Amount SumInsured, Amount PremiumBase, Amount PremiumPlatform, Fixed PlatformPrice);

/// <summary>
/// The premium of seed 003's "insurance option": the risk-neutral value of the average-price put struck at the IDO
/// price on a token that launches at the IDO price (so a fraction of the sum insured), with the staking yield as the
/// risk-free rate and the project's volatility, averaged over the settlement window, times (1 + loading), plus the
/// project's governance risk factor, at least the minimum rate and at most the whole sum insured.
/// </summary>
internal static class PremiumModel
{
    /// <summary>Blocks in a 365-day year at the chain's block time (2,628,000 at 12 s): the put's years are counted on the clock, not on an assumed block time.</summary>
    public static Fixed BlocksPerYear(int blockSeconds) => Fixed.FromInt(365L * 86_400 / blockSeconds);

    /// <summary>The fair rate: the put's value per unit of IDO price.</summary>
    public static Fixed FairRate(Project project, CoverParameters p, int blockSeconds) =>
        AsianPut.Value(new AsianPutInputs(
            Spot: Fixed.One,
            Strike: Fixed.One,
            Volatility: project.Volatility,
            Rate: p.RiskFreeRateBps.ToFixed(),
            Years: Fixed.FromInt(project.SettlementBlock - project.SaleEndBlock).Div(BlocksPerYear(blockSeconds), Rounding.Down),
            AveragingYears: Fixed.FromInt(project.SettlementBlock - project.WindowStartBlock).Div(BlocksPerYear(blockSeconds), Rounding.Down)));

    /// <summary>The rate charged: fair·(1 + loading) + risk factor, clamped to [minimum rate, 1].</summary>
    public static (Fixed Fair, Fixed Charged) Rate(Project project, CoverParameters p, int blockSeconds)
    {
        var fair = FairRate(project, p, blockSeconds);
        var loaded = fair.Mul(Fixed.One + p.LoadingPpb.ToFixed(), Rounding.Up) + Fixed.Ratio(project.RiskAdjustmentBps, 10_000, Rounding.Up);
        var charged = Fixed.Min(Fixed.One, Fixed.Max(loaded, p.MinPremiumRateBps.ToFixed()));
        return (fair, charged);
    }

    /// <summary>The quote for <paramref name="tokens"/> at the platform price (base per platform token); rounded up, for the fund.</summary>
    public static PremiumQuote Quote(Project project, CoverParameters p, Amount tokens, Fixed platformPrice, int blockSeconds)
    {
        var (fair, charged) = Rate(project, p, blockSeconds);
        var sumInsured = project.IdoPrice.MulAmount(tokens, Rounding.Down);
        var premiumBase = charged.MulAmount(sumInsured, Rounding.Up);
        var premiumPlatform = platformPrice.IsPositive ? platformPrice.DivAmount(premiumBase, Rounding.Up) : Amount.Zero;
        return new PremiumQuote(fair, charged, sumInsured, premiumBase, premiumPlatform, platformPrice);
    }
}
