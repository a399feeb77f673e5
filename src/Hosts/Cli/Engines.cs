using Ballast.Core.Blocks;
using Ballast.Simulation.Running;

namespace Ballast.Cli;

/// <summary>
/// The engine every host command builds (exec, types, node, simulate): the core plus every protocol module Ballast
/// ships. The list itself lives once, in <see cref="SimulationEngines"/>, so a new module is added in one place.
/// </summary>
public static class Engines
{
    public static Engine Create(EngineOptions options) => SimulationEngines.Create(options);
}
