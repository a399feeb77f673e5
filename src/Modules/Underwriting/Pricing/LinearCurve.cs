using System.Numerics;
using Ballast.Core.Numerics;

namespace Ballast.Underwriting.Pricing;

/// <summary>
/// The assessment phase's linear bonding curve p(s) = a·s + b of seed 002 §7.1.4, with the maximum price m = 1, built
/// from the proposed principal P and return I (both in units of the vault's asset): b = 2P/(P+I) − 1 = (P−I)/(P+I) and
/// a = (1−b)/(P+I) = 2I/(P+I)². Kept as exact integers over the common denominator (P+I)², never as rounded a and b:
/// with P + I of 10¹² rao, a is 10⁻¹² and an 18-decimal fixed-point a would keep six digits. Bond quantities s are in
/// the asset's units (one bond redeems one unit at ω = 1); the curve is defined on 0 ≤ s ≤ c = P + I, where p(c) = 1.
/// </summary>
/// <remarks>
/// Sizes: P + I ≤ 2⁶² (<see cref="MaxCapacity"/>, 4.6·10⁹ TAO), so every product below fits the 256-bit intermediate of
/// <see cref="FullMath.MulDiv(UInt128, UInt128, UInt128, Rounding)"/> and the numerator I·(s₀+s₁) + P² − I² fits 128
/// bits. I ≤ P (b ≥ 0): with I &gt; P the seed's b is negative and the first bonds would be paid to take; the deployed
/// contract replaced that start price by 0.5, which breaks "P + I bonds cost exactly P" — Ballast refuses such a
/// proposal instead (docs/underwriting.md).
/// </remarks>
public readonly record struct LinearCurve
{
    /// <summary>The largest P + I a curve accepts (2⁶² units).</summary>
    public static readonly UInt128 MaxCapacity = UInt128.One << 62;

    /// <summary>Proposed principal P.</summary>
    public UInt128 Principal { get; }
    /// <summary>Proposed return I on top of the principal.</summary>
    public UInt128 Return { get; }
    /// <summary>c = P + I: the bond supply at which the price reaches 1.</summary>
    public UInt128 Capacity => Principal + Return;
    /// <summary>(P + I)², the common denominator of a, b and every area.</summary>
    public UInt128 Denominator => Capacity * Capacity;

    private LinearCurve(UInt128 principal, UInt128 @return)
    {
        Principal = principal;
        Return = @return;
    }

    /// <summary>Whether a curve exists for P and I: P &gt; 0, I ≤ P, P + I ≤ <see cref="MaxCapacity"/>.</summary>
    public static bool IsValid(Amount principal, Amount @return) =>
        !principal.IsZero && @return <= principal && principal.Units + @return.Units <= MaxCapacity;

    /// <summary>The curve of principal P and return I; see <see cref="IsValid"/> for what is accepted.</summary>
    public static LinearCurve FromPrincipalAndReturn(Amount principal, Amount @return)
    {
        if (!IsValid(principal, @return))
            throw new ArgumentOutOfRangeException(nameof(principal), $"no curve for P = {principal}, I = {@return} (needs 0 < P, I ≤ P, P + I ≤ 2^62)");
        return new LinearCurve(principal.Units, @return.Units);
    }

    /// <summary>b's exact numerator over <see cref="Capacity"/>: b = (P − I)/(P + I).</summary>
    public UInt128 StartPriceNumerator => Principal - Return;
    /// <summary>a's exact numerator over <see cref="Denominator"/>: a = 2I/(P + I)².</summary>
    public UInt128 SlopeNumerator => 2 * Return;

    /// <summary>b as an 18-decimal fraction, rounded down (for display).</summary>
    public Fixed StartPrice => new((Int128)FullMath.MulDiv(StartPriceNumerator, (UInt128)Fixed.ScaleRaw, Capacity, Rounding.Down));
    /// <summary>a per unit of bonds as an 18-decimal fraction, rounded down (for display; zero for large curves).</summary>
    public Fixed Slope => new((Int128)FullMath.MulDiv(SlopeNumerator, (UInt128)Fixed.ScaleRaw, Denominator, Rounding.Down));

    /// <summary>p(s) = a·s + b for 0 ≤ s ≤ c, as an 18-decimal fraction.</summary>
    public Fixed PriceAt(UInt128 supply, Rounding rounding)
    {
        Check(supply);
        var numerator = SlopeNumerator * supply + StartPriceNumerator * Capacity;
        return new((Int128)FullMath.MulDiv(numerator, (UInt128)Fixed.ScaleRaw, Denominator, rounding));
    }

    /// <summary>
    /// ∫ from s₀ to s₁ of p(s) ds = (s₁ − s₀)·(I·(s₀ + s₁) + P² − I²)/(P + I)²: what moving the supply from s₀ up to s₁
    /// costs (or a sale from s₁ down to s₀ returns), rounded as asked.
    /// </summary>
    public UInt128 Area(UInt128 from, UInt128 to, Rounding rounding)
    {
        if (from > to) throw new ArgumentOutOfRangeException(nameof(from), "area from above to");
        Check(to);
        var height = Return * (from + to) + (Principal * Principal - Return * Return);
        return FullMath.MulDiv(to - from, height, Denominator, rounding);
    }

    /// <summary>Collateral that buys <paramref name="bonds"/> from supply <paramref name="supply"/>: the area rounded up (the pool's favour).</summary>
    public UInt128 CostToBuy(UInt128 supply, UInt128 bonds) => Area(supply, checked(supply + bonds), Rounding.Up);

    /// <summary>What selling <paramref name="bonds"/> back from supply <paramref name="supply"/> returns: the area rounded down.</summary>
    public UInt128 SaleProceeds(UInt128 supply, UInt128 bonds) => Area(checked(supply - bonds), supply, Rounding.Down);

    /// <summary>
    /// Escrow for <paramref name="bonds"/> shortZCB from net supply <paramref name="supply"/> (§7.1.3): m·s − area with
    /// m = 1, the supply moving down by s; the area is rounded down so the escrow is rounded up.
    /// </summary>
    public UInt128 ShortEscrow(UInt128 supply, UInt128 bonds) => bonds - SaleProceeds(supply, bonds);

    /// <summary>
    /// The most bonds <paramref name="collateral"/> buys from supply <paramref name="supply"/> (never past c): the root
    /// of I·u² + (P² − I²)·u − T = 0 with T = I·s₀² + (P² − I²)·s₀ + x·(P + I)², i.e.
    /// u = (√((P² − I²)² + 4·I·T) − (P² − I²))/(2I), floored, then lowered while its rounded-up cost exceeds the
    /// collateral (at most a step or two): the buyer never gets a bond it has not paid for.
    /// </summary>
    public UInt128 BondsFor(UInt128 supply, UInt128 collateral)
    {
        Check(supply);
        UInt128 room = Capacity - supply;
        if (room == 0 || collateral == 0) return 0;
        UInt128 bonds;
        if (Return == 0)
        {
            bonds = collateral; // a = 0, b = 1: one unit per bond
        }
        else
        {
            BigInteger p = Principal, i = Return, s0 = supply, x = collateral, c = Capacity;
            BigInteger k = p * p - i * i;
            BigInteger t = i * s0 * s0 + k * s0 + x * c * c;
            BigInteger root = ISqrt(k * k + 4 * i * t);
            BigInteger u = (root - k) / (2 * i);
            BigInteger delta = u - s0;
            bonds = delta <= 0 ? 0 : delta >= (BigInteger)room ? room : (UInt128)delta;
        }
        if (bonds > room) bonds = room;
        while (bonds > 0 && CostToBuy(supply, bonds) > collateral) bonds--;
        return bonds;
    }

    /// <summary>
    /// §7.1.6: the market-implied principal P̂ = ∫₀^ĉ p(c) dc (rounded down) and return rate Î = (ĉ − P̂)/ĉ for
    /// ĉ = <paramref name="impliedSupply"/>, capped at c.
    /// </summary>
    public (UInt128 Principal, Fixed ReturnRate) Implied(UInt128 impliedSupply)
    {
        var chat = impliedSupply > Capacity ? Capacity : impliedSupply;
        if (chat == 0) return (0, Fixed.Zero);
        var principal = Area(0, chat, Rounding.Down);
        return (principal, new Fixed((Int128)FullMath.MulDiv(chat - principal, (UInt128)Fixed.ScaleRaw, chat, Rounding.Down)));
    }

    private void Check(UInt128 supply)
    {
        if (supply > Capacity) throw new ArgumentOutOfRangeException(nameof(supply), $"supply {supply} beyond the curve's end {Capacity}");
    }

    /// <summary>⌊√n⌋ by Newton's method on integers.</summary>
    internal static BigInteger ISqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n < 2) return n;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }
}
