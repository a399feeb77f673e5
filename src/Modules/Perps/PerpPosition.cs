using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// A long (positive size) or short (negative size) perpetual position, with its liquidation trigger fixed at open.
/// Immutable: a position is opened and then closed or liquidated, never changed.
/// </summary>
internal sealed record PerpPosition
{
    public required long Id { get; init; }
    public required string Trader { get; init; }
    public required string Market { get; init; }
    /// <summary>Base units, signed: positive long, negative short.</summary>
    public required Fixed Size { get; init; }
    /// <summary>Quote paid (long) or received (short) at open.</summary>
    public required Fixed OpenNotional { get; init; }
    public required Amount Margin { get; init; }
    public required Fixed Leverage { get; init; }
    public required Fixed EntryPrice { get; init; }
    public required Fixed FundingAtOpen { get; init; }
    public required long OpenedAt { get; init; }
    /// <summary>Index price at which |Δp/p0| = (1 − μ)/L against the position.</summary>
    public required Fixed LiquidationPrice { get; init; }

    internal bool IsLong => Size.IsPositive;
    internal PerpSide Side => IsLong ? PerpSide.Long : PerpSide.Short;
}
