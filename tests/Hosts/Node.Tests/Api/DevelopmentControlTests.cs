using System.Net;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Api;

/// <summary>Anvil-style development controls: mining modes, mine N, snapshot and revert, impersonation.</summary>
public sealed class DevelopmentControlTests
{
    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task Revert_returns_to_the_snapshots_state_and_the_reverted_blocks_leave_the_log(string kind)
    {
        using var place = Stores.Create(kind);
        string snapshotHash;
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
        {
            var id = (await node.Json(await node.Post("/dev/snapshot", ""))).GetProperty("id").GetString();
            snapshotHash = await node.StateHash();
            (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "50 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.Post("/dev/mine?blocks=3", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.StateHash()).ShouldNotBe(snapshotHash);
            var reverted = await node.Json(await node.Post($"/dev/revert/{id}", ""));
            reverted.GetProperty("stateHash").GetString().ShouldBe(snapshotHash);
            (await node.Balance("dev2")).ShouldBe("100000000000000");
            (await node.Get("/api/accounts/dev1/nonce")).GetProperty("nonce").GetUInt64().ShouldBe(0UL);
            using var gone = await node.Post($"/dev/revert/{id}", "");
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        await using (var restarted = await TestNode.Start(TestNode.Automine(place.Options)))
            (await restarted.StateHash()).ShouldBe(snapshotHash);
    }

    [Fact]
    public async Task Manual_mining_holds_transactions_until_mine_and_a_non_waiting_submit_answers_202()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        (await node.Post("/dev/mining?mode=manual", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
        long height = node.Host.Chain.Height;
        using var pending = await node.Post("/api/transactions?wait=false", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "1 TAO"));
        pending.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await node.Post("/api/transactions?wait=false", DevSigner.Transfer(node.ChainId, "dev1", 1, "dev2", "1 TAO"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await node.Get("/api/chain")).GetProperty("pending").GetInt32().ShouldBe(2);
        node.Host.Chain.Height.ShouldBe(height);
        var mined = await node.Json(await node.Post("/dev/mine?blocks=10", ""));
        mined.GetProperty("height").GetInt64().ShouldBe(height + 10);
        (await node.Get($"/api/blocks/{height + 1}")).GetProperty("transactions").GetArrayLength().ShouldBe(2);
        (await node.Balance("dev2")).ShouldBe("100002000000000");
    }

    [Fact]
    public async Task Interval_mining_makes_blocks_on_its_own()
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(place.Options with { Mining = Chain.MiningMode.Interval, BlockIntervalSeconds = 0.1, RequestsPerSecondPerClient = 0 });
        long height = node.Host.Chain.Height;
        using var response = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev3", 0, "dev2", "1 TAO"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        for (int i = 0; i < 100 && node.Host.Chain.Height < height + 3; i++) await Task.Delay(100);
        node.Host.Chain.Height.ShouldBeGreaterThanOrEqualTo(height + 3);
    }

    [Fact]
    public async Task Impersonation_acts_as_an_account_without_its_key_and_is_replayed_after_restart()
    {
        using var place = Stores.Create("sqlite");
        string hash;
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
        {
            using var response = await node.Post("/dev/impersonate", """{"type": "ledger.transfer", "sender": "subnet-owner", "to": "dev9", "token": "TAO", "amount": "7 TAO"}""");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            (await node.Balance("dev9")).ShouldBe("100007000000000");
            hash = await node.StateHash();
        }
        await using (var restarted = await TestNode.Start(TestNode.Automine(place.Options)))
            (await restarted.StateHash()).ShouldBe(hash);
    }

    [Fact]
    public async Task Set_balance_raises_and_lowers_an_accounts_balance_through_logged_transactions()
    {
        using var place = Stores.Create("sqlite");
        string hash;
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
        {
            (await node.Post("/dev/setBalance?account=dev4&token=TAO&amount=250000%20TAO", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.Balance("dev4")).ShouldBe("250000000000000");
            (await node.Post("/dev/setBalance?account=dev4&token=TAO&amount=12.5%20TAO", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await node.Balance("dev4")).ShouldBe("12500000000");
            // The faucet paid 150,000 TAO and got 249,987.5 back: 10,000,000 + 99,987.5 TAO.
            (await node.Balance("faucet")).ShouldBe("10099987500000000");
            using var bad = await node.Post("/dev/setBalance?account=dev4&token=TAO&amount=lots", "");
            await SignedTransactionTests.ShouldBeProblem(node, bad, HttpStatusCode.BadRequest, "MalformedRequest");
            hash = await node.StateHash();
        }
        await using (var restarted = await TestNode.Start(TestNode.Automine(place.Options)))
        {
            (await restarted.StateHash()).ShouldBe(hash);
            (await restarted.Balance("dev4")).ShouldBe("12500000000");
        }
    }

    [Fact]
    public async Task A_dump_starts_a_new_node_at_the_same_state_and_exec_runs_it_to_the_same_hash()
    {
        using var place = Stores.Create("sqlite");
        using var copy = Stores.Create("sqlite");
        var file = Path.Combine(Path.GetTempPath(), $"ballast-dump-{Guid.NewGuid():N}.json");
        try
        {
            string hash;
            await using (var node = await TestNode.Start(TestNode.Automine(place.Options)))
            {
                (await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, "dev1", 0, "dev2", "5 TAO"))).StatusCode.ShouldBe(HttpStatusCode.OK);
                (await node.Post("/dev/mine?blocks=7", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
                (await node.Post("/api/transactions", DevSigner.Body(node.ChainId, "dev2", 0,
                    new { type = "perps.open", market = "TAO-USD", side = "short", margin = "3 TAO", leverage = "10" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
                (await node.Post("/dev/mine?blocks=2", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
                hash = await node.StateHash();
                File.WriteAllText(file, await node.Http.GetStringAsync("/dev/dump"));
            }
            await using (var fromDump = await TestNode.Start(TestNode.Automine(copy.Options) with { GenesisFile = file }))
                (await fromDump.StateHash()).ShouldBe(hash);
            using var stdout = new StringWriter();
            Cli.ExecCommand.Execute(file, File.ReadAllBytes(file), null, noEvents: true, stdout, TextWriter.Null, Cli.Engines.Create).ShouldBe(0);
            stdout.ToString().ShouldContain($"\"stateHash\": \"{hash}\"");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
