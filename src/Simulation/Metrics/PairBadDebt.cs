using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin;

namespace Ballast.Simulation.Metrics;

/// <summary>
/// Margin bad debt per pair, exact in rao, summed from the engine's events as a risk desk would from the node's event
/// stream: <c>margin.opened</c> says which subnet a position is on, <c>margin.badDebt</c> what its liquidation left
/// unpaid (covered by the insurance fund, or written off the LPs). One per path; fed every block's events from the
/// first setup block on.
/// </summary>
public sealed class PairBadDebt
{
    private readonly Dictionary<long, int> _netuidOf = [];
    private readonly Dictionary<int, (Amount Uncovered, Amount Covered)> _byPair = [];

    public void Observe(IEvent e)
    {
        switch (e)
        {
            case PositionOpened o:
                _netuidOf[o.PositionId] = o.Netuid;
                break;
            case BadDebt b:
                if (!_netuidOf.TryGetValue(b.PositionId, out int netuid))
                    // The runner feeds every block's events from the first setup block on: missing one is a broken invariant.
                    throw new InvariantViolationException($"margin bad debt on position {b.PositionId}, whose opening the simulator never saw");
                var (uncovered, covered) = _byPair.GetValueOrDefault(netuid);
                _byPair[netuid] = (uncovered + b.Uncovered, covered + b.CoveredByInsurance);
                break;
        }
    }

    /// <summary>Bad debt of pair <paramref name="netuid"/> written off the LPs (not covered by the insurance fund).</summary>
    public Amount Uncovered(int netuid) => _byPair.GetValueOrDefault(netuid).Uncovered;

    /// <summary>Bad debt of pair <paramref name="netuid"/> the insurance fund covered.</summary>
    public Amount Covered(int netuid) => _byPair.GetValueOrDefault(netuid).Covered;
}
