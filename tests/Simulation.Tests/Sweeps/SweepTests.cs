using Ballast.Simulation.Metrics;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Sweeps;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Sweeps;

public class SweepTests
{
    private static SweepPoint Point(int index, double ruin, double var99, double lpYield)
    {
        var e = new Estimate(0, 0, 0);
        var outcomes = PathOutcomes.Names.Select(n => new OutcomeSummary(n, n == "lpYield" ? new Estimate(lpYield, lpYield, lpYield) : e, 0, 0, 0)).ToList();
        var summary = new RunSummary(10, outcomes, new Estimate(ruin, 0, 1), e, new Estimate(var99, var99, var99), e, e, 0, []);
        return new SweepPoint(index, [$"{index}"], summary, "");
    }

    [Fact]
    public void The_recommendation_maximises_the_objective_within_the_limits_and_names_the_binding_one()
    {
        SweepPoint[] points = [Point(0, 0.00, 10, 0.01), Point(1, 0.01, 50, 0.03), Point(2, 0.05, 60, 0.05), Point(3, 0.00, 500, 0.04)];
        var r = Optimiser.Recommend(points, "lpYield", [new RiskLimit("ruin", 0.02), new RiskLimit("var99", 100)]);
        r.Best!.Index.ShouldBe(1);
        // Points 2 and 3 beat it: 2 breaks ruin, 3 breaks var99; one each, so the first limit given binds.
        r.BindingLimit.ShouldBe("ruin");
        r = Optimiser.Recommend(points, "lpYield", [new RiskLimit("ruin", 0.10), new RiskLimit("var99", 100)]);
        r.Best!.Index.ShouldBe(2);
        r.BindingLimit.ShouldBeNull();
        r = Optimiser.Recommend(points, "lpYield", [new RiskLimit("var99", 5)]);
        r.Best.ShouldBeNull();
        r.BindingLimit.ShouldBe("var99");
    }

    [Fact]
    public void The_grid_is_the_cartesian_product_and_each_point_sets_its_parameters_at_genesis()
    {
        var s = TinyScenarios.Crash(trader: true, horizon: 20, extra: """
            sweep:
              margin.LiquidationFeePpb: ["10000000", "30000000"]
              margin.MaxLeverage: ["10", "20", "30"]
            """);
        var grid = SweepRunner.Grid(s);
        grid.Count.ShouldBe(6);
        grid[0].ShouldBe(["10000000", "10"]);
        grid[5].ShouldBe(["30000000", "30"]);
        var at = SweepRunner.At(s, grid[4]);
        at.Genesis.Length.ShouldBe(s.Genesis.Length + 2);
        at.Genesis[^1].Envelope.Payload.ShouldBe(new Ballast.Core.Governance.GenesisParameter("margin", "MaxLeverage", "20"));
    }

    [Fact]
    public void A_sweep_value_the_parameter_set_refuses_names_its_line()
    {
        var e = Should.Throw<ScenarioException>(() => TinyScenarios.Crash(trader: false, extra: """
            sweep:
              margin.MaxLeverage: ["5", "1000"]
            """));
        e.Problem.ShouldStartWith("sweep.margin.MaxLeverage: ");
    }
}
