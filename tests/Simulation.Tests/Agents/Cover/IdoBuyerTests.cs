using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Agents.Cover;

/// <summary>
/// IDO buyers choose cover by its price: cover-year.yaml's first sale (listed at block 7,200, open for a day) with the
/// buyers' highest acceptable premium rate changed. At 210% volatility the module quotes about 20% of the sum insured
/// for the 60-day average-price put with its loading, so buyers who pay at most 1% buy none and buyers who pay
/// anything buy as much as the capacity allows.
/// </summary>
public class IdoBuyerTests
{
    private static double[] LastSample(string maxPremiumRate)
    {
        var file = Repo.Scenario("cover-year.yaml");
        var text = File.ReadAllText(file);
        const string written = "maxPremiumRate: { min: 0.05, max: 0.4 }";
        text.ShouldContain(written);
        var s = ScenarioLoader.Load(file, text.Replace(written, $"maxPremiumRate: {maxPremiumRate}"), Path.GetDirectoryName(file)!, 1)
            with { HorizonBlocks = 15_000 };
        var r = Simulator.Run(s, 1);
        var names = r.SeriesNames.ToList();
        var last = r.Paths[0].Series[^1];
        return [last[names.IndexOf("cover.premiumsTao")], last[names.IndexOf("cover.sumInsuredTao")]];
    }

    [Fact]
    public void Buyers_decline_cover_priced_above_what_they_will_pay_and_take_it_when_below()
    {
        var cheap = LastSample("{ min: 0.01, max: 0.01 }");
        cheap[0].ShouldBe(0);
        cheap[1].ShouldBe(0);
        var any = LastSample("{ min: 1, max: 1 }");
        any[0].ShouldBeGreaterThan(0);
        any[1].ShouldBeGreaterThan(0);
        // The premium is the quoted rate on the sum insured: between the 0.5% minimum and the whole of it, near 20% here.
        (any[0] / any[1]).ShouldBeInRange(0.1, 0.35);
        var mixed = LastSample("{ min: 0.05, max: 0.4 }");
        mixed[1].ShouldBeLessThanOrEqualTo(any[1]);
    }
}
