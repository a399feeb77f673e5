using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Tests.Agents;

/// <summary>An arbitrageur's threshold, latency and budget, on a replayed reference that steps up twice.</summary>
public class ArbitrageurTests
{
    /// <summary>Reference 0.05, then 0.0515 (+3%) from block 5, then 0.06 (+20%) from block 10; pool opens at 0.05.</summary>
    private static RunResults Run(int thresholdBps, int latency, string maxTrade)
    {
        var dir = Directory.CreateTempSubdirectory("ballast-arb-").FullName;
        File.WriteAllText(Path.Combine(dir, "p.csv"), "time,close\n2025-01-01 00:00:00,0.05\n2025-01-01 00:01:00,0.0515\n2025-01-01 00:02:00,0.06\n");
        var text = $$"""
            name: arb
            horizon: { blocks: 16 }
            sampleEveryBlocks: 1
            modules: { subnets: {} }
            genesis:
              - { type: ledger.genesisAccount, name: owner, balances: { TAO: 10000 TAO } }
            setup:
              - - { type: subnets.register, sender: owner, netuid: 3, taoReserve: 1000 TAO, price: "0.05" }
            markets:
              - { name: SN3, subnet: 3, model: { kind: replay, file: p.csv, column: close } }
            agents:
              - { kind: arbitrageur, name: arb, funds: 1000 TAO, market: SN3, thresholdBps: {{thresholdBps}}, maxTrade: {{maxTrade}}, latencyBlocks: {{latency}} }
            """;
        return Simulator.Run(ScenarioLoader.Load(Path.Combine(dir, "arb.yaml"), text, dir), 1);
    }

    private static double[] Pool(RunResults r)
    {
        int column = r.SeriesNames.ToList().IndexOf("pool.SN3");
        return r.Paths[0].Series.Select(s => s[column]).ToArray();
    }

    [Fact]
    public void A_move_inside_the_threshold_is_left_and_one_beyond_it_is_arbitraged_after_the_latency()
    {
        var pool = Pool(Run(thresholdBps: 500, latency: 2, maxTrade: "1000 TAO"));
        for (int b = 0; b <= 11; b++) pool[b].ShouldBe(0.05, 1e-9, $"block {b}"); // +3% < 5%; the +20% seen two blocks late
        for (int b = 12; b <= 16; b++) pool[b].ShouldBe(0.06, 1e-9, $"block {b}");
    }

    [Fact]
    public void Without_threshold_or_latency_the_pool_follows_every_step_in_its_block()
    {
        var pool = Pool(Run(thresholdBps: 0, latency: 0, maxTrade: "1000 TAO"));
        pool[4].ShouldBe(0.05, 1e-9);
        pool[5].ShouldBe(0.0515, 1e-9);
        pool[10].ShouldBe(0.06, 1e-9);
    }

    [Fact]
    public void A_small_budget_moves_the_pool_part_way_each_block()
    {
        var pool = Pool(Run(thresholdBps: 0, latency: 0, maxTrade: "5 TAO"));
        // 1,000 TAO deep: reaching 0.06 takes √1.2 − 1 ≈ 9.5% more TAO (≈ 95 TAO); 5 TAO a block moves it about 1%.
        pool[10].ShouldBeGreaterThan(0.0515);
        pool[10].ShouldBeLessThan(0.06);
        for (int b = 11; b <= 16; b++) pool[b].ShouldBeGreaterThan(pool[b - 1]);
        pool[16].ShouldBeLessThan(0.06);
    }
}
