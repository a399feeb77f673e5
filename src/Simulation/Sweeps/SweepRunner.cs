using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Sweeps;

/// <summary>
/// Runs a scenario at every point of its sweep grid (the cartesian product of its axes, the first axis slowest): the
/// same scenario, seed and paths, with each axis's parameter set at genesis after the scenario's own (so a grid value
/// overrides the preset). Every point's paths use the same random draws, so differences between points come from the
/// parameters (common random numbers).
/// </summary>
public static class SweepRunner
{
    public static IReadOnlyList<IReadOnlyList<string>> Grid(Scenario scenario)
    {
        IEnumerable<ImmutableList<string>> points = [ImmutableList<string>.Empty];
        foreach (var axis in scenario.Sweep)
            points = points.SelectMany(p => axis.Values.Select(v => p.Add(v)));
        return [.. points];
    }

    /// <summary>The scenario at one grid point.</summary>
    public static Scenario At(Scenario scenario, IReadOnlyList<string> values)
    {
        var extra = scenario.Sweep.Select((axis, i) =>
            new ScenarioTransaction(Envelope.Genesis(new GenesisParameter(axis.Module, axis.Parameter, values[i])), axis.Line));
        return scenario with { Genesis = scenario.Genesis.AddRange(extra) };
    }

    public static IReadOnlyList<SweepPoint> Run(Scenario scenario, int threads, Action<int, int>? onPoint = null)
    {
        if (scenario.Sweep.IsDefaultOrEmpty) throw new ScenarioException(scenario.File, 1, "sweep: the scenario has no sweep grid (sweep: {module.Parameter: [values], …})");
        var grid = Grid(scenario);
        var points = new List<SweepPoint>();
        for (int i = 0; i < grid.Count; i++)
        {
            onPoint?.Invoke(i, grid.Count);
            RunResults results = Simulator.Run(At(scenario, grid[i]), threads);
            points.Add(new SweepPoint(i, grid[i], results.Summary, results.Hash));
        }
        return points;
    }
}
