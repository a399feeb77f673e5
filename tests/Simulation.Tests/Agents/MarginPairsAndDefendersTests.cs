using Ballast.Simulation.Metrics;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Tests.Agents;

/// <summary>
/// Margin bad debt broken out per pair (from the engine's events), and traders that defend a position by adding
/// collateral. Small scenarios on replayed paths, so what happens is worked out by hand.
/// </summary>
public class MarginPairsAndDefendersTests
{
    /// <summary>SN3 and SN5 pinned to replayed paths; <paramref name="sn3Crash"/> is SN3's price from block 10 on (SN5 stays at 0.05).</summary>
    private static Scenario TwoPairs(string sn3Crash, string traders, long horizon = 40)
    {
        var dir = Directory.CreateTempSubdirectory("ballast-sim-").FullName;
        File.WriteAllText(Path.Combine(dir, "sn3.csv"), $"time,close\n2025-02-20 00:00:00,0.05\n2025-02-20 00:02:00,{sn3Crash}\n");
        File.WriteAllText(Path.Combine(dir, "sn5.csv"), "time,close\n2025-02-20 00:00:00,0.05\n2025-02-20 00:02:00,0.05\n");
        var text = $$"""
            name: two-pairs
            seed: 3
            paths: 1
            horizon: { blocks: {{horizon}} }
            sampleEveryBlocks: 5
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
              - { type: ledger.genesisAccount, name: owner, balances: { TAO: 50000 TAO } }
              - { type: ledger.genesisAccount, name: manager, balances: {} }
              - { type: margin.genesisConfig, owner: manager, manager: manager }
            setup:
              - - { type: subnets.register, sender: owner, netuid: 3, taoReserve: 20000 TAO, price: "0.01" }
                - { type: subnets.register, sender: owner, netuid: 5, taoReserve: 20000 TAO, price: "0.01" }
              - - { type: margin.addPair, sender: manager, netuid: 3, maxLeverage: "10" }
                - { type: margin.addPair, sender: manager, netuid: 5, maxLeverage: "10" }
            markets:
              - { name: SN3, subnet: 3, pin: true, setupPrice: "0.05", model: { kind: replay, file: sn3.csv, column: close } }
              - { name: SN5, subnet: 5, pin: true, setupPrice: "0.05", model: { kind: replay, file: sn5.csv, column: close } }
            agents:
              - { kind: lp, name: lp, funds: 5000 TAO, deposit: 4000 TAO }
            {{traders}}
              - { kind: liquidator, name: liq }
            """;
        return ScenarioLoader.Load(Path.Combine(dir, "two-pairs.yaml"), text, dir);
    }

    private static string Longs(string name, int netuid, string leverage, string extra = "") => $$"""
          - kind: marginTrader
            name: {{name}}
            count: 3
            funds: 100 TAO
            netuid: {{netuid}}
            collateral: { min: 10 TAO, max: 10 TAO }
            leverage: { "{{leverage}}": 1 }
            openAtSetup: true
            openProbabilityPerBlock: 0
            takeProfit: 1000
            stopLoss: 1
            maxHoldBlocks: 1000000
            checkEveryBlocks: 1
        {{extra}}
        """;

    [Fact]
    public void Bad_debt_is_broken_out_per_pair_and_the_pairs_add_up_to_the_totals()
    {
        // 5x longs on SN3 and 3x on SN5; SN3 falls 90% at block 10, far past the 20% a 5x long can lose: bad debt on SN3 only.
        var s = TwoPairs("0.005", Longs("a", 3, "5") + "\n" + Longs("b", 5, "3"));
        var r = Simulator.Run(s, 1);
        var names = r.SeriesNames.ToList();
        int total = names.IndexOf("margin.badDebtTao"), covered = names.IndexOf("margin.badDebtCoveredTao");
        int sn3 = names.IndexOf("margin.badDebtTao.SN3"), sn5 = names.IndexOf("margin.badDebtTao.SN5");
        int sn3Covered = names.IndexOf("margin.badDebtCoveredTao.SN3"), sn5Covered = names.IndexOf("margin.badDebtCoveredTao.SN5");
        new[] { total, covered, sn3, sn5, sn3Covered, sn5Covered }.ShouldAllBe(i => i >= 0);
        var last = r.Paths[0].Series[^1];
        (last[sn3] + last[sn3Covered]).ShouldBeGreaterThan(0);
        last[sn5].ShouldBe(0);
        last[sn5Covered].ShouldBe(0);
        foreach (var row in r.Paths[0].Series)
        {
            (row[sn3] + row[sn5]).ShouldBe(row[total], 1e-9);
            (row[sn3Covered] + row[sn5Covered]).ShouldBe(row[covered], 1e-9);
        }
        r.Paths[0].Outcomes[PathOutcomes.Liquidations].ShouldBe(3); // the three SN3 longs, none on SN5
    }

    [Fact]
    public void One_pair_keeps_the_series_it_had()
    {
        var r = Simulator.Run(Support.TinyScenarios.Crash(trader: true), 1);
        r.SeriesNames.ShouldNotContain(n => n.StartsWith("margin.badDebtTao.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trader_that_adds_collateral_below_a_health_survives_the_fall_that_liquidates_one_that_does_not()
    {
        // 2x longs of 10 TAO (10 borrowed, ~400 alpha at 0.05). At 0.026 the alpha sells for about 10.4 TAO: health ~104%,
        // below the 110% threshold, and the loss (~96% of the collateral) short of the stop-loss. A defender checks every
        // block and adds its whole initial collateral (10 TAO) when health is below 150%: (10.4 + 10)/10 ≈ 204%, and the
        // liquidation calls find it healthy. The longs are on SN3; SN5 is idle.
        var plain = Simulator.Run(TwoPairs("0.026", Longs("a", 3, "2")), 1);
        var defended = Simulator.Run(TwoPairs("0.026", Longs("a", 3, "2", "    addCollateralBelowHealth: 1.5\n    addCollateralShare: 1")), 1);
        plain.Paths[0].Outcomes[PathOutcomes.Liquidations].ShouldBe(3);
        defended.Paths[0].Outcomes[PathOutcomes.Liquidations].ShouldBe(0);
        var names = defended.SeriesNames.ToList();
        defended.Paths[0].Series[^1][names.IndexOf("margin.openPositions")].ShouldBe(3);
    }

    [Fact]
    public void Collateral_fields_out_of_range_are_refused_with_their_line()
    {
        var e = Should.Throw<ScenarioException>(() => TwoPairs("0.025", Longs("a", 3, "2", "    addCollateralBelowHealth: -1")));
        e.Message.ShouldContain("addCollateralBelowHealth");
    }
}
