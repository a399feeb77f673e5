using System.Globalization;
using System.Net;
using Ballast.Cli;
using Ballast.Node.Tests.Support;
using Ballast.Simulation;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;
using Microsoft.Data.Sqlite;

namespace Ballast.Node.Tests.Api;

/// <summary>
/// <c>ballast node --from RESULTS --path i --block b</c>: a small margin scenario is simulated (three paths of a
/// volatile pool with leveraged longs and a liquidation bot), then path 1 is re-run to block 120 in process and a node
/// started from that state. The state is the simulator's own: the series the run stored for that path and block
/// (open positions, liquidations, borrowed TAO, the pool's price) are what the node's queries answer; re-running gives
/// the same bytes; another path gives another state; the node then runs on from it.
/// </summary>
public sealed class SimulatedPathTests
{
    private const string Scenario = """
        name: node-from-path
        description: a volatile pool, leveraged longs and a liquidation bot, for the node's --from test
        seed: 7
        paths: 3
        horizon: { blocks: 200 }
        sampleEveryBlocks: 40
        genesisTime: 2025-02-20T00:00:00Z
        modules:
          subnets: {}
          margin:
            preset: mainnet
            parameters:
              Tiers[4].MaxLeverage: "10"
              Tiers[3].MaxLeverage: "10"
              Tiers[2].MaxLeverage: "10"
              Tiers[1].MaxLeverage: "10"
              Tiers[0].MaxLeverage: "10"
        genesis:
          - { type: ledger.genesisAccount, name: owner, balances: { TAO: 100000 TAO } }
          - { type: ledger.genesisAccount, name: manager, balances: {} }
          - { type: margin.genesisConfig, owner: manager, manager: manager }
        setup:
          - - { type: subnets.register, sender: owner, netuid: 3, taoReserve: 50000 TAO, price: "0.025" }
          - - { type: margin.addPair, sender: manager, netuid: 3, maxLeverage: "10" }
        markets:
          - name: SN3
            subnet: 3
            pin: true
            setupPrice: "0.1"
            model: { kind: gbm, driftPerYear: 0, volatilityPerYear: 40 }
        agents:
          - { kind: lp, name: lp, funds: 300000 TAO, deposit: 250000 TAO }
          - kind: marginTrader
            name: long
            count: 30
            funds: 60 TAO
            netuid: 3
            collateral: { min: 1 TAO, max: 50 TAO }
            leverage: { "5": 1, "7": 1, "10": 1 }
            openAtSetup: true
            openProbabilityPerBlock: 0
            takeProfit: 1000
            stopLoss: 1
            maxHoldBlocks: 100000000
            checkEveryBlocks: 100000000
          - { kind: liquidator, name: liq }
        """;

    private static string Simulate(string folder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "scenario.yaml");
        File.WriteAllText(file, Scenario);
        var results = Simulator.Run(ScenarioLoader.LoadFile(file), 1);
        var database = Path.Combine(folder, "results.sqlite");
        SqliteStore.Write(database, results);
        return database;
    }

    private static double Series(string database, int path, long block, string metric)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM series WHERE path = $p AND block = $b AND metric = $m";
        command.Parameters.AddWithValue("$p", path);
        command.Parameters.AddWithValue("$b", block);
        command.Parameters.AddWithValue("$m", metric);
        return Convert.ToDouble(command.ExecuteScalar() ?? throw new InvalidOperationException($"no {metric} at path {path}, block {block}"), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_node_starts_from_a_simulated_path_at_a_block_in_the_state_the_simulator_recorded()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ballast-node-tests", $"from-{Guid.NewGuid():N}");
        using var place = Stores.Create("sqlite");
        try
        {
            var database = Simulate(folder);
            var (state, origin) = SimulatedPathState.Load(folder, path: 1, block: 120);
            origin.Path.ShouldBe(1);
            origin.Block.ShouldBe(120);
            SimulatedPathState.Load(database, 1, 120).State.ShouldBe(state, "re-running the path gives the same state");
            SimulatedPathState.Load(database, 2, 120).Origin.StateHash.ShouldNotBe(origin.StateHash, "another path, other draws");
            Should.Throw<InvalidOperationException>(() => SimulatedPathState.Load(database, 3, 120)).Message.ShouldContain("paths 0 to 2");
            Should.Throw<InvalidOperationException>(() => SimulatedPathState.Load(database, 1, 201)).Message.ShouldContain("horizon");

            await using var node = await TestNode.Start(TestNode.Automine(place.Options), state);
            node.Host.Chain.Height.ShouldBe(origin.Height);
            (await node.StateHash()).ShouldBe(origin.StateHash);

            using var response = await node.Post("/api/queries/margin.summary", "{}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var summary = await node.Json(response);
            double Tao(string units) => (double)UInt128.Parse(units, CultureInfo.InvariantCulture) / 1e9;
            var where = $"the node's margin.summary {summary} against the run's series at path 1, block 120";
            summary.GetProperty("openPositions").GetInt32().ShouldBe((int)Series(database, 1, 120, "margin.openPositions"), where);
            summary.GetProperty("liquidations").GetInt64().ShouldBe((long)Series(database, 1, 120, "margin.liquidations"), where);
            Series(database, 1, 120, "margin.liquidations").ShouldBeGreaterThan(0, "the crisis had liquidations by then");
            Tao(summary.GetProperty("pool").GetProperty("totalBorrowed").GetString()!).ShouldBe(Series(database, 1, 120, "margin.borrowedTao"), 1e-6, where);

            // The chain runs on from there: an agent's account (every account has its development key) sends a transfer.
            var lp = node.Host.Chain.Read(e => e.Ledger.Accounts.First(a => a.Kind == Core.Ledger.AccountKind.User && a.Name.StartsWith("lp", StringComparison.Ordinal)).Name);
            using var sent = await node.Post("/api/transactions", DevSigner.Transfer(node.ChainId, lp, 0, "owner", "1 TAO"));
            sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
            node.Host.Chain.Height.ShouldBe(origin.Height + 1);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
