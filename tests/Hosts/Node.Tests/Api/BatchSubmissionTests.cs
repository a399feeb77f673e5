using System.Net;
using System.Text.Json;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>
/// <c>POST /api/transactions/batch</c>: each submission is checked and queued as if sent alone, in order; the answer
/// holds each one's receipt or problem in the same order; the same batch again returns the same receipts and applies
/// nothing twice; a batch that is not an array, empty or too long is refused whole.
/// </summary>
public sealed class BatchSubmissionTests
{
    [Fact]
    public async Task A_batch_answers_each_submission_in_order_as_if_sent_alone()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var before = await node.Balance("dev2");
        var items = new List<string>();
        for (ulong n = 0; n < 30; n++) items.Add(DevSigner.Transfer(node.ChainId, "dev1", n, "dev2", "1 TAO"));     // 0–29: accepted
        items.Add(DevSigner.Transfer(node.ChainId, "dev1", 5, "dev2", "1 TAO").Replace("1 TAO", "2 TAO"));    // 30: text changed after signing
        items.Add(DevSigner.Transfer(node.ChainId, "dev1", 3, "dev2", "7 TAO"));                                     // 31: reused nonce
        items.Add(DevSigner.Transfer(node.ChainId, "dev3", 0, "dev2", "1000000 TAO"));                               // 32: the engine refuses
        items.Add("{\"signed\": 5}");                                                                                 // 33: malformed
        items.Add(DevSigner.Transfer(node.ChainId, "dev3", 1, "dev2", "3 TAO"));                                     // 34: accepted (its nonce follows 32's)
        var body = "[" + string.Join(",", items) + "]";

        using var response = await node.Post("/api/transactions/batch", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answers = (await node.Json(response)).EnumerateArray().ToList();
        answers.Count.ShouldBe(items.Count);
        for (int i = 0; i < 30; i++)
        {
            answers[i].GetProperty("accepted").GetBoolean().ShouldBeTrue(answers[i].ToString());
            answers[i].GetProperty("nonce").GetUInt64().ShouldBe((ulong)i);
        }
        answers[30].GetProperty("code").GetString().ShouldBe("BadSignature");
        answers[30].GetProperty("status").GetInt32().ShouldBe(401);
        answers[31].GetProperty("code").GetString().ShouldBe("NonceReused");
        answers[32].GetProperty("code").GetString().ShouldBe("InsufficientBalance");
        answers[32].GetProperty("status").GetInt32().ShouldBe(422);
        answers[33].GetProperty("code").GetString().ShouldBe("MalformedRequest");
        answers[34].GetProperty("accepted").GetBoolean().ShouldBeTrue(answers[34].ToString());
        decimal Tao(string balance) => decimal.Parse(balance.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        (Tao(await node.Balance("dev2")) - Tao(before)).ShouldBe(33_000_000_000m, "33 TAO in rao");

        // The same batch again: the same receipts (by hash), nothing applied twice.
        var hash = await node.StateHash();
        using var again = await node.Post("/api/transactions/batch", body);
        var second = (await node.Json(again)).EnumerateArray().ToList();
        for (int i = 0; i < 30; i++) second[i].GetProperty("hash").GetString().ShouldBe(answers[i].GetProperty("hash").GetString());
        second[34].GetProperty("hash").GetString().ShouldBe(answers[34].GetProperty("hash").GetString());
        (await node.StateHash()).ShouldBe(hash);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[1, 2")]
    [InlineData("\"text\"")]
    public async Task A_batch_that_is_not_a_non_empty_array_is_refused(string body)
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var hash = await node.StateHash();
        using var response = await node.Post("/api/transactions/batch", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await node.Json(response)).GetProperty("code").GetString().ShouldBe("MalformedRequest");
        (await node.StateHash()).ShouldBe(hash);
    }

    [Fact]
    public async Task More_than_a_thousand_submissions_are_refused_whole()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options) with { MaxRequestBytes = 1 << 20 });
        var body = "[" + string.Join(",", Enumerable.Repeat("{\"signed\":\"x\",\"signature\":\"y\"}", 1001)) + "]";
        using var response = await node.Post("/api/transactions/batch", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await node.Json(response)).GetProperty("detail").GetString()!.ShouldContain("1 to 1,000");
    }
}
