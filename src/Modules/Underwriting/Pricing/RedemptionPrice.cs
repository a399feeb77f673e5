using Ballast.Core.Numerics;

namespace Ballast.Underwriting.Pricing;

/// <summary>
/// The redemption prices of seed 002 §7.1.7, as exact fractions: a longZCB redeems for
/// <see cref="LongNumerator"/>/<see cref="LongDenominator"/> and a shortZCB for
/// <see cref="ShortNumerator"/>/<see cref="ShortDenominator"/> units of the asset.
/// With λ = realized − expected, net long c̄ = long supply − short supply and short supply c_s:
/// λ &gt; 0: ω = 1 + λ/(c̄ + c_s) (the long supply), shorts 0; λ ≤ 0: ω = max(1 + λ/c̄, 0), shorts 1 − ω.
/// </summary>
public readonly record struct RedemptionPrice(UInt128 LongNumerator, UInt128 LongDenominator, UInt128 ShortNumerator, UInt128 ShortDenominator)
{
    /// <summary>ω of <paramref name="longSupply"/>, <paramref name="shortSupply"/>, the expected and the realized value.</summary>
    public static RedemptionPrice Compute(UInt128 longSupply, UInt128 shortSupply, UInt128 expected, UInt128 realized)
    {
        if (shortSupply > longSupply) throw new ArgumentOutOfRangeException(nameof(shortSupply), "more shorts than longs: net long below zero");
        UInt128 net = longSupply - shortSupply;
        if (realized > expected)
        {
            UInt128 gain = realized - expected;
            // No long: nobody holds the junior claim, the gain stays with the vault; ω = 1 is the nominal price.
            return longSupply == 0 ? new(1, 1, 0, 1) : new(longSupply + gain, longSupply, 0, 1);
        }
        UInt128 loss = expected - realized;
        if (net == 0)
            // No first-loss capital: pairs alone (a long and a short each). Any loss sends the longs to 0, the shorts to 1.
            return loss == 0 ? new(1, 1, 0, 1) : new(0, 1, 1, 1);
        UInt128 absorbed = loss < net ? loss : net;
        return new(net - absorbed, net, absorbed, net);
    }

    /// <summary>ω as an 18-decimal number, rounded down.</summary>
    public Fixed Omega => new((Int128)FullMath.MulDiv(LongNumerator, (UInt128)Fixed.ScaleRaw, LongDenominator, Rounding.Down));
    /// <summary>max(1 − ω, 0), rounded down.</summary>
    public Fixed ShortOmega => new((Int128)FullMath.MulDiv(ShortNumerator, (UInt128)Fixed.ScaleRaw, ShortDenominator, Rounding.Down));
    /// <summary>Whether ω ≥ 1: the outcome reputations are scored on (§7.2).</summary>
    public bool Succeeded => LongNumerator >= LongDenominator;

    /// <summary>What <paramref name="longBonds"/> and <paramref name="shortBonds"/> redeem for, each part rounded down (dust stays with the vault).</summary>
    public Amount Payout(Amount longBonds, Amount shortBonds) =>
        new(FullMath.MulDiv(longBonds.Units, LongNumerator, LongDenominator, Rounding.Down)
            + FullMath.MulDiv(shortBonds.Units, ShortNumerator, ShortDenominator, Rounding.Down));
}
