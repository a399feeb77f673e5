using Ballast.Core.Numerics;

namespace Ballast.Margin.Model;

/// <summary>
/// A leveraged long: alpha bought with the trader's collateral plus borrowed TAO. The borrowing fee owed is
/// <c>Borrowed·(acc_now − BorrowIndexAtOpen)/1e9</c> on the protocol's one global accumulator.
/// </summary>
public sealed class Position
{
    public required long Id { get; init; }
    public required string Owner { get; init; }
    public required int Netuid { get; init; }
    public required Amount InitialCollateral { get; set; }
    public Amount AddedCollateral { get; set; }
    public required Amount Borrowed { get; set; }
    public required Amount Alpha { get; set; }
    public required Fixed Leverage { get; init; }
    /// <summary>TAO paid per alpha at open (after the trading fee).</summary>
    public required Fixed EntryPrice { get; init; }
    public required long OpenedAt { get; init; }
    public required UInt128 BorrowIndexAtOpen { get; init; }

    public Position Clone() => (Position)MemberwiseClone();
}
