using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// A TAO-quoted market's open positions ordered by a key that bounds their health, so the block hook checks exactly
/// only the positions that could be below maintenance (O(k log n) for k candidates, not O(n)). Derived: rebuilt
/// lazily from the positions with the μ it was keyed with.
/// <para>
/// Why it is sound (docs/lih.md, "Valuation"): for a long of size s, open notional N0, margin m, funding basis F0,
/// its exit returns g·s units with g = D²/((D − n)(D − n + s)) ≥ g_min = 1/(1 + shorts/B)² (B the depth at creation,
/// D ≥ B), and it is healthy whenever P·g_min·(1 − r − β) ≤ A + F with A = N0/s − F0 − (1 − μ)·m/s, r the largest fee
/// rate and β the band budget; for a short of size q it is healthy whenever P·g_max·(1 + r + β) ≤ A + F with
/// A = N0/q − F0 + (1 − μ)·m/q and g_max = 1/(1 − longs/B)². So only longs whose key exceeds P·c − F, and shorts
/// whose key is below P·C − F, can be liquidatable; each key carries ten rao of slack per unit for the roundings.
/// </para>
/// </summary>
internal sealed class HealthIndex
{
    private readonly SortedSet<(Int128 NegKey, long Id)> _longs = [];
    private readonly SortedSet<(Int128 Key, long Id)> _shorts = [];
    private readonly Dictionary<long, Int128> _keys = [];

    public HealthIndex(Ppb maintenance) => Maintenance = maintenance;

    /// <summary>The μ the keys were computed with; a different μ means a rebuild.</summary>
    public Ppb Maintenance { get; }

    private static readonly Fixed Slack = new(10_000_000_000); // 10 rao, in TAO

    /// <summary>The largest leverage among the positions keyed (never lowered: an overestimate keeps the bound sound).</summary>
    public Fixed MaxLeverage { get; private set; } = Fixed.One;

    public void Set(PerpPosition p)
    {
        Remove(p.Id);
        if (p.Leverage > MaxLeverage) MaxLeverage = p.Leverage;
        var q = p.Size.Abs();
        if (q.IsZero) return;
        var margin = PerpsBook.TaoToFixed(p.Margin);
        var buffer = Fixed.Ratio(Ppb.Scale - Maintenance.Value, Ppb.Scale, Rounding.Down).Mul(margin, Rounding.Down);
        Fixed key;
        if (p.IsLong)
        {
            // overestimated (a long is a candidate when its key is high)
            key = p.OpenNotional.Div(q, Rounding.Up) - p.FundingAtOpen - buffer.Div(q, Rounding.Down) + Slack.Div(q, Rounding.Up);
            _longs.Add((-key.Raw, p.Id));
        }
        else
        {
            // underestimated (a short is a candidate when its key is low)
            key = p.OpenNotional.Div(q, Rounding.Down) - p.FundingAtOpen + buffer.Div(q, Rounding.Down) - Slack.Div(q, Rounding.Up);
            _shorts.Add((key.Raw, p.Id));
        }
        _keys[p.Id] = key.Raw;
    }

    public void Remove(long id)
    {
        if (!_keys.Remove(id, out var key)) return;
        if (!_longs.Remove((-key, id))) _shorts.Remove((key, id));
    }

    /// <summary>Longs whose key is above <paramref name="longThreshold"/> and shorts whose key is below <paramref name="shortThreshold"/>, in id order.</summary>
    public List<long> Candidates(Fixed longThreshold, Fixed shortThreshold)
    {
        var ids = new List<long>();
        foreach (var (negKey, id) in _longs)
        {
            if (-negKey <= longThreshold.Raw) break;
            ids.Add(id);
        }
        foreach (var (key, id) in _shorts)
        {
            if (key >= shortThreshold.Raw) break;
            ids.Add(id);
        }
        ids.Sort();
        return ids;
    }
}
