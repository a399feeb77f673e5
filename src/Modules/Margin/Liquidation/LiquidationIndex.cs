using Ballast.Core.Numerics;
using Ballast.Margin.Model;

namespace Ballast.Margin.Liquidation;

/// <summary>
/// Open positions of one pair ordered by their liquidation price at spot, p_liq = (threshold·debt − added)/alpha,
/// highest first, and by size. Selling is concave in the amount sold, so selling alpha ≤ a_max (the largest
/// position) returns at least alpha·quote(a_max)/a_max, and every position with p_liq below quote(a_max)/a_max is
/// healthy: a scan stops there and costs O(k log n) for the k positions near or past their threshold. Debt uses the undiscounted
/// borrowing fee (an upper bound), so the bound stays conservative.
/// <para>
/// Keys depend on the borrow accumulator, which every accrual moves. Instead of re-keying every position at each
/// accrual, a key stays what it was when written (at an accumulator ≥ <see cref="KeyedAtIndex"/>), and a scan at a
/// later accumulator lowers its floor by <see cref="Slack"/>: a bound on how far any position's p_liq can have risen
/// since (the accumulator's move times the largest threshold·borrowed/alpha, plus the rounding of each step). Callers
/// then check each position found exactly (its p_liq now, its health), so the answer is the same as with fresh keys.
/// The writer that moves the accumulator re-keys only once the move passes <see cref="RekeyAfterPpb"/>.
/// </para>
/// <para>
/// Derived state, kept by the writers (open, add collateral, close, liquidation, pair update, accrual) and rebuilt
/// after a snapshot is cloned or a transaction is rolled back; readers (queries, the keeper) only read it.
/// </para>
/// </summary>
internal sealed class LiquidationIndex
{
    private static long s_versions;

    private SortedSet<(Int128 NegKey, long Id)> _byPrice = [];
    private Dictionary<long, Int128> _keys = [];
    private SortedSet<(UInt128 Alpha, long Id)> _bySize = [];
    private Dictionary<long, UInt128> _sizes = [];

    /// <summary>
    /// How far the accumulator may move (ppb of principal) before the writer that moves it re-keys every position: 0.2%.
    /// At the deployed rates (a few hundred thousand ppb a day) that is about once a week, and the slack band it lets
    /// a scan visit stays a fraction of a percent of the price wide.
    /// </summary>
    public const long RekeyAfterPpb = 2_000_000;

    private static readonly UInt128 s_wadTimesPpb = (UInt128)1_000_000_000_000_000_000 * 1_000_000_000;

    /// <summary>The borrow accumulator at the last re-keying: every key was computed at this accumulator or a later one.</summary>
    public UInt128 KeyedAtIndex { get; private set; }

    // Per position, p_liq(I) − p_liq(I_written) ≤ (θ·b·ΔI + θ·1e9 + 1e18)/alpha + 1 (raw 1e-18 units; θ and ΔI in ppb,
    // b in rao): the interest, θ·debt and the ratio each round up once. The largest ⌈θ·b/alpha⌉ and ⌈(θ·1e9 + 1e18)/alpha⌉
    // over the positions written since the last re-keying bound it for all of them (never lowered by a removal).
    private UInt128 _slopeMax, _offsetMax;

    /// <summary>Changes with every write (unique across indexes): lets the pair tell whether a rollback left the index stale.</summary>
    public long Version { get; private set; } = Interlocked.Increment(ref s_versions);

    public int Count => _keys.Count;

    /// <summary>The largest position's alpha (zero when empty).</summary>
    public Amount MaxAlpha => _bySize.Count == 0 ? Amount.Zero : new Amount(_bySize.Max.Alpha);

    public static Fixed LiquidationPrice(Position p, Ppb threshold, UInt128 borrowIndex)
    {
        if (p.Alpha.IsZero) return Fixed.Zero;
        var interest = p.Borrowed.MulDiv(borrowIndex - p.BorrowIndexAtOpen, Ppb.Scale, Rounding.Up);
        var needed = threshold.Of(p.Borrowed + interest, Rounding.Up);
        if (needed <= p.AddedCollateral) return Fixed.Zero;
        return Fixed.Ratio(needed - p.AddedCollateral, p.Alpha, Rounding.Up);
    }

    /// <summary>
    /// How far any position's p_liq (raw) may have risen between the accumulator its key was written at and
    /// <paramref name="borrowIndex"/>: zero while the accumulator has not moved since the last re-keying.
    /// </summary>
    public Int128 Slack(UInt128 borrowIndex)
    {
        if (borrowIndex < KeyedAtIndex)
            throw new InvalidOperationException($"the index is keyed at accumulator {KeyedAtIndex}, above the current {borrowIndex}: rebuild it");
        if (borrowIndex == KeyedAtIndex || _keys.Count == 0) return 0;
        // Saturating: a bound too large for Int128 (dust positions with huge debt per alpha) means the scan visits all.
        var moved = borrowIndex - KeyedAtIndex;
        var headroom = UInt128.MaxValue - _offsetMax - 2;
        if (_offsetMax > UInt128.MaxValue - 2 || (_slopeMax != 0 && moved > headroom / _slopeMax)) return Int128.MaxValue;
        var slack = moved * _slopeMax + _offsetMax + 2;
        return slack > (UInt128)Int128.MaxValue ? Int128.MaxValue : (Int128)slack;
    }

    private void Widen(Position p, Ppb threshold)
    {
        if (p.Alpha.IsZero) return; // its p_liq is zero whatever the accumulator
        var theta = (UInt128)threshold.Value;
        _slopeMax = UInt128.Max(_slopeMax, FullMath.MulDiv(theta, p.Borrowed.Units, p.Alpha.Units, Rounding.Up));
        _offsetMax = UInt128.Max(_offsetMax, FullMath.MulDiv(checked(theta * 1_000_000_000 + 1_000_000_000_000_000_000), 1, p.Alpha.Units, Rounding.Up));
    }

    public void Upsert(Position p, Ppb threshold, UInt128 borrowIndex)
    {
        if (borrowIndex < KeyedAtIndex)
            throw new InvalidOperationException($"the index is keyed at accumulator {KeyedAtIndex}, above {borrowIndex}: rebuild it when the accumulator moves back");
        RemoveEntry(p.Id);
        Widen(p, threshold);
        var key = LiquidationPrice(p, threshold, borrowIndex).Raw;
        _byPrice.Add((-key, p.Id));
        _keys[p.Id] = key;
        _bySize.Add((p.Alpha.Units, p.Id));
        _sizes[p.Id] = p.Alpha.Units;
        Version = Interlocked.Increment(ref s_versions);
    }

    public void Remove(long id)
    {
        RemoveEntry(id);
        Version = Interlocked.Increment(ref s_versions);
    }

    private void RemoveEntry(long id)
    {
        if (_keys.Remove(id, out var key)) _byPrice.Remove((-key, id));
        if (_sizes.Remove(id, out var size)) _bySize.Remove((size, id));
    }

    /// <summary>Re-keys every position: keys computed once, then each set built from a sorted array in O(n).</summary>
    public void Rebuild(IEnumerable<Position> positions, Ppb threshold, UInt128 borrowIndex)
    {
        // Let go of the old trees first: 100,000-entry sets kept alive while the new ones are built double the live
        // heap the collector must trace and promote (measured: re-keying 100,000 positions 41 ms with, 30 ms without).
        _byPrice = [];
        _bySize = [];
        _keys = [];
        _sizes = [];
        var positionList = positions as IReadOnlyCollection<Position> ?? positions.ToList();
        var entries = positionList.Select(p => (Key: LiquidationPrice(p, threshold, borrowIndex).Raw, p.Id, Alpha: p.Alpha.Units)).ToArray();
        _byPrice = new SortedSet<(Int128, long)>(entries.Select(e => (-e.Key, e.Id)));
        _bySize = new SortedSet<(UInt128, long)>(entries.Select(e => (e.Alpha, e.Id)));
        _keys = new Dictionary<long, Int128>(entries.Length);
        _sizes = new Dictionary<long, UInt128>(entries.Length);
        foreach (var (key, id, alpha) in entries) { _keys.Add(id, key); _sizes.Add(id, alpha); }
        KeyedAtIndex = borrowIndex;
        _slopeMax = _offsetMax = 0;
        foreach (var p in positionList) Widen(p, threshold);
        Version = Interlocked.Increment(ref s_versions);
    }

    /// <summary>
    /// Ids whose key is at or above <paramref name="floor"/> less <see cref="Slack"/> at <paramref name="borrowIndex"/>,
    /// highest key first: every position whose liquidation price at <paramref name="borrowIndex"/> reaches the floor,
    /// and possibly some just below it (the caller checks each exactly).
    /// </summary>
    public IEnumerable<long> AtOrAbove(Fixed floor, UInt128 borrowIndex)
    {
        var slack = Slack(borrowIndex);
        var lowest = floor.Raw < Int128.MinValue + slack ? Int128.MinValue : floor.Raw - slack;
        foreach (var (negKey, id) in _byPrice)
        {
            if (-negKey < lowest) yield break;
            yield return id;
        }
    }
}
