using System.Globalization;

namespace Ballast.Core.Numerics;

/// <summary>
/// A non-negative quantity of one token in its smallest unit (for TAO and alpha: rao, 1 TAO = 1e9 rao).
/// Arithmetic is checked: subtracting more than is there, or exceeding 128 bits, throws — an expected shortfall
/// must be tested for before (a rejection), so a throw here means a broken invariant.
/// </summary>
public readonly struct Amount : IEquatable<Amount>, IComparable<Amount>
{
    /// <summary>Smallest units per whole token for 9-decimal tokens (TAO, alpha, LP shares).</summary>
    public const ulong UnitsPerToken = 1_000_000_000;

    public UInt128 Units { get; }

    public Amount(UInt128 units) => Units = units;

    public static Amount Zero => default;
    public bool IsZero => Units == UInt128.Zero;

    /// <summary>Whole tokens of a 9-decimal token (e.g. <c>Amount.Tokens(5)</c> = 5 TAO = 5e9 rao).</summary>
    public static Amount Tokens(ulong wholeTokens) => new(checked((UInt128)wholeTokens * UnitsPerToken));

    public static Amount operator +(Amount a, Amount b) => new(checked(a.Units + b.Units));
    public static Amount operator -(Amount a, Amount b) =>
        a.Units >= b.Units ? new(a.Units - b.Units) : throw new OverflowException($"Amount underflow: {a} - {b}");
    public static bool operator <(Amount a, Amount b) => a.Units < b.Units;
    public static bool operator >(Amount a, Amount b) => a.Units > b.Units;
    public static bool operator <=(Amount a, Amount b) => a.Units <= b.Units;
    public static bool operator >=(Amount a, Amount b) => a.Units >= b.Units;
    public static bool operator ==(Amount a, Amount b) => a.Units == b.Units;
    public static bool operator !=(Amount a, Amount b) => a.Units != b.Units;

    public static Amount Min(Amount a, Amount b) => a <= b ? a : b;
    public static Amount Max(Amount a, Amount b) => a >= b ? a : b;

    /// <summary><c>this·numerator/denominator</c> with a 256-bit intermediate and the stated rounding.</summary>
    public Amount MulDiv(UInt128 numerator, UInt128 denominator, Rounding rounding) =>
        new(FullMath.MulDiv(Units, numerator, denominator, rounding));

    /// <summary><c>this·a/b</c> where a and b are amounts (e.g. pro-rata shares).</summary>
    public Amount MulDiv(Amount numerator, Amount denominator, Rounding rounding) =>
        new(FullMath.MulDiv(Units, numerator.Units, denominator.Units, rounding));

    /// <summary>Fraction in basis points (1 bp = 0.01%).</summary>
    public Amount MulBps(uint bps, Rounding rounding) => MulDiv(bps, 10_000u, rounding);

    /// <summary>Saturating subtraction: max(this − other, 0).</summary>
    public Amount SaturatingSub(Amount other) => this >= other ? this - other : Zero;

    public bool Equals(Amount other) => Units == other.Units;
    public override bool Equals(object? obj) => obj is Amount other && Equals(other);
    public override int GetHashCode() => Units.GetHashCode();
    public int CompareTo(Amount other) => Units.CompareTo(other.Units);

    /// <summary>Units as an integer string: exact and round-trippable.</summary>
    public override string ToString() => Units.ToString(CultureInfo.InvariantCulture);

    /// <summary>Human form with 9 decimals, e.g. <c>1.500000000</c>.</summary>
    public string ToTokenString()
    {
        var whole = Units / UnitsPerToken;
        var frac = Units % UnitsPerToken;
        return string.Create(CultureInfo.InvariantCulture, $"{whole}.{frac:D9}");
    }

    /// <summary>Parses an integer count of units; false on anything else (sign, decimals, overflow).</summary>
    public static bool TryParseUnits(string text, out Amount amount)
    {
        amount = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 40) return false;
        foreach (var ch in text)
            if (ch is < '0' or > '9') return false;
        if (!UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var units)) return false;
        amount = new Amount(units);
        return true;
    }
}
