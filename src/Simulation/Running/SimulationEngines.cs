using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Cover;
using Ballast.Insurance;
using Ballast.Margin;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;

namespace Ballast.Simulation.Running;

/// <summary>The engine each path runs on, and every host command builds (<c>Ballast.Cli.Engines</c> calls this): the core and every protocol module — the one list of them.</summary>
public static class SimulationEngines
{
    public static Engine Create(EngineOptions options) =>
        new(options, new SubnetModule(), new MarginModule(), new PerpsModule(), new InsuranceModule(), new RiskControlModule(),
            // Cover requires ICapitalRequirement: the capital module provides it (the cover branch's notary stand-in is left out: a port is provided once).
            new CoverModule(), new CapitalModule());
}
