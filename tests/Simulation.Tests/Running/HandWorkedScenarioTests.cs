using Ballast.Core.Numerics;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Running;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Running;

/// <summary>A tiny scenario whose every figure can be worked out by hand.</summary>
public class HandWorkedScenarioTests
{
    private static int Column(RunResults r, string name) => r.SeriesNames.ToList().IndexOf(name);

    [Fact]
    public void A_pinned_pool_follows_the_replayed_path_and_a_quiet_market_loses_nothing()
    {
        var r = Simulator.Run(TinyScenarios.Crash(trader: false), 1);
        var path = r.Paths.Single();
        path.SampleBlocks.ShouldBe(Enumerable.Range(0, 31).Select(i => (long)i).ToArray());
        int price = Column(r, "price.SN3"), pool = Column(r, "pool.SN3");
        for (int k = 0; k <= 30; k++)
        {
            // Rows at 0 s and 120 s: block 10 is the first at 0.025.
            double expected = k < 10 ? 0.05 : 0.025;
            path.Series[k][price].ShouldBe(expected);
            // The pin trades the pool to the reference to the rao's precision each block (the settling block does block 0).
            path.Series[k][pool].ShouldBe(expected, 1e-9);
        }
        path.Outcomes[PathOutcomes.Loss].ShouldBe(0);
        path.Outcomes[PathOutcomes.Liquidations].ShouldBe(0);
        path.Outcomes[PathOutcomes.LpYield].ShouldBe(0); // no borrower: no fee, share value stays 1
        path.Outcomes[PathOutcomes.Ruined].ShouldBe(0);
        path.Series[^1][Column(r, "margin.lpAssetsTao")].ShouldBe(1000);
        r.Summary.ProbabilityOfRuin.Value.ShouldBe(0);
    }

    [Fact]
    public void A_2x_long_through_a_halving_is_liquidated_on_the_fifth_consecutive_call()
    {
        var r = Simulator.Run(TinyScenarios.Crash(trader: true), 1);
        var path = r.Paths.Single();
        int open = Column(r, "margin.openPositions"), liquidations = Column(r, "margin.liquidations");
        // Opened in block 1. The pool halves in block 10; the bot, which looks before each block, first calls in
        // block 11 and the fifth consecutive call (block 15) liquidates.
        path.Series[1][open].ShouldBe(1);
        for (int k = 1; k < 15; k++) path.Series[k][liquidations].ShouldBe(0, $"block {k}");
        path.Series[15][liquidations].ShouldBe(1);
        path.Outcomes[PathOutcomes.Liquidations].ShouldBe(1);
        // At 2x, 10 TAO of collateral bought ~20 TAO of alpha; half of it is worth about the 10 TAO debt: proceeds ≈ 10 TAO.
        path.Outcomes[PathOutcomes.Liquidated].ShouldBeInRange(9, 10.1);
    }

    [Fact]
    public void Conservation_is_checked_every_block_and_a_broken_engine_stops_the_run_naming_path_and_block()
    {
        var scenario = TinyScenarios.Crash(trader: false, paths: 3);
        var e = Should.Throw<SimulationFailure>(() => new MonteCarlo(scenario, 2, o => Faulty.Engine(o, breakAtHeight: 20)).Run());
        // Two setup blocks, the agents' setup block and the settling block come first: height 20 is horizon block 16.
        e.Message.ShouldStartWith("path 0, block 16 of the horizon (engine height 20): ");
        e.Message.ShouldContain("token conservation broken");
        e.Message.ShouldContain("TAO");
    }
}
