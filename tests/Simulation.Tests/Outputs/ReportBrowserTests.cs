using Ballast.Simulation.Outputs;
using Ballast.Simulation.Tests.Support;
using Microsoft.Playwright;

namespace Ballast.Simulation.Tests.Outputs;

/// <summary>
/// The HTML report in a real browser: Playwright drives Debian's Chromium (never a downloaded one) to open the report
/// from disk with the network off, waits until every chart has drawn, and finds no console error. `.ci/run` installs
/// chromium; without it this test fails and says so.
/// </summary>
public class ReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_report_opens_offline_and_draws_every_chart_without_a_console_error()
    {
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does");
        var results = Simulator.Run(TinyScenarios.Crash(trader: true, paths: 3), 2);
        var folder = Directory.CreateTempSubdirectory("ballast-report-").FullName;
        var files = OutputFolder.Write(folder, results);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Offline = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        var requests = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith("file://", StringComparison.Ordinal)) requests.Add(request.Url); };

        await page.GotoAsync(new Uri(files.Report).AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.ballastChartsExpected > 0 && window.ballastChartsDrawn === window.ballastChartsExpected",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        int expected = await page.EvaluateAsync<int>("() => window.ballastChartsExpected");
        // Three histograms and one fan chart per series.
        expected.ShouldBe(3 + results.SeriesNames.Count);
        (await page.Locator(".chart canvas").CountAsync()).ShouldBeGreaterThanOrEqualTo(expected);
        (await page.Locator("#headline tbody tr").CountAsync()).ShouldBe(Headline.Figures(results.Summary).Count);
        (await page.Locator("#scenario").InnerTextAsync()).ShouldContain("name: tiny-crash");
        errors.ShouldBeEmpty();
        requests.ShouldBeEmpty();
    }
}
