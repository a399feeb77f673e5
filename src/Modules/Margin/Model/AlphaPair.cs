using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Margin.Liquidation;

namespace Ballast.Margin.Model;

/// <summary>
/// A subnet whose alpha can be bought with leverage, with its own caps and running totals, and (derived) the
/// liquidation index of its open positions.
/// </summary>
internal sealed class AlphaPair : StateObject
{
    public required int Netuid { get; init; }
    public required Fixed MaxLeverage { get; set => Set(ref field, value); }
    /// <summary>Health below this is liquidatable: 1.05e9–1.10e9 ppb (105%–110%), default 110%.</summary>
    public required Ppb LiquidationThreshold { get; set => Set(ref field, value); }
    /// <summary>Largest price impact a trader may accept on this pair.</summary>
    public required Bps MaxSlippage { get; set => Set(ref field, value); }
    public bool Active { get; set => Set(ref field, value); } = true;
    public Amount TotalCollateral { get; set => Set(ref field, value); }
    public Amount TotalBorrowed { get; set => Set(ref field, value); }
    public Amount TotalAlpha { get; set => Set(ref field, value); }

    /// <summary>The pair's open positions by liquidation price (derived: maintained by every writer, rebuilt after a clone or a rollback).</summary>
    [Derived] public LiquidationIndex? Index { get; set; }

    /// <summary>
    /// The <see cref="LiquidationIndex.Version"/> the index had after the last write to it, recorded through the
    /// journal: a rolled-back transaction restores it, so a mismatch with the index's own version tells
    /// <see cref="MarginState.RebuildDerived"/> that the index holds undone writes and must be rebuilt.
    /// </summary>
    [Derived] private long _indexVersion;

    /// <summary>Records (journaled) that the index was just written.</summary>
    public void IndexWritten()
    {
        Touch();
        _indexVersion = Index!.Version;
    }

    /// <summary>Whether the index reflects the pair's positions as the journal left them.</summary>
    public bool IndexCurrent => Index is not null && Index.Version == _indexVersion;

    /// <summary>After a rebuild outside any transaction's record (a clone, a rollback).</summary>
    public void IndexRebuilt() => _indexVersion = Index!.Version;
}
