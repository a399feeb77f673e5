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

    /// <summary>
    /// The batch answer is written as UTF-8 straight into the response, and events copy their kept JSON: the bytes must be
    /// those of the way before, each receipt serialized as a record (its events' data parsed into a document and
    /// written back out) and the texts joined in brackets, problems as their own text.
    /// </summary>
    [Fact]
    public async Task A_batch_answer_is_byte_for_byte_the_receipts_serialized_as_records_and_joined()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var items = new List<string>
        {
            DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "1.5 TAO"),
            DevSigner.Body(node.ChainId, "dev2", 0, new { type = "perps.open", market = "TAO-USD", side = "long", margin = "10 TAO", leverage = "20" }),
            DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "9 TAO"), // reused nonce: a problem
            DevSigner.Body(node.ChainId, "dev3", 0, new { type = "margin.open", netuid = 3, collateral = "10 TAO", leverage = "2", maxSlippageBps = 500 }),
        };
        using var response = await node.Post("/api/transactions/batch", "[" + string.Join(",", items) + "]");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var text = await response.Content.ReadAsStringAsync();
        var answers = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        answers.Count.ShouldBe(4);
        var chain = node.Host.Chain;
        var expected = new List<string>();
        foreach (var answer in answers)
        {
            if (!answer.TryGetProperty("accepted", out _))
            {
                expected.Add(answer.GetRawText()); // a problem, written as its own text
                continue;
            }
            var receipt = chain.ReceiptOf(answer.GetProperty("hash").GetString()!).ShouldNotBeNull();
            receipt.Events.Count.ShouldBeGreaterThan(0);
            // The record as the serializer wrote it before: the same properties, events with their data as a document.
            expected.Add(JsonSerializer.Serialize(new
            {
                hash = receipt.Hash, block = receipt.Block, index = receipt.Index, type = receipt.Type, sender = receipt.Sender, nonce = receipt.Nonce,
                accepted = receipt.Accepted, code = receipt.Code, message = receipt.Message,
                events = receipt.Events.Select(e => new { seq = e.Seq, block = e.Block, txIndex = e.TxIndex, txHash = e.TxHash, name = e.Name, data = e.Data }),
            }, chain.Json));
            // The single-receipt answer is the same text.
            using var single = await node.Http.GetAsync($"/api/transactions/{receipt.Hash}");
            (await single.Content.ReadAsStringAsync()).ShouldBe(expected[^1]);
            chain.TextOf(receipt).ShouldBe(expected[^1]);
        }
        answers[2].GetProperty("code").GetString().ShouldBe("NonceReused");
        text.ShouldBe("[" + string.Join(",", expected) + "]");
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
