using Ballast.Core.Blocks;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Rejections;

/// <summary>
/// A handler path that writes and is then refused. Margin handlers check before they write module state, so the one
/// such path is a close of an underwater position: it sells the alpha into the pool (ledger balances, the pool's
/// reserves, the price record and a swap event) before it finds the sale short of the debt and refuses. The engine
/// rolls all of it back; with <see cref="EngineOptions.VerifyRejections"/> it also re-hashes the state after the refusal.
/// </summary>
public class RollbackTests
{
    [Fact]
    public void A_close_refused_after_its_sale_leaves_pool_prices_ledger_events_and_books_as_they_were()
    {
        var world = CrashWorld.Build(b => b.VerifyingRejections());
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 1_000_000);
        var reserves = world.Reserves(3);
        var spot = world.Spot(3);
        var position = world.Position(id);
        var positionsAlpha = world.AlphaBalance(MarginModule.PositionsAccount, 3);

        var probe = RejectionProbe.Run(world.Engine, [], new ClosePosition(id, 1_000).From("bob"));
        probe.ShouldBeRejectedWithoutEffect(MarginErrors.CloseWouldLeaveDebt, "an underwater position can only be liquidated");

        // The block with the refused close ended where the block without it did (hash, full view with the price
        // records, events); and the sale is undone everywhere.
        world.Reserves(3).ShouldBe(reserves);
        world.Spot(3).ShouldBe(spot);
        world.AlphaBalance(MarginModule.PositionsAccount, 3).ShouldBe(positionsAlpha);
        world.Position(id).ShouldBe(position);
        world.Candidates(3).ShouldBe([id]);
        world.LastBlockEvents<PositionClosed>().ShouldBeEmpty();
        world.Engine.Events.Records.Where(r => r.Block == world.Height).Select(r => world.Engine.EventName(r.Event))
            .ShouldNotContain("subnets.swapped");
    }
}
