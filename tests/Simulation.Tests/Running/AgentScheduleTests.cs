using Ballast.Core.Blocks;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Running;

/// <summary>
/// The runner asks an agent to act only in the blocks it names (<see cref="IAgent.NextActBlock"/>), always in scenario
/// order within a block; the per-block conservation check by kept totals and the full scan give the same results.
/// </summary>
public class AgentScheduleTests
{
    private sealed class Probe(int id, Func<long, long> next, List<(long Block, int Id)> log) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions) => log.Add((context.Block, id));
        public long NextActBlock(long block) => next(block);
    }

    [Fact]
    public void Agents_act_in_the_blocks_they_name_and_in_scenario_order_within_a_block()
    {
        var log = new List<(long Block, int Id)>();
        var agents = new IAgent[]
        {
            new Probe(0, b => b + 3, log),                 // blocks 1, 4, 7, 10
            new Probe(1, b => b + 1, log),                 // every block
            new Probe(2, b => b < 5 ? 5 : long.MaxValue, log), // blocks 1 and 5, then never
            new Probe(3, b => b + 2, log),                 // blocks 1, 3, 5, 7, 9
        };
        var schedule = new AgentSchedule(agents, firstBlock: 1);
        var engine = SimulationEngines.Create(new EngineOptions());
        var context = new AgentContext(engine, new Dictionary<string, MarketRuntime>());
        for (long block = 1; block <= 10; block++)
        {
            context.Block = block;
            schedule.Act(block, context, []);
        }
        var expected = new List<(long, int)>();
        for (long block = 1; block <= 10; block++)
        {
            if ((block - 1) % 3 == 0) expected.Add((block, 0));
            expected.Add((block, 1));
            if (block is 1 or 5) expected.Add((block, 2));
            if (block % 2 == 1) expected.Add((block, 3));
        }
        log.ShouldBe(expected);
    }

    [Fact]
    public void An_agent_that_names_a_block_not_after_the_current_one_is_a_bug()
    {
        var schedule = new AgentSchedule([new Probe(0, b => b, [])], firstBlock: 1);
        var context = new AgentContext(SimulationEngines.Create(new EngineOptions()), new Dictionary<string, MarketRuntime>()) { Block = 1 };
        Should.Throw<InvalidOperationException>(() => schedule.Act(1, context, []));
    }

    [Fact]
    public void The_full_conservation_scan_and_the_kept_totals_give_the_same_results()
    {
        // The radCAD day's first 300 blocks (its golden hash in BundledScenarioTests), with either per-block check.
        var s = ScenarioLoader.LoadFile(Repo.Scenario("radcad-margin-day.yaml")) with { HorizonBlocks = 300 };
        var kept = Simulator.Run(s, 1);
        var scanned = Simulator.Run(s, 1, createEngine: o => SimulationEngines.Create(o with { FullConservationScan = true }));
        kept.Hash.ShouldBe("86e606d83a360e01fd59cf85a90345bb404b6d81d6f49749b5900c6f8644121d");
        scanned.Hash.ShouldBe(kept.Hash);
    }
}
