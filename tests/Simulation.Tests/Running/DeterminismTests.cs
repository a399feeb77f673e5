using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Running;

/// <summary>Path i's randomness comes from (seed, i) only: the same bytes from 1 and 2 threads, from two runs, and for a path run alone.</summary>
public class DeterminismTests
{
    /// <summary>The LIH gap scenario cut to 400 blocks with the gap at block 200: random prices and random traders.</summary>
    private static Scenario Short(int paths = 4, ulong? seed = null)
    {
        var s = ScenarioLoader.LoadFile(Repo.Scenario("lih-tao-gap.yaml"), paths);
        return s with
        {
            HorizonBlocks = 400, SampleEveryBlocks = 50, Seed = seed ?? s.Seed,
            Events = [.. s.Events.Select(e => e with { AtBlock = 200 })],
        };
    }

    private static string Bytes(RunResults r) => RunResults.CanonicalText(r.SeriesNames, r.Paths);

    [Fact]
    public void One_and_two_threads_and_two_runs_give_identical_bytes()
    {
        var one = Simulator.Run(Short(), 1);
        var two = Simulator.Run(Short(), 2);
        var again = Simulator.Run(Short(), 2);
        Bytes(two).ShouldBe(Bytes(one));
        Bytes(again).ShouldBe(Bytes(one));
        two.Hash.ShouldBe(one.Hash);
        // …and the report's every figure, not only the paths.
        HtmlReport.Render(two).ShouldBe(HtmlReport.Render(one));
    }

    [Fact]
    public void Paths_differ_from_each_other_and_a_path_does_not_depend_on_how_many_run()
    {
        var four = Simulator.Run(Short(4), 2);
        four.Paths.Select(p => p.Outcomes[0] + p.Series[^1][0]).Distinct().Count().ShouldBe(4);
        var two = Simulator.Run(Short(2), 1);
        for (int i = 0; i < 2; i++)
        {
            two.Paths[i].Series.ShouldBe(four.Paths[i].Series);
            two.Paths[i].Outcomes.ShouldBe(four.Paths[i].Outcomes);
        }
    }

    [Fact]
    public void Another_seed_gives_other_paths()
    {
        Simulator.Run(Short(2, seed: 1), 2).Hash.ShouldNotBe(Simulator.Run(Short(2, seed: 2), 2).Hash);
    }
}
