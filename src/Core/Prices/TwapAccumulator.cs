using System.Buffers.Binary;
using Ballast.Core.Hashing;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Core.Prices;

/// <summary>
/// A Uniswap-style cumulative price: Σ price·blocks, with one observation per block in which a price was recorded,
/// kept for <see cref="HistoryBlocks"/>. A price set in block h counts from block h on, so the time-weighted
/// average up to now never includes a price moved inside the current block (manipulation resistance).
/// <para>
/// Its state hash is O(1), not O(kept observations): the node hashes the state after every block, and a source
/// recorded every block keeps <see cref="HistoryBlocks"/> (216,000) observations. An observation is <em>sealed</em>
/// once a later block records a price (until then a second record in its block may still change its price); each sealed
/// observation is appended once to a SHA-256 hash chain (<see cref="HashChain"/>: height ‖ cumulative ‖ price), and
/// the hash writes the history length, the kept count, the chain's head and the last (unsealed) observation. The
/// chain covers every sealed observation since the first, pruned ones too, so it commits to more than the window a
/// TWAP may read: the window is a suffix of that sequence, so two accumulators with the same head have the same
/// window unless SHA-256 has a collision — the guarantee hashing the kept observations one by one gave. (A chain
/// over only the kept ones would need removing from its front, which a hash chain cannot do.) The head is a value,
/// so undo marks, clones and compaction carry it unchanged; a state file stores it beside the kept observations.
/// The chain is extended lazily, when something needs its head (the hash, a clone, a state file, compaction before it
/// frees observations): a simulation that never hashes its state pays no SHA-256 per block, the node pays one per
/// source and block. Its value does not depend on when it is extended (one link per observation, in order).
/// </para>
/// <para>
/// The observations live in a <see cref="CopyOnWriteChunkList{T}"/>, so a clone (the node's snapshot of the state,
/// taken while every block waits) shares them instead of copying up to 216,000 per source.
/// </para>
/// </summary>
public sealed class TwapAccumulator
{
    internal readonly record struct Observation(long Height, Int128 Cumulative, Fixed Price);

    private CopyOnWriteChunkList<Observation> _observations = new();
    private readonly object _folding = new();
    private int _start;
    // The chain over every observation before _observations[_folded] (pruned and compacted ones included), oldest
    // first; _folded ≤ Count − 1, since the last observation is not sealed. Extended by Fold (see the type's comment).
    private HashChain _sealed;
    private int _folded;

    public TwapAccumulator(long historyBlocks) => HistoryBlocks = historyBlocks;

    public long HistoryBlocks { get; }
    public bool HasPrice => _observations.Count > _start;
    public Fixed LastPrice => _observations.Last.Price;
    public long LastHeight => _observations.Last.Height;
    public long FirstHeight => _observations[_start].Height;

    public void Record(long height, Fixed price)
    {
        if (!HasPrice)
        {
            _observations.Add(new Observation(height, 0, price));
            return;
        }
        var last = _observations.Last;
        if (height < last.Height) throw new InvalidOperationException("observations must not go back in time");
        if (height == last.Height)
        {
            _observations.SetLast(last with { Price = price });
            return;
        }
        var cumulative = checked(last.Cumulative + last.Price.Raw * (height - last.Height));
        _observations.Add(new Observation(height, cumulative, price));
        Prune(height);
    }

    /// <summary>Extends the chain over every sealed observation not yet in it. Locked: two readers may hash at once.</summary>
    private void Fold()
    {
        lock (_folding)
        {
            for (int last = _observations.Count - 1; _folded < last; _folded++) _sealed = Seal(_sealed, _observations[_folded]);
        }
    }

    /// <summary>The chain after <paramref name="observation"/> stops being the last: height ‖ cumulative ‖ price, little-endian.</summary>
    internal static HashChain Seal(HashChain chain, Observation observation)
    {
        Span<byte> entry = stackalloc byte[8 + 16 + 16];
        BinaryPrimitives.WriteInt64LittleEndian(entry, observation.Height);
        BinaryPrimitives.WriteInt128LittleEndian(entry[8..], observation.Cumulative);
        BinaryPrimitives.WriteInt128LittleEndian(entry[24..], observation.Price.Raw);
        return chain.Append(entry);
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
            Fold(); // the observations freed must be in the chain first
            _folded -= _start;
            _observations.RemovePrefix(_start);
            _start = 0;
        }
    }

    /// <summary>Observations held in memory, pruned ones not yet compacted away included.</summary>
    internal int StoredObservations => _observations.Count;

    /// <summary>Where the accumulator stands, to undo the records of a rejected transaction.</summary>
    internal readonly record struct Mark(int Count, int Start, Observation Last, HashChain Sealed, int Folded);

    internal Mark GetMark() => new(_observations.Count, _start, _observations.Count > 0 ? _observations.Last : default, _sealed, _folded);

    internal void Undo(Mark mark)
    {
        if (_observations.Count > mark.Count) _observations.Truncate(mark.Count);
        if (mark.Count > 0) _observations.SetLast(mark.Last);
        _start = mark.Start;
        // A chain extended over an observation the undo removes or reopens (the mark's last) goes back to the mark's;
        // a shorter extension covers observations the undo keeps as they were, and stays.
        if (_folded > Math.Max(mark.Count - 1, 0))
        {
            _sealed = mark.Sealed;
            _folded = mark.Folded;
        }
    }

    /// <summary>The observations a window may still read, oldest first (what a state file keeps).</summary>
    internal IEnumerable<Observation> KeptObservations() => _observations.From(_start);

    /// <summary>How many observations a window may still read (<see cref="KeptObservations"/>).</summary>
    internal int KeptCount => _observations.Count - _start;

    /// <summary>Appends an observation as it was kept (a state file): no cumulative is recomputed.</summary>
    internal void AppendKept(long height, Int128 cumulative, Fixed price) => _observations.Add(new Observation(height, cumulative, price));

    /// <summary>The head of the chain of sealed observations (what a state file keeps beside the kept observations).</summary>
    internal HashChain SealedChain
    {
        get
        {
            Fold();
            return _sealed;
        }
    }

    /// <summary>Sets the chain's head as it was kept (a state file); the file's state hash checks it.</summary>
    internal void RestoreSealedChain(HashChain sealedChain)
    {
        _sealed = sealedChain;
        _folded = Math.Max(_observations.Count - 1, 0);
    }

    public TwapAccumulator Clone()
    {
        Fold();
        // The kept observations' chunks are shared, not copied: O(chunks).
        return new TwapAccumulator(HistoryBlocks) { _sealed = _sealed, _folded = _folded - _start, _observations = _observations.Clone(_start) };
    }

    /// <summary>O(1): the history length, the kept count, the sealed chain's head and the last observation.</summary>
    public void WriteHash(StateHasher hasher)
    {
        hasher.Write(HistoryBlocks);
        hasher.Write(_observations.Count - _start);
        Fold();
        hasher.Write(_sealed);
        if (!HasPrice) return;
        var last = _observations.Last;
        hasher.Write(last.Height);
        hasher.Write(last.Cumulative);
        hasher.Write(last.Price);
    }
}
