using System.Diagnostics;
using System.Net;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Pipeline;

/// <summary>
/// Automined blocks start at least <see cref="ChainSettings.AutomineSpacing"/> apart: transactions sent one after the
/// other, each waiting for its receipt, land in blocks of their own that far apart (a lower bound on the time taken,
/// which no machine can make shorter); sent together they share a block.
/// </summary>
public sealed class AutomineSpacingTests
{
    [Fact]
    public async Task Automined_blocks_start_at_least_the_spacing_apart_and_gather_what_arrives_meanwhile()
    {
        using var place = Stores.Create("sqlite");
        var spacing = TimeSpan.FromMilliseconds(150);
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { AutomineSpacing = spacing } });
        long start = node.Host.Chain.Height;
        var clock = Stopwatch.StartNew();
        for (ulong n = 0; n < 4; n++)
        {
            using var r = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", n, "dev2", "1 TAO"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        // Four blocks, the three after the first each at least the spacing after the one before.
        node.Host.Chain.Height.ShouldBe(start + 4);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(3 * spacing);

        // Twenty sent at once (one batch, queued together): one or two blocks hold them all.
        long before = node.Host.Chain.Height;
        var batch = Enumerable.Range(4, 20).Select(n => DevSigner.Transfer(node.ChainId, "dev1", (ulong)n, "dev2", "1 TAO"));
        using (var r = await node.Post("/api/transactions/batch", "[" + string.Join(",", batch) + "]"))
        {
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.Json(r)).EnumerateArray().Count(a => a.TryGetProperty("accepted", out var ok) && ok.GetBoolean()).ShouldBe(20);
        }
        (node.Host.Chain.Height - before).ShouldBeLessThanOrEqualTo(2);
    }
}
