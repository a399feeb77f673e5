using System.Globalization;
using System.Text;

namespace Ballast.Cli.Tests;

public class CoverCommandTests
{
    /// <summary>A seeded hourly GBM path with σ = 120% a year: the estimate recovers it within sampling error (2,000 returns: ±3.2% relative, 3σ ≈ 10%).</summary>
    [Fact]
    public void Volatility_recovers_the_sigma_of_a_seeded_lognormal_path()
    {
        var rng = new Random(7);
        double sigma = 1.2, dt = 3_600.0 / (365.25 * 86_400), price = 1.0;
        var csv = new StringBuilder("timestamp_utc,block,x\n");
        var start = new DateTimeOffset(2025, 2, 20, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i <= 2_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddHours(i):yyyy-MM-ddTHH:mm:ssK},{i},{price:R}\n");
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            price *= Math.Exp(-sigma * sigma / 2 * dt + sigma * Math.Sqrt(dt) * z);
        }
        var path = Path.Combine(Path.GetTempPath(), $"ballast-vol-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv.ToString());
        try
        {
            var stdout = new StringWriter();
            CoverCommand.Volatility(new FileInfo(path), null, asJson: false, intervalSeconds: 3_600, stdout, new StringWriter()).ShouldBe(0);
            var bps = long.Parse(stdout.ToString().Split('\n').Single(l => l.StartsWith("volatilityBps:", StringComparison.Ordinal))["volatilityBps:".Length..].Trim(), CultureInfo.InvariantCulture);
            bps.ShouldBeInRange(10_800, 13_200);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Volatility_of_sn3_over_the_dtao_launch_week_is_in_the_hundreds_of_percent()
    {
        var file = new FileInfo(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "scenarios", "data", "alpha_price_tao_2min_20250220_20250226_sn3.csv"));
        file.Exists.ShouldBeTrue(file.FullName);
        var stdout = new StringWriter();
        CoverCommand.Volatility(file, "sn3", asJson: false, intervalSeconds: 86_400, stdout, new StringWriter()).ShouldBe(0);
        stdout.ToString().ShouldContain("sn3");
        var bps = long.Parse(stdout.ToString().Split('\n').Single(l => l.StartsWith("volatilityBps:", StringComparison.Ordinal))["volatilityBps:".Length..].Trim(), CultureInfo.InvariantCulture);
        bps.ShouldBeGreaterThan(10_000);
    }

    [Fact]
    public void An_unknown_column_or_file_is_a_clear_error()
    {
        var stderr = new StringWriter();
        CoverCommand.Volatility(new FileInfo("/nonexistent/x.csv"), null, false, 3_600, new StringWriter(), stderr).ShouldBe(1);
        stderr.ToString().ShouldContain("cannot read");
    }
}
