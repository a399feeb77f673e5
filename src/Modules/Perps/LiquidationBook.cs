using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// A market's open positions ordered by liquidation price: longs highest first (liquidated when the index falls to
/// it), shorts lowest first (when the index rises to it). Triggers are fixed at open, so a scan costs O(k log n) for
/// the k positions it liquidates. A derived structure: the writers keep it, <see cref="PerpsState.RebuildDerived"/>
/// rebuilds it; readers never build it.
/// </summary>
internal sealed class LiquidationBook
{
    private readonly SortedSet<(Int128 NegPrice, long Id)> _longs = [];
    private readonly SortedSet<(Int128 Price, long Id)> _shorts = [];

    public int Count => _longs.Count + _shorts.Count;

    public void Add(PerpPosition p)
    {
        if (p.IsLong) _longs.Add((-p.LiquidationPrice.Raw, p.Id));
        else _shorts.Add((p.LiquidationPrice.Raw, p.Id));
    }

    public void Remove(PerpPosition p)
    {
        if (p.IsLong) _longs.Remove((-p.LiquidationPrice.Raw, p.Id));
        else _shorts.Remove((p.LiquidationPrice.Raw, p.Id));
    }

    /// <summary>Ids of positions whose trigger the index has reached.</summary>
    public List<long> Triggered(Fixed index)
    {
        var ids = new List<long>();
        foreach (var (negPrice, id) in _longs)
        {
            if (-negPrice < index.Raw) break;
            ids.Add(id);
        }
        foreach (var (price, id) in _shorts)
        {
            if (price > index.Raw) break;
            ids.Add(id);
        }
        return ids;
    }
}
