using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Scripting;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Examples;

/// <summary>
/// examples/margin-pump-attack.json and its hardened twin: the pump–open–dump on a 10,000-TAO SN3 pool. pump
/// buys with 3,000 TAO (46,156.082478984 alpha), long opens 100 TAO at 10× at the pushed price, pump sells the alpha back
/// into that buy; the coalition's keeper calls every block. On mainnet pump ends 417.9 TAO richer, long's position is
/// liquidated on the fifth call with a 319.4-TAO shortfall beyond what insurance held (0.056 TAO), written off the LP;
/// on hardened the open is refused and nobody gains or loses beyond a rao of pool rounding.
/// </summary>
public class MarginPumpAttackExampleTests
{
    private static (ExecReport Report, MarginWorld World) Run(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", file));
        Engine? engine = null;
        var report = ScriptRunner.Run(bytes, options => engine = new Engine(options, new SubnetModule(), new MarginModule()));
        return (report, new MarginWorld(engine!));
    }

    [Fact]
    public void On_mainnet_the_pump_is_paid_by_the_lp()
    {
        var (report, world) = Run("margin-pump-attack.json");
        report.Rejections.ShouldBeEmpty();
        world.AlphaBalance("pump", 3).ShouldBe(Amount.Zero, "the dump sold exactly what the pump bought");
        world.Balance("pump").ShouldBeGreaterThan(Tao(3_417));
        var liquidated = world.AllEvents<PositionLiquidated>().ShouldHaveSingleItem();
        liquidated.Owner.ShouldBe("long");
        world.AllEvents<LiquidationCalled>().Where(c => c.PositionId == liquidated.PositionId).Select(c => (c.Caller, c.Confirmation))
            .ShouldBe([("keeper", 1), ("keeper", 2), ("keeper", 3), ("keeper", 4), ("keeper", 5)]);
        var bad = world.AllEvents<BadDebt>().ShouldHaveSingleItem();
        bad.Uncovered.ShouldBeGreaterThan(Tao(319));
        world.State.LpAssets.ShouldBe(Tao(10_000) - bad.Uncovered);
        world.Solvency().Solvent.ShouldBeTrue();
        // Re-pinned for the O(1) TWAP hash (issue 13: a chain over sealed price observations): the report before and after,
        // events included, differs only in its state hashes.
        report.StateHash.ShouldBe("2a1bec324cec9edd6d90c7cf5a40fded94d138375748941b6cd0a31738d70092");
    }

    [Fact]
    public void On_hardened_the_open_waits_and_nobody_gains()
    {
        var (report, world) = Run("margin-pump-attack-hardened.json");
        var refused = report.Rejections.ShouldHaveSingleItem();
        (refused.Type, refused.Sender, refused.Code).ShouldBe(("margin.open", "long", "PriceAwayFromTwap"));
        refused.Message.ShouldContain("is 68.984% from its 30-block TWAP 0.05");
        world.Balance("pump").ShouldBe(Tao(3_000) - Rao(1), "the pump's round trip returns its TAO less a rao of pool rounding");
        world.AlphaBalance("pump", 3).ShouldBe(Amount.Zero);
        world.State.LpAssets.ShouldBe(Tao(10_000));
        world.State.Positions.ShouldBeEmpty();
        // Re-pinned for the O(1) TWAP hash, as above.
        report.StateHash.ShouldBe("4624eb69c3b15eb00ac7b8d3959e8ce160f691d40a7138f56226aa5718988806");
    }
}
