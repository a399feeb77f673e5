using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// An account's one net position in a market: long (positive size) or short (negative size). Immutable: opening more
/// on the same side replaces it with the sum, an order on the other side reduces it (the closed fraction is settled),
/// closing or liquidation removes it.
/// </summary>
internal sealed record PerpPosition
{
    public required long Id { get; init; }
    public required string Trader { get; init; }
    public required string Market { get; init; }
    /// <summary>Base units, signed: positive long, negative short.</summary>
    public required Fixed Size { get; init; }
    /// <summary>Quote paid (long) or received (short) for the open size.</summary>
    public required Fixed OpenNotional { get; init; }
    public required Amount Margin { get; init; }
    /// <summary>Notional in TAO at the index when opened (or last increased), over the margin: what the fee and L̄ use.</summary>
    public required Fixed Leverage { get; init; }
    public required Fixed EntryPrice { get; init; }
    /// <summary>The cumulative funding per unit this position's funding is owed from (blended when the position grows).</summary>
    public required Fixed FundingAtOpen { get; init; }
    public required long OpenedAt { get; init; }

    internal bool IsLong => Size.IsPositive;
    internal PerpSide Side => IsLong ? PerpSide.Long : PerpSide.Short;
}
