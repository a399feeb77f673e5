using Ballast.Core.Blocks;
using Ballast.Simulation.Outputs;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation;

/// <summary>The simulator's entry point for hosts: runs a loaded scenario's Monte Carlo paths and summarises them.</summary>
public static class Simulator
{
    /// <summary>Runs every path on <paramref name="threads"/> threads; <paramref name="onStart"/> receives the run to watch its progress.</summary>
    public static RunResults Run(Scenario scenario, int threads, Action<MonteCarlo>? onStart = null, Func<EngineOptions, Engine>? createEngine = null,
        CancellationToken cancel = default)
    {
        var monteCarlo = new MonteCarlo(scenario, threads, createEngine);
        onStart?.Invoke(monteCarlo);
        var paths = monteCarlo.Run(cancel);
        return RunResults.Of(scenario, monteCarlo.SeriesNames, paths);
    }
}
