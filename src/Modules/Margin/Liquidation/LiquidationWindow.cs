using Ballast.Core.Blocks;
using System.Collections.Immutable;

namespace Ballast.Margin.Liquidation;

/// <summary>
/// Consecutive liquidatable calls on one position: at most one a block; the position is liquidated on the
/// <c>LiquidationConfirmations</c>-th call. When the count restarts is <see cref="LiquidationWindowRule"/>: the deployed
/// contract (Tensora-org/subnet67-archive contracts/core/TenexiumProtocol.sol, liquidatePosition) restarts it only once
/// <c>LiquidationConfirmations</c> blocks have passed since the window's first call; the other reading at any missed block. Callers are kept in order for the
/// reward split (½ to the first, the other half shared by the rest: ⅛ each with five calls). Immutable: a call
/// replaces the window.
/// </summary>
internal sealed record LiquidationWindow(long FirstBlock, long LastCallBlock, ImmutableArray<string> Callers)
{
    /// <summary>The window after a call by <paramref name="caller"/> in block <paramref name="height"/>.</summary>
    public LiquidationWindow Called(string caller, long height) => this with { LastCallBlock = height, Callers = Callers.Add(caller) };

    /// <summary>Whether a call in block <paramref name="height"/> starts a new window instead of continuing this one.</summary>
    public bool RestartsAt(long height, MarginParameters p) => p.LiquidationWindowRule switch
    {
        LiquidationWindowRule.AnchoredToFirstCall => height - FirstBlock >= p.LiquidationConfirmations,
        LiquidationWindowRule.RestartOnMissedBlock => LastCallBlock != height - 1,
        _ => throw new InvariantViolationException($"unknown liquidation window rule {p.LiquidationWindowRule}"),
    };
}
