using Ballast.Core.Blocks;
using Ballast.Insurance;
using Ballast.Margin;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;

namespace Ballast.Cli;

/// <summary>The engine every host command builds: the core plus every protocol module Ballast ships.</summary>
public static class Engines
{
    public static Engine Create(EngineOptions options) => new(options, new SubnetModule(), new MarginModule(), new PerpsModule(), new InsuranceModule(), new RiskControlModule());
}
