using System.Globalization;
using Xunit.Abstractions;

namespace Ballast.Margin.Tests.Hardening;

/// <summary>
/// What TWAP valuation costs honest users and LPs in a real crash: how many blocks later a long becomes liquidatable
/// when its health is valued at a TWAP instead of spot, on SN3's real path of 2025-02-20 (the day dynamic TAO's
/// prices fell; 0.0449 → 0.0203 TAO per alpha). The file is the <c>sn3</c> column of that day from
/// ../shared/data/market/bittensor-alpha/alpha_price_tao_2min_20250220_20250226.csv (one sample per 10 blocks, held
/// for its 10 blocks). Health is taken without slippage or interest: 0.997·L/(L − 1)·price/entry price (the trading
/// fee paid at open, entry at the day's first sample), liquidatable below 110%; the TWAP is the mean of the last W
/// block prices, as <c>Books.Twap</c> reads the pool's accumulator. Figures printed, pinned, and in docs/margin.md.
/// </summary>
public class CrashLiquidationLagTests(ITestOutputHelper output)
{
    private static double[] Path()
    {
        var lines = File.ReadAllLines(Path2("Hardening/sn3_2025-02-20_2min.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => (Block: long.Parse(f[0], CultureInfo.InvariantCulture), Price: double.Parse(f[1], CultureInfo.InvariantCulture))).ToList();
        var prices = new List<double>();
        for (int i = 0; i < lines.Count; i++)
        {
            long next = i + 1 < lines.Count ? lines[i + 1].Block : lines[i].Block + 10;
            for (long b = lines[i].Block; b < next; b++) prices.Add(lines[i].Price);
        }
        return [.. prices];
    }

    private static string Path2(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, relative);

    /// <summary>First block at which the health valued at spot, and at a <paramref name="window"/>-block TWAP, is below 110%.</summary>
    private static (int Spot, int Twap) FirstLiquidatable(double[] prices, int leverage, int window)
    {
        double start = 0.997 * leverage / (leverage - 1), entry = prices[0];
        var cumulative = new double[prices.Length + 1];
        for (int t = 0; t < prices.Length; t++) cumulative[t + 1] = cumulative[t] + prices[t];
        int spot = -1, twap = -1;
        for (int t = 1; t < prices.Length && (spot < 0 || twap < 0); t++)
        {
            if (spot < 0 && start * prices[t] / entry < 1.1) spot = t;
            int w = Math.Min(window, t);
            if (twap < 0 && start * (cumulative[t] - cumulative[t - w]) / w / entry < 1.1) twap = t;
        }
        return (spot, twap);
    }

    [Theory]
    [InlineData(2, 30, 4_630, 4_650)]
    [InlineData(3, 30, 460, 464)]
    [InlineData(5, 30, 430, 441)]
    [InlineData(10, 30, 20, 40)]
    [InlineData(10, 10, 20, 27)]
    [InlineData(10, 150, 20, 58)]
    public void A_twap_valuation_liquidates_a_real_crash_later_by_at_most_its_window(int leverage, int window, int spotBlock, int twapBlock)
    {
        var prices = Path();
        prices.Length.ShouldBe(7_200); // 720 samples of 10 blocks: the day
        var (spot, twap) = FirstLiquidatable(prices, leverage, window);
        output.WriteLine($"{leverage}x, {window}-block TWAP: spot at block {spot} (price {prices[spot]}), TWAP at block {twap} (price {prices[twap]}): " +
            $"{twap - spot} blocks later, {100 * (1 - prices[twap] / prices[spot]):0.00}% further down");
        // A TWAP over W blocks is an average of W prices: once spot has stayed below the threshold's price for W blocks,
        // the TWAP is below it too. So the lag is at most the window whenever the crash holds that long.
        (twap - spot).ShouldBeInRange(0, window);
        (spot, twap).ShouldBe((spotBlock, twapBlock));
    }
}
