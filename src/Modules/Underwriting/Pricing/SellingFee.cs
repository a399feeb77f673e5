using Ballast.Core.Numerics;

namespace Ballast.Underwriting.Pricing;

/// <summary>
/// The post-assessment selling fee of seed 002 §3.2 and §5.3, charged on longZCB sells and shortZCB buys:
/// rate = max rate · (blocks to maturity / duration) · (1 − min(1, locked VT value / notional)). It decays linearly to 0
/// at maturity and shrinks with the seller's locked VT (which keeps it exposed to the instrument).
/// </summary>
public static class SellingFee
{
    /// <summary>The fee on a trade of <paramref name="notional"/> asset units, rounded up (the vault's favour).</summary>
    public static Amount Of(Amount notional, Ppb maxRate, long blocksToMaturity, long durationBlocks, Amount lockedValue)
    {
        if (notional.IsZero || maxRate.Value == 0 || blocksToMaturity <= 0 || durationBlocks <= 0) return Amount.Zero;
        long remaining = Math.Min(blocksToMaturity, durationBlocks);
        var timed = maxRate.Of(notional, Rounding.Up).MulDiv((UInt128)remaining, (UInt128)durationBlocks, Rounding.Up);
        if (lockedValue >= notional) return Amount.Zero;
        return timed.MulDiv(notional - lockedValue, notional, Rounding.Up);
    }
}
