using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Margin.Liquidation;

/// <summary>
/// A liquidation bot: every block it calls <c>margin.liquidate</c> on each position the liquidation index finds
/// below its threshold, so a position that stays liquidatable is liquidated on the fifth consecutive call.
/// </summary>
public sealed class LiquidatorKeeper : IKeeper
{
    public void Propose(EngineContext ctx, string account, List<Envelope> transactions)
    {
        var state = ctx.State<MarginState>();
        long next = ctx.Height + 1;
        var already = transactions.Select(e => e.Payload).OfType<Liquidate>().Select(l => l.PositionId).ToHashSet();
        foreach (var netuid in state.Pairs.Keys)
        {
            foreach (var id in MarginQueries.LiquidationCandidates(ctx, netuid))
            {
                if (already.Contains(id)) continue;
                if (state.Windows.TryGetValue(id, out var window) && window.LastCallBlock == next) continue;
                transactions.Add(new Liquidate(id).From(account));
            }
        }
    }
}
