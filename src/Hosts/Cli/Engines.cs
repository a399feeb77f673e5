using Ballast.Core.Blocks;
using Ballast.Margin;
using Ballast.Subnets;

namespace Ballast.Cli;

/// <summary>The engine every host command builds: the core plus every protocol module Ballast ships.</summary>
public static class Engines
{
    public static Engine Create(EngineOptions options) => new(options, new SubnetModule(), new MarginModule());
}
