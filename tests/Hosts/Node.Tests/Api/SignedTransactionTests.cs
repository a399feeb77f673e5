using System.Net;
using System.Text.Json;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>Signed envelopes over real HTTP: what is refused, with which code, and that a repeat applies once.</summary>
public sealed class SignedTransactionTests
{
    private const string Tao = "1000000000";

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task A_signed_transfer_is_applied_and_its_receipt_names_block_and_events(string kind)
    {
        using var place = Stores.Create(kind);
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        using var response = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "1.5 TAO"));
        var receipt = await node.Json(response);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, receipt.ToString());
        receipt.GetProperty("accepted").GetBoolean().ShouldBeTrue();
        receipt.GetProperty("block").GetInt64().ShouldBe(node.Host.Chain.SetupHeight + 1);
        receipt.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldContain("ledger.transferred");
        (await node.Balance("dev1")).ShouldBe("99998500000000");
        (await node.Balance("dev2")).ShouldBe("100001500000000");
        (await node.Get("/api/accounts/dev1/nonce")).GetProperty("nonce").GetUInt64().ShouldBe(1UL);
    }

    [Fact]
    public async Task The_same_signed_transaction_twice_returns_the_same_receipt_and_applies_once()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var body = DevSigner.Transfer(node.ChainId, "dev3", 0, "dev4", "10 TAO");
        using var first = await node.Post("/api/transactions", body);
        using var second = await node.Post("/api/transactions", body);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).ShouldBe(await second.Content.ReadAsStringAsync());
        (await node.Balance("dev4")).ShouldBe("100010" + "000000000");
        // Concurrent repeats while the first is still waiting for its block: one transaction, one receipt.
        var again = DevSigner.Transfer(node.ChainId, "dev3", 1, "dev4", "1 TAO");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var r = await node.Post("/api/transactions", again);
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }));
        answers.Select(a => a.StatusCode).Distinct().ShouldBe([HttpStatusCode.OK]);
        answers.Select(a => a.Item2).Distinct().Count().ShouldBe(1);
        (await node.Balance("dev4")).ShouldBe("100011" + "000000000");
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused_as_BadSignature_and_changes_nothing()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var hash = await node.StateHash();
        using var response = await node.Post("/api/transactions",
            DevSigner.Body(node.ChainId, "dev1", 0, new { type = "ledger.transfer", to = "dev5", token = "TAO", amount = "5 TAO" }, signAs: "dev5"));
        await ShouldBeProblem(node, response, HttpStatusCode.Unauthorized, "BadSignature");
        (await node.StateHash()).ShouldBe(hash);
        (await node.Get("/api/accounts/dev1/nonce")).GetProperty("nonce").GetUInt64().ShouldBe(0UL);
    }

    [Fact]
    public async Task A_changed_byte_after_signing_is_refused_as_BadSignature()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var signed = DevSigner.Signed(node.ChainId, "dev1", 0, new { type = "ledger.transfer", to = "dev5", token = "TAO", amount = "5 TAO" });
        var body = JsonDocument.Parse(DevSigner.Body(signed, "dev1")).RootElement;
        var tampered = JsonSerializer.Serialize(new { signed = signed.Replace("5 TAO", "9 TAO"), signature = body.GetProperty("signature").GetString() });
        using var response = await node.Post("/api/transactions", tampered);
        await ShouldBeProblem(node, response, HttpStatusCode.Unauthorized, "BadSignature");
    }

    [Fact]
    public async Task A_transaction_signed_for_another_chain_is_refused_as_WrongChain()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        using var response = await node.Post("/api/transactions", DevSigner.Transfer("ballast-mainnet", "dev1", 0, "dev2", "1 TAO"));
        await ShouldBeProblem(node, response, HttpStatusCode.BadRequest, "WrongChain");
    }

    [Fact]
    public async Task A_reused_nonce_is_refused_as_NonceReused_and_a_skipped_one_as_NonceSkipped()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev6", 0, "dev7", "1 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reused = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev6", 0, "dev7", "2 TAO"));
        await ShouldBeProblem(node, reused, HttpStatusCode.Conflict, "NonceReused");
        using var skipped = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev6", 2, "dev7", "2 TAO"));
        await ShouldBeProblem(node, skipped, HttpStatusCode.Conflict, "NonceSkipped");
        (await node.Balance("dev7")).ShouldBe("100001" + "000000000");
    }

    [Fact]
    public async Task An_engine_rejection_is_a_422_problem_with_the_engines_code_and_uses_the_nonce()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var hash = await node.StateHash();
        using var response = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev8", 0, "dev9", "1000000 TAO"));
        var problem = await ShouldBeProblem(node, response, HttpStatusCode.UnprocessableEntity, "InsufficientBalance");
        problem.GetProperty("detail").GetString()!.ShouldNotBeNullOrWhiteSpace();
        var txHash = problem.GetProperty("hash").GetString()!;
        var receipt = await node.Get($"/api/transactions/{txHash}");
        receipt.GetProperty("accepted").GetBoolean().ShouldBeFalse();
        receipt.GetProperty("code").GetString().ShouldBe("InsufficientBalance");
        (await node.Get("/api/accounts/dev8/nonce")).GetProperty("nonce").GetUInt64().ShouldBe(1UL);
        (await node.Balance("dev8")).ShouldBe("100000" + "000000000");
        // Only the block's hooks moved the state: the rejected transfer left no trace in the balances.
        (await node.StateHash()).ShouldNotBe(hash); // a block was mined (emissions ran)
    }

    [Fact]
    public async Task A_genesis_only_transaction_is_refused_with_the_engines_GenesisOnly_code()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        using var response = await node.Post("/api/transactions",
            DevSigner.Body(DevSigner.Signed(node.ChainId, "dev1", 0, new { type = "ledger.genesisAccount", name = "x", balances = new { } }), "dev1"));
        (await node.Json(response)).GetProperty("code").GetString().ShouldBeOneOf("GenesisOnly", "MalformedRequest");
        ((int)response.StatusCode).ShouldBe(400);
    }

    internal static async Task<JsonElement> ShouldBeProblem(TestNode node, HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await node.Json(response);
        response.StatusCode.ShouldBe(status, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.GetProperty("code").GetString().ShouldBe(code);
        body.GetProperty("type").GetString().ShouldBe($"urn:ballast:error:{code}");
        body.GetProperty("status").GetInt32().ShouldBe((int)status);
        return body;
    }
}
