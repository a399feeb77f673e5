using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Numerics;

namespace Ballast.Core.Prices;

/// <summary>
/// Every price the modules may read: external feeds (<c>TAO/USD</c>) and module pools (<c>subnet:3</c>), through
/// one interface: spot with a staleness check, and time-weighted averages over any window within the history.
/// Later modules read prices only through this.
/// </summary>
public sealed class PriceOracle : IPriceView
{
    /// <summary>How much history a source keeps for TWAP windows: 30 days of 12-second blocks.</summary>
    public const long DefaultHistoryBlocks = 30 * BlockClock.BlocksPerDay;

    private readonly SortedDictionary<string, PriceSource> _sources = new(StringComparer.Ordinal);

    // Undo log of the current transaction: a rejected transaction leaves no price behind (as the ledger's journal).
    private readonly List<(string Name, bool Created, TwapAccumulator.Mark Mark)> _journal = [];

    public IEnumerable<PriceSource> Sources => _sources.Values;
    public bool Exists(string name) => _sources.ContainsKey(name);

    public void AddFeed(string name, long maxAgeBlocks, long historyBlocks = DefaultHistoryBlocks)
    {
        _sources.Add(name, new PriceSource(name, PriceSourceKind.Feed, maxAgeBlocks, new TwapAccumulator(historyBlocks)));
        _journal.Add((name, true, default));
    }

    /// <summary>Records a feed price (the caller checked the feeder role) or a pool price (created on first record).</summary>
    public void Record(string name, long height, Fixed price)
    {
        if (!_sources.TryGetValue(name, out var source))
        {
            _sources.Add(name, source = new PriceSource(name, PriceSourceKind.Pool, 0, new TwapAccumulator(DefaultHistoryBlocks)));
            _journal.Add((name, true, default));
        }
        else
        {
            // The accumulator refuses (overflow) before it changes; journal only a record that happened, so an absurd
            // price is a refusal of input rather than a failure after a write.
            var mark = source.Accumulator.GetMark();
            source.Accumulator.Record(height, price);
            _journal.Add((name, false, mark));
            return;
        }
        source.Accumulator.Record(height, price);
    }

    /// <summary>Adds a source as it was (a state file), unjournaled.</summary>
    internal void Put(PriceSource source) => _sources.Add(source.Name, source);

    internal int Checkpoint() => _journal.Count;

    internal void RollbackTo(int checkpoint)
    {
        for (int i = _journal.Count - 1; i >= checkpoint; i--)
        {
            var (name, created, mark) = _journal[i];
            if (created) _sources.Remove(name);
            else _sources[name].Accumulator.Undo(mark);
        }
        _journal.RemoveRange(checkpoint, _journal.Count - checkpoint);
    }

    internal void ClearJournal()
    {
        if (_journal.Count == 0) return;
        foreach (var (name, _, _) in _journal)
            if (_sources.TryGetValue(name, out var source)) source.Accumulator.Compact();
        _journal.Clear();
    }

    public bool TryGetSource(string name, out PriceSource source) => _sources.TryGetValue(name, out source!);

    /// <summary>The latest price, refused when unknown, never posted, or older than the feed's limit.</summary>
    public TxResult TryGetSpot(string name, long height, out Fixed price)
    {
        price = Fixed.Zero;
        var check = CheckFresh(name, height, out var source);
        if (!check.Accepted) return check;
        price = source!.Accumulator.LastPrice;
        return TxResult.Ok;
    }

    /// <summary>Average over the <paramref name="windowBlocks"/> blocks before <paramref name="height"/>.</summary>
    public TxResult TryGetTwap(string name, long height, long windowBlocks, out Fixed price)
    {
        price = Fixed.Zero;
        if (windowBlocks <= 0)
            return TxResult.Reject(PriceErrors.InvalidTwapWindow, $"a TWAP window must be at least 1 block; got {windowBlocks}");
        var check = CheckFresh(name, height, out var source);
        if (!check.Accepted) return check;
        if (!source!.Accumulator.TryTwap(height, windowBlocks, out price))
            return TxResult.Reject(PriceErrors.TwapWindowTooLong,
                $"{name} has history from block {source.Accumulator.FirstHeight}; a {windowBlocks}-block window at block {height} reaches before it");
        return TxResult.Ok;
    }

    private TxResult CheckFresh(string name, long height, out PriceSource? source)
    {
        if (!_sources.TryGetValue(name, out source))
            return TxResult.Reject(PriceErrors.UnknownPriceSource, $"no price source '{name}'");
        if (!source.Accumulator.HasPrice)
            return TxResult.Reject(PriceErrors.NoPriceYet, $"{name} has no price yet");
        if (source.Kind == PriceSourceKind.Feed && height - source.Accumulator.LastHeight > source.MaxAgeBlocks)
            return TxResult.Reject(PriceErrors.StalePrice,
                $"{name} was last posted at block {source.Accumulator.LastHeight}, {height - source.Accumulator.LastHeight} blocks ago; the limit is {source.MaxAgeBlocks}");
        return TxResult.Ok;
    }

    public PriceOracle Clone()
    {
        if (_journal.Count != 0) throw new InvalidOperationException("cannot snapshot inside a transaction");
        var copy = new PriceOracle();
        foreach (var (name, source) in _sources) copy._sources.Add(name, source.Clone());
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("prices");
        foreach (var (name, source) in _sources)
        {
            hasher.Write(name);
            hasher.Write((int)source.Kind);
            hasher.Write(source.MaxAgeBlocks);
            source.Accumulator.WriteHash(hasher);
        }
    }
}
