namespace Ballast.Margin.Liquidation;

/// <summary>
/// Consecutive liquidatable calls on one position: at most one a block; a missed block restarts the count; the
/// position is liquidated on the <c>LiquidationConfirmations</c>-th call. Callers are kept in order for the
/// reward split (½ to the first, the other half shared by the rest: ⅛ each with five calls).
/// </summary>
public sealed class LiquidationWindow
{
    public long FirstBlock { get; set; }
    public long LastCallBlock { get; set; }
    public List<string> Callers { get; init; } = [];
    public int Count => Callers.Count;

    public LiquidationWindow Clone() => new() { FirstBlock = FirstBlock, LastCallBlock = LastCallBlock, Callers = [.. Callers] };
}
