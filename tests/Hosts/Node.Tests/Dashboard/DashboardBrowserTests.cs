using System.Net;
using Ballast.Node.Tests.Support;
using Microsoft.Playwright;

namespace Ballast.Node.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Playwright driving Debian's Chromium (headless, no sandbox; no browser is
/// downloaded). Runs when <c>/usr/bin/chromium</c> exists or <c>BALLAST_TEST_BROWSER</c> is set (<c>.ci/run</c> installs
/// Chromium and sets it, so there a missing browser fails the test).
/// </summary>
public sealed class DashboardBrowserTests
{
    public const string Chromium = "/usr/bin/chromium";

    public static TheoryData<string> Browsers
    {
        get
        {
            var browsers = new TheoryData<string>();
            if (File.Exists(Chromium) || Environment.GetEnvironmentVariable("BALLAST_TEST_BROWSER") is { Length: > 0 }) browsers.Add(Chromium);
            return browsers;
        }
    }

    [Theory]
    [MemberData(nameof(Browsers))]
    public async Task The_dashboard_loads_draws_its_charts_and_shows_a_transaction_sent_through_the_API_live(string chromium)
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var external = new List<string>();
        page.Request += (_, r) => { if (!r.Url.StartsWith(node.Host.Address.ToString(), StringComparison.Ordinal)) external.Add(r.Url); };

        var response = await page.GotoAsync(new Uri(node.Host.Address, "/").ToString());
        response!.Status.ShouldBe(200);
        await page.WaitForSelectorAsync("#chain:has-text('ballast-dev')", new() { Timeout = 30_000 });
        // uPlot draws on canvases: every chart has one, with a size.
        foreach (var id in (string[])["chart-price", "chart-subnets", "chart-margin", "chart-insurance"])
        {
            await page.WaitForSelectorAsync($"#{id} canvas", new() { Timeout = 30_000 });
            var width = await page.EvalOnSelectorAsync<int>($"#{id} canvas", "c => c.width");
            width.ShouldBeGreaterThan(0, id);
        }
        (await page.TextContentAsync("#chart-subnets") ?? "").ShouldContain("SN64");

        // A transaction sent through the API appears live in the event list (the page listens to the event stream).
        using var sent = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "12 TAO"));
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var item = await page.WaitForSelectorAsync("#events li[data-name='ledger.transferred']", new() { Timeout = 30_000 });
        (await item!.TextContentAsync())!.ShouldContain("12000000000");
        await page.WaitForSelectorAsync($"#chain:has-text('block {node.Host.Chain.Height}')", new() { Timeout = 30_000 });
        errors.ShouldBeEmpty();
        external.ShouldBeEmpty();
    }
}
