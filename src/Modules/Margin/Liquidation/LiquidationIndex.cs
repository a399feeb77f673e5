using Ballast.Core.Numerics;
using Ballast.Margin.Model;

namespace Ballast.Margin.Liquidation;

/// <summary>
/// Open positions of one pair ordered by their liquidation price at spot, p_liq = (threshold·debt − added)/alpha,
/// highest first, and by size. Selling is concave in the amount sold, so selling alpha ≤ a_max (the largest
/// position) returns at least alpha·quote(a_max)/a_max, and every position with p_liq below quote(a_max)/a_max is
/// healthy: a scan stops there and costs O(k log n) for the k positions near or past their threshold. Debt uses the undiscounted
/// borrowing fee (an upper bound), so the bound stays conservative. Keys depend on the borrow accumulator, so the
/// writer that moves it re-keys every index (once per accrual period).
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

    /// <summary>The borrow accumulator the keys were computed at.</summary>
    public UInt128 KeyedAtIndex { get; private set; }

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

    public void Upsert(Position p, Ppb threshold, UInt128 borrowIndex)
    {
        if (borrowIndex != KeyedAtIndex)
            throw new InvalidOperationException($"the index is keyed at accumulator {KeyedAtIndex}, not {borrowIndex}: re-key it when the accumulator moves");
        RemoveEntry(p.Id);
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
        var entries = positions.Select(p => (Key: LiquidationPrice(p, threshold, borrowIndex).Raw, p.Id, Alpha: p.Alpha.Units)).ToArray();
        _byPrice = new SortedSet<(Int128, long)>(entries.Select(e => (-e.Key, e.Id)));
        _bySize = new SortedSet<(UInt128, long)>(entries.Select(e => (e.Alpha, e.Id)));
        _keys = new Dictionary<long, Int128>(entries.Length);
        _sizes = new Dictionary<long, UInt128>(entries.Length);
        foreach (var (key, id, alpha) in entries) { _keys.Add(id, key); _sizes.Add(id, alpha); }
        KeyedAtIndex = borrowIndex;
        Version = Interlocked.Increment(ref s_versions);
    }

    /// <summary>Ids whose liquidation price is at or above <paramref name="floor"/>, highest first.</summary>
    public IEnumerable<long> AtOrAbove(Fixed floor)
    {
        foreach (var (negKey, id) in _byPrice)
        {
            if (-negKey < floor.Raw) yield break;
            yield return id;
        }
    }
}
