using System.Globalization;
using System.Text;
using Ballast.Core.Numerics;
using Ballast.Simulation.Prices;

namespace Ballast.Simulation.Tests.Prices;

public class CalibrationTests
{
    /// <summary>A synthetic hourly series from a GBM of known volatility, written as a CSV.</summary>
    private static PriceSeries Synthetic(IPriceModel model, int rows, ulong seed)
    {
        var path = model.Start(100, new DeterministicRandom(seed));
        var csv = new StringBuilder("time,close\n");
        var t = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < rows; i++)
        {
            csv.Append(t.AddHours(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
               .Append(path.Price.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            path.Step();
        }
        return PriceSeries.Parse("synthetic.csv", csv.ToString(), "close");
    }

    private static double Param(IReadOnlyList<FittedModel> fits, string kind, string name) =>
        fits.Single(f => f.Kind == kind).Parameters.Single(p => p.Name == name).Value;

    [Fact]
    public void Gbm_fit_recovers_the_annual_volatility_of_a_gbm_series()
    {
        double hoursPerYear = 365 * 24, sigmaYear = 0.8;
        var fits = Calibration.Fit(Synthetic(new GbmModel(0, sigmaYear / Math.Sqrt(hoursPerYear)), 20_000, 3));
        // Relative standard error of a volatility estimate: 1/√(2n).
        Param(fits, "gbm", "volatilityPerYear").ShouldBe(sigmaYear, 4 * sigmaYear / Math.Sqrt(2 * 20_000));
    }

    [Fact]
    public void Laplace_fit_recovers_the_scale_of_laplace_returns()
    {
        double hoursPerYear = 365 * 24, b = 0.01;
        var fits = Calibration.Fit(Synthetic(new LaplaceModel(0, b), 20_000, 5));
        // volatilityPerYear = √2·b·√(periods per year).
        Param(fits, "laplace", "volatilityPerYear").ShouldBe(Math.Sqrt(2) * b * Math.Sqrt(hoursPerYear), 0.03 * Math.Sqrt(2) * b * Math.Sqrt(hoursPerYear));
    }

    [Fact]
    public void Merton_fit_finds_the_jump_rate_of_rare_large_jumps()
    {
        double hoursPerYear = 365 * 24;
        var fits = Calibration.Fit(Synthetic(new MertonJumpModel(0, 0.002, 0.01, -0.1, 0.01), 40_000, 7));
        Param(fits, "merton", "jumpsPerYear").ShouldBe(0.01 * hoursPerYear, 0.2 * 0.01 * hoursPerYear);
        Param(fits, "merton", "jumpMean").ShouldBe(-0.1, 0.01);
    }
}
