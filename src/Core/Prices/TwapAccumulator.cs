using Ballast.Core.Hashing;
using Ballast.Core.Numerics;

namespace Ballast.Core.Prices;

/// <summary>
/// A Uniswap-style cumulative price: Σ price·blocks, with one observation per block in which the price changed,
/// kept for <see cref="HistoryBlocks"/>. A price set in block h counts from block h on, so the time-weighted
/// average up to now never includes a price moved inside the current block (manipulation resistance).
/// </summary>
public sealed class TwapAccumulator
{
    internal readonly record struct Observation(long Height, Int128 Cumulative, Fixed Price);

    private readonly List<Observation> _observations = [];
    private int _start;

    public TwapAccumulator(long historyBlocks) => HistoryBlocks = historyBlocks;

    public long HistoryBlocks { get; }
    public bool HasPrice => _observations.Count > _start;
    public Fixed LastPrice => _observations[^1].Price;
    public long LastHeight => _observations[^1].Height;
    public long FirstHeight => _observations[_start].Height;

    public void Record(long height, Fixed price)
    {
        if (!HasPrice)
        {
            _observations.Add(new Observation(height, 0, price));
            return;
        }
        var last = _observations[^1];
        if (height < last.Height) throw new InvalidOperationException("observations must not go back in time");
        if (height == last.Height)
        {
            _observations[^1] = last with { Price = price };
            return;
        }
        var cumulative = checked(last.Cumulative + last.Price.Raw * (height - last.Height));
        _observations.Add(new Observation(height, cumulative, price));
        Prune(height);
    }

    /// <summary>Σ price·blocks from the first observation up to <paramref name="height"/> (≥ the first observation).</summary>
    public Int128 CumulativeAt(long height)
    {
        int lo = _start, hi = _observations.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_observations[mid].Height <= height) lo = mid; else hi = mid - 1;
        }
        var o = _observations[lo];
        return checked(o.Cumulative + o.Price.Raw * (height - o.Height));
    }

    /// <summary>Average price over the <paramref name="windowBlocks"/> blocks before <paramref name="height"/>.</summary>
    public bool TryTwap(long height, long windowBlocks, out Fixed twap)
    {
        twap = Fixed.Zero;
        if (!HasPrice || height - windowBlocks < FirstHeight) return false;
        var delta = CumulativeAt(height) - CumulativeAt(height - windowBlocks);
        twap = new Fixed(FullMath.MulDiv(delta, 1, windowBlocks, Rounding.Down));
        return true;
    }

    private void Prune(long height)
    {
        // Keep one observation at or before the oldest height a window may still ask for.
        long oldest = height - HistoryBlocks;
        while (_start + 1 < _observations.Count && _observations[_start + 1].Height <= oldest) _start++;
    }

    /// <summary>Frees pruned observations; called only between transactions, so undo marks stay valid.</summary>
    internal void Compact()
    {
        if (_start > 1024 && _start > _observations.Count / 2)
        {
            _observations.RemoveRange(0, _start);
            _start = 0;
        }
    }

    /// <summary>Where the accumulator stands, to undo the records of a rejected transaction.</summary>
    internal readonly record struct Mark(int Count, int Start, Observation Last);

    internal Mark GetMark() => new(_observations.Count, _start, _observations.Count > 0 ? _observations[^1] : default);

    internal void Undo(Mark mark)
    {
        if (_observations.Count > mark.Count) _observations.RemoveRange(mark.Count, _observations.Count - mark.Count);
        if (mark.Count > 0) _observations[mark.Count - 1] = mark.Last;
        _start = mark.Start;
    }

    /// <summary>The observations a window may still read, oldest first (what a state file keeps).</summary>
    internal IReadOnlyList<Observation> KeptObservations() => _observations.GetRange(_start, _observations.Count - _start);

    /// <summary>Appends an observation as it was kept (a state file): no cumulative is recomputed.</summary>
    internal void AppendKept(long height, Int128 cumulative, Fixed price) => _observations.Add(new Observation(height, cumulative, price));

    public TwapAccumulator Clone()
    {
        var copy = new TwapAccumulator(HistoryBlocks);
        for (int i = _start; i < _observations.Count; i++) copy._observations.Add(_observations[i]);
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write(_observations.Count - _start);
        for (int i = _start; i < _observations.Count; i++)
        {
            hasher.Write(_observations[i].Height);
            hasher.Write(_observations[i].Cumulative);
            hasher.Write(_observations[i].Price);
        }
    }
}
