using Ballast.Core.Blocks;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;
using Xunit.Abstractions;

namespace Ballast.Simulation.Tests;

public class DebugProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var s = ScenarioLoader.LoadFile(Repo.Scenario("margin-dtao-launch-week.yaml"), 1) with { HorizonBlocks = 6, SampleEveryBlocks = 1 };
        Engine? engine = null;
        var runner = new PathRunner(s, o => engine = SimulationEngines.Create(o));
        var r = runner.Run(0);
        foreach (var (k, v) in r.RejectionsByKind) output.WriteLine($"{k} x{v.Count}: {v.Example}");
        foreach (var row in r.Series) output.WriteLine(string.Join(",", row.Take(3)));
        var vw = engine!.View;
        vw.Ledger.TryGetAccount("pin-SN3", out var acc); vw.Ledger.TryGetToken("SN3", out var sn3);
        output.WriteLine($"h={engine.Height} pin tao {vw.Ledger.BalanceOf(acc, vw.Tao)} alpha {vw.Ledger.BalanceOf(acc, sn3)} reserves {vw.Port<Ballast.Subnets.ISubnetMarkets>().Reserves(vw, 3)}");
        foreach (var a in s.Agents) output.WriteLine($"{a.Name} {a.Kind} {a.Count}");
    }
}
