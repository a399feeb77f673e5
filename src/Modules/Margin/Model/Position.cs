using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Margin.Model;

/// <summary>
/// A leveraged long: alpha bought with the trader's collateral plus borrowed TAO. The borrowing fee owed is
/// <c>Borrowed·(acc_now − BorrowIndexAtOpen)/1e9</c> on the protocol's one global accumulator. A partial close or
/// added collateral changes the journaled amounts; the rest is fixed at open.
/// </summary>
internal sealed class Position : StateObject
{
    public required long Id { get; init; }
    public required string Owner { get; init; }
    public required int Netuid { get; init; }
    public required Amount InitialCollateral { get; set => Set(ref field, value); }
    public Amount AddedCollateral { get; set => Set(ref field, value); }
    public required Amount Borrowed { get; set => Set(ref field, value); }
    public required Amount Alpha { get; set => Set(ref field, value); }
    public required Fixed Leverage { get; init; }
    /// <summary>TAO paid per alpha at open (after the trading fee).</summary>
    public required Fixed EntryPrice { get; init; }
    public required long OpenedAt { get; init; }
    public required UInt128 BorrowIndexAtOpen { get; init; }
    /// <summary>The owner's fee discount when the position opened: its borrowing-fee discount under per-accrual LP interest.</summary>
    public required Ppb DiscountAtOpen { get; init; }
}
