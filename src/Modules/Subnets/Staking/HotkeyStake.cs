using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Subnets.Staking;

/// <summary>
/// Alpha staked to one hotkey on one subnet, held as shares (as subtensor's share pool does): emission credited to
/// the hotkey raises the alpha per share, so it reaches every delegator in O(1).
/// </summary>
internal sealed class HotkeyStake : StateObject
{
    public required string Hotkey { get; init; }
    public Amount TotalAlpha { get; set => Set(ref field, value); }
    public UInt128 TotalShares { get; set => Set(ref field, value); }
    public StateMap<string, UInt128> SharesByColdkey { get; } = new();

    /// <summary>Alpha a coldkey's shares are worth (rounded down).</summary>
    public Amount AlphaOf(string coldkey) =>
        SharesByColdkey.TryGetValue(coldkey, out var shares) && TotalShares != 0
            ? TotalAlpha.MulDiv(shares, TotalShares, Rounding.Down)
            : Amount.Zero;

    /// <summary>Shares minted for a deposit: the first staker gets one share per unit; later ones pro rata, rounded down.</summary>
    public UInt128 SharesFor(Amount alpha) =>
        TotalShares == 0 || TotalAlpha.IsZero ? alpha.Units : FullMath.MulDiv(alpha.Units, TotalShares, TotalAlpha.Units, Rounding.Down);

    /// <summary>Shares burned to withdraw <paramref name="alpha"/>: rounded up, so the remaining stakers never lose.</summary>
    public UInt128 SharesToBurn(Amount alpha) =>
        FullMath.MulDiv(alpha.Units, TotalShares, TotalAlpha.Units, Rounding.Up);
}
