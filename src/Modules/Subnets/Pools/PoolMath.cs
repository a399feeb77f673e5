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
}
