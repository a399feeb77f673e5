using System.Collections.Immutable;

namespace Ballast.Margin.Liquidation;

/// <summary>
/// Consecutive liquidatable calls on one position: at most one a block; a missed block restarts the count; the
/// position is liquidated on the <c>LiquidationConfirmations</c>-th call. Callers are kept in order for the
/// reward split (½ to the first, the other half shared by the rest: ⅛ each with five calls). Immutable: a call
/// replaces the window.
/// </summary>
internal sealed record LiquidationWindow(long FirstBlock, long LastCallBlock, ImmutableArray<string> Callers)
{
    /// <summary>The window after a call by <paramref name="caller"/> in block <paramref name="height"/>.</summary>
    public LiquidationWindow Called(string caller, long height) => this with { LastCallBlock = height, Callers = Callers.Add(caller) };
}
