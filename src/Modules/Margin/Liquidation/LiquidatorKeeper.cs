using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Margin.Liquidation;

/// <summary>
/// A liquidation bot: every block it calls <c>margin.liquidate</c> on each position the liquidation index finds
/// below its threshold, so a position that stays liquidatable is liquidated on the fifth consecutive call. It reads
/// the view only (the index is kept by the writers) and writes nothing.
/// </summary>
public sealed class LiquidatorKeeper : IKeeper
{
    public void Propose(EngineView view, string account, List<Envelope> transactions)
    {
        var state = view.State<MarginState>();
        long next = view.Height + 1;
        // Positions an earlier bot already calls in this block (built only when some transaction is a call: one bot alone
        // pays nothing for it).
        HashSet<long>? already = null;
        foreach (var e in transactions)
            if (e.Payload is Liquidate l) (already ??= []).Add(l.PositionId);
        foreach (var netuid in state.Pairs.Keys)
        {
            foreach (var id in MarginQueries.LiquidationCandidates(view, netuid))
            {
                if (already is not null && already.Contains(id)) continue;
                if (state.Windows.TryGetValue(id, out var window) && window.LastCallBlock == next) continue;
                transactions.Add(new Liquidate(id).From(account));
            }
        }
    }
}
