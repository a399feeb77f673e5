using Ballast.Core.Numerics;

namespace Ballast.Subnets.Pools;

/// <summary>
/// Exact swap quotes for a subnet pool. Outputs round down (in the pool's favour): after any swap the pool's
/// invariant (x·y, or Π balance^weight) does not fall. Weights are the pool's TAO and alpha weights, summing to 1.
/// </summary>
public static class PoolMath
{
    /// <summary>Price of one alpha in TAO: (w_alpha·TAO)/(w_tao·alpha); for equal weights TAO/alpha.</summary>
    public static Fixed SpotPrice(Amount taoReserve, Amount alphaReserve, Fixed taoWeight, Fixed alphaWeight, Rounding rounding)
    {
        if (alphaReserve.IsZero) return Fixed.Zero;
        var ratio = Fixed.Ratio(taoReserve, alphaReserve, rounding);
        return taoWeight == alphaWeight ? ratio : ratio.Mul(alphaWeight, rounding).Div(taoWeight, rounding);
    }

    /// <summary>
    /// What selling <paramref name="amountIn"/> into a pool with balances (in, out) returns, before fees.
    /// Constant product: out·Δ/(in+Δ). Weighted: out·(1 − (in/(in+Δ))^(w_in/w_out)), the power rounded up by
    /// its error bound so the pool never pays out more than the exact formula would.
    /// </summary>
    public static Amount AmountOut(PoolKind kind, Amount reserveIn, Amount reserveOut, Fixed weightIn, Fixed weightOut, Amount amountIn)
    {
        if (amountIn.IsZero || reserveOut.IsZero) return Amount.Zero;
        var newIn = reserveIn + amountIn;
        bool constantProduct = kind switch
        {
            PoolKind.ConstantProduct => true,
            PoolKind.Weighted => weightIn == weightOut,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), $"no pool kind {(int)kind}"),
        };
        if (constantProduct)
            return reserveOut.MulDiv(amountIn, newIn, Rounding.Down);
        var ratio = Fixed.Ratio(reserveIn, newIn, Rounding.Up);
        var exponent = weightIn.Div(weightOut, Rounding.Up);
        var power = FixedMath.Pow(ratio, exponent);
        // Round the power up by its relative error bound (plus one ulp) so the payout errs toward the pool.
        power = power + power.Mul(FixedMath.PowRelativeErrorBound, Rounding.Up) + new Fixed(1);
        if (power >= Fixed.One) return Amount.Zero;
        return (Fixed.One - power).MulAmount(reserveOut, Rounding.Down);
    }

    /// <summary>
    /// The TAO reserve at which a constant-product pool holding (<paramref name="taoReserve"/>,
    /// <paramref name="alphaReserve"/>) prices alpha at <paramref name="target"/>, moving along x·y = k:
    /// TAO' = ⌊√(k·p')⌋ with k = TAO·alpha, exactly (one integer square root of a 256-bit quotient, no series).
    /// Rounded down: with an input of TAO' − TAO the pool ends at or below the target, never past it (see
    /// <see cref="InputToReach"/>). <see cref="OverflowException"/> when the reserve would not fit in 128 bits.
    /// </summary>
    public static Amount ConstantProductTaoAt(Amount taoReserve, Amount alphaReserve, Fixed target) =>
        // k·p' = TAO·alpha·P'/1e18 with P' the target's raw 18-decimal value; ⌊√⌊q⌋⌋ = ⌊√q⌋, so one floor suffices.
        new(FullMath.SqrtMulMulDiv(taoReserve.Units, alphaReserve.Units, (UInt128)target.Raw, (UInt128)Fixed.ScaleRaw));

    /// <summary>
    /// The alpha reserve at which a constant-product pool prices alpha at <paramref name="target"/>:
    /// alpha' = ⌊√(k/p')⌋ = ⌊√(TAO·alpha·1e18/P')⌋, exactly. Rounded down: the pool ends at or above the target.
    /// </summary>
    public static Amount ConstantProductAlphaAt(Amount taoReserve, Amount alphaReserve, Fixed target) =>
        new(FullMath.SqrtMulMulDiv(taoReserve.Units, alphaReserve.Units, (UInt128)Fixed.ScaleRaw, (UInt128)target.Raw));

    /// <summary>
    /// The input (before the swap fee) that moves a pool to <paramref name="target"/>, and its direction: TAO in when
    /// the target is at or above the spot price (rounded down), alpha in when below; zero when the pool is already
    /// there to the unit. For the invariant TAO^w_tao·alpha^w_alpha, alpha' = alpha·(p/p')^w_tao and
    /// TAO' = TAO·(p'/p)^w_alpha.
    /// <para>
    /// Constant product (weights ½/½): the new reserve is ⌊√(k·p')⌋ (TAO) or ⌊√(k/p')⌋ (alpha), exact. The rule: round
    /// the reserve, hence the input, down. The input is then the largest whole number of units that does not carry the
    /// exact curve past the target (one unit more would), so the swapper is never paid more output than the exact move
    /// to the target pays; rounding up could pay up to one unit's worth more and leave the pool past the target. This
    /// errs toward the pool, as every other rounding of its quotes does. With the pool's own rounding (outputs down),
    /// the spot price after a TAO-in swap of this input is at or below the target, after an alpha-in swap at or above
    /// it (before the fee, which the pool keeps: a swap grossed up for it ends just past the target, as before).
    /// </para>
    /// <para>
    /// Other weights: the fractional power through <see cref="FixedMath.Pow"/> (ln/exp series) of the spot price
    /// ratio, rounded down as well.
    /// </para>
    /// </summary>
    public static Amount InputToReach(Amount taoReserve, Amount alphaReserve, Fixed taoWeight, Fixed alphaWeight, Fixed target, out bool taoIn)
    {
        var price = SpotPrice(taoReserve, alphaReserve, taoWeight, alphaWeight, Rounding.Down);
        taoIn = target >= price;
        if (taoWeight == alphaWeight)
        {
            return taoIn
                ? ConstantProductTaoAt(taoReserve, alphaReserve, target).SaturatingSub(taoReserve)
                : ConstantProductAlphaAt(taoReserve, alphaReserve, target).SaturatingSub(alphaReserve);
        }
        if (!taoIn)
        {
            var newAlpha = FixedMath.Pow(price.Div(target, Rounding.Down), taoWeight).MulAmount(alphaReserve, Rounding.Down);
            return newAlpha.SaturatingSub(alphaReserve);
        }
        var newTao = FixedMath.Pow(target.Div(price, Rounding.Down), alphaWeight).MulAmount(taoReserve, Rounding.Down);
        return newTao.SaturatingSub(taoReserve);
    }
}
