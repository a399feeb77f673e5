using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Tests.Support;

/// <summary>Small scenarios written in the tests, with a price CSV of their own in a temporary folder.</summary>
internal static class TinyScenarios
{
    /// <summary>
    /// SN3 pinned to a replayed path (0.05 for ten blocks, then 0.025), margin with one LP, and optionally one trader
    /// who opens a 2x long of 10 TAO at block 1 and never closes, and one liquidation bot.
    /// </summary>
    public static Scenario Crash(bool trader, int paths = 1, long horizon = 30, ulong seed = 1, string extra = "")
    {
        var dir = Directory.CreateTempSubdirectory("ballast-sim-").FullName;
        File.WriteAllText(Path.Combine(dir, "sn3.csv"), "time,close\n2025-02-20 00:00:00,0.05\n2025-02-20 00:02:00,0.025\n");
        var text = $$"""
            name: tiny-crash
            seed: {{seed}}
            paths: {{paths}}
            horizon: { blocks: {{horizon}} }
            sampleEveryBlocks: 1
            genesisTime: 2025-02-20T00:00:00Z
            modules:
              subnets: {}
              margin: { preset: mainnet }
            genesis:
              - { type: ledger.genesisAccount, name: owner, balances: { TAO: 10000 TAO } }
              - { type: ledger.genesisAccount, name: manager, balances: {} }
              - { type: margin.genesisConfig, owner: manager, manager: manager }
            setup:
              - - { type: subnets.register, sender: owner, netuid: 3, taoReserve: 1000 TAO, price: "0.01" }
              - - { type: margin.addPair, sender: manager, netuid: 3, maxLeverage: "10" }
            markets:
              - { name: SN3, subnet: 3, pin: true, model: { kind: replay, file: sn3.csv, column: close } }
            agents:
              - { kind: lp, name: lp, funds: 2000 TAO, deposit: 1000 TAO }
            {{(trader ? """
              - kind: marginTrader
                name: bob
                funds: 100 TAO
                netuid: 3
                collateral: { min: 10 TAO, max: 10 TAO }
                leverage: { "2": 1 }
                openProbabilityPerBlock: 1
                takeProfit: 1000
                stopLoss: 1
                maxHoldBlocks: 1000000
              - { kind: liquidator, name: liq }
            """ : "")}}
            {{extra}}
            """;
        return ScenarioLoader.Load(Path.Combine(dir, "tiny.yaml"), text, dir);
    }
}
