using System.Net;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Hostile;

/// <summary>Hostile input over real HTTP: never a 5xx, always a problem with a code, and the chain untouched.</summary>
public sealed class HostileInputTests
{
    /// <summary>The issue asks for at least 10,000; <c>BALLAST_HOSTILE_REQUESTS</c> runs more.</summary>
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("BALLAST_HOSTILE_REQUESTS"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    public async Task Ten_thousand_generated_bad_requests_get_no_5xx_and_leave_the_state_hash_unchanged()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var before = await node.StateHash();
        long height = node.Host.Chain.Height;
        var (queries, types) = node.Host.Chain.Read(e => (e.Queries.Names.ToList(), e.Catalog.Names.ToList()));
        var generator = new HostileRequests(new Random(20261201), node.ChainId, queries, types);
        var requests = Enumerable.Range(0, Count).Select(_ => generator.Next()).ToList();
        var statuses = new int[requests.Count];
        var withoutCode = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancel) =>
        {
            var (method, path, body) = requests[i];
            using var message = new HttpRequestMessage(method, path);
            if (body is not null) message.Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
            HttpResponseMessage response;
            try
            {
                response = await node.Http.SendAsync(message, cancel);
            }
            catch (HttpRequestException e)
            {
                lock (withoutCode) withoutCode.Add($"{method} {path} ({body?.Length} bytes): no response: {e.Message} {e.InnerException?.Message}");
                return;
            }
            using var _ = response;
            statuses[i] = (int)response.StatusCode;
            if (statuses[i] >= 400)
            {
                var text = await response.Content.ReadAsStringAsync(cancel);
                // Kestrel refuses a request line it cannot parse (a NUL in the path) before any middleware: a bare 400.
                bool protocolLevel = text.Length == 0 && statuses[i] == 400 && path.Contains("%00", StringComparison.Ordinal);
                if (!protocolLevel && !text.Contains("\"code\"", StringComparison.Ordinal))
                    lock (withoutCode) withoutCode.Add($"{method} {path} → {statuses[i]}: {text}");
            }
        });
        var fives = statuses.Select((s, i) => (s, i)).Where(p => p.s >= 500).Select(p => $"{requests[p.i].Method} {requests[p.i].Path} → {p.s}").ToList();
        fives.ShouldBeEmpty();
        withoutCode.Take(10).ShouldBeEmpty();
        statuses.Count(s => s is >= 400 and < 500).ShouldBeGreaterThan(requests.Count * 9 / 10);
        statuses.ShouldContain(413);
        statuses.ShouldContain(401);
        statuses.ShouldContain(400);
        node.Host.Chain.Height.ShouldBe(height);
        (await node.StateHash()).ShouldBe(before);
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_problems_with_the_RateLimited_code()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { RequestsPerSecondPerClient = 20 });
        // All at once, so they arrive within one refill period even on a slow machine.
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var r = await node.Http.GetAsync("/api/chain");
            return (r.StatusCode, Code: r.StatusCode == HttpStatusCode.TooManyRequests ? (await node.Json(r)).GetProperty("code").GetString() : null);
        }));
        var statuses = answers.Select(a => a.StatusCode).ToList();
        answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).Select(a => a.Code).Distinct().ShouldBe(["RateLimited"]);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(20);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Development_controls_are_refused_with_DevModeOnly_outside_development_mode()
    {
        using var place = Stores.Create("sqlite");
        var keys = Path.Combine(Path.GetTempPath(), $"ballast-keys-{Guid.NewGuid():N}.json");
        using (var key = Signing.KeyRing.DevKey("dev1"))
            File.WriteAllText(keys, $"{{\"dev1\": \"{Signing.KeyRing.PublicHex(key)}\"}}");
        try
        {
            await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { Development = false, KeysFile = keys });
            foreach (var path in (string[])["/dev/mine", "/dev/snapshot", "/dev/impersonate", "/dev/mining?mode=manual"])
            {
                using var r = await node.Post(path, "{}");
                await Api.SignedTransactionTests.ShouldBeProblem(node, r, HttpStatusCode.Forbidden, "DevModeOnly");
            }
            // Only keys in the file sign: dev1 can, dev2 (no entry) cannot.
            (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "1 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
            using var unknown = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev2", 0, "dev1", "1 TAO"));
            await Api.SignedTransactionTests.ShouldBeProblem(node, unknown, HttpStatusCode.Unauthorized, "UnknownSigner");
        }
        finally
        {
            File.Delete(keys);
        }
    }
}
