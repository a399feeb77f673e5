using System.Reflection;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Insurance;
using Ballast.Margin;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;

namespace Ballast.Simulation.Tests.Support;

/// <summary>
/// An engine with a deliberately broken module: at one height its block hook records one rao of TAO as minted
/// without crediting anyone (through reflection: no public path can do it), so the engine's conservation check fails.
/// </summary>
internal static class Faulty
{
    public static Engine Engine(EngineOptions options, long breakAtHeight) =>
        new(options, new SubnetModule(), new MarginModule(), new PerpsModule(), new InsuranceModule(), new RiskControlModule(), new BrokenMint(breakAtHeight));

    private sealed class BrokenMint(long height) : IModule
    {
        public string Name => "faulty";

        public void Configure(ModuleBuilder builder) => builder.OnBlockEnd(ctx =>
        {
            if (ctx.Height != height) return;
            var minted = (List<UInt128>)typeof(Ballast.Core.Ledger.TokenLedger).GetField("_minted", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ctx.Ledger)!;
            minted[ctx.Tao.Value] += 1;
        });
    }
}
