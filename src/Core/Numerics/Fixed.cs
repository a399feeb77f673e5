using System.Globalization;

namespace Ballast.Core.Numerics;

/// <summary>
/// A signed fixed-point number with 18 decimals (raw = value·1e18) for prices, ratios and rates.
/// Multiplication and division state their rounding; overflow throws.
/// </summary>
public readonly struct Fixed : IEquatable<Fixed>, IComparable<Fixed>
{
    public const int Decimals = 18;
    public static readonly Int128 ScaleRaw = Int128.Parse("1000000000000000000", CultureInfo.InvariantCulture);

    public Int128 Raw { get; }

    public Fixed(Int128 raw) => Raw = raw;

    public static Fixed Zero => default;
    public static Fixed One => new(ScaleRaw);
    public bool IsZero => Raw == 0;
    public bool IsNegative => Raw < 0;
    public bool IsPositive => Raw > 0;

    public static Fixed FromInt(long value) => new(checked((Int128)value * ScaleRaw));

    /// <summary>numerator/denominator as a fixed-point value.</summary>
    public static Fixed Ratio(Int128 numerator, Int128 denominator, Rounding rounding) =>
        new(FullMath.MulDiv(numerator, ScaleRaw, denominator, rounding));

    /// <summary>Ratio of two amounts (e.g. a price TAO/alpha from pool reserves).</summary>
    public static Fixed Ratio(Amount numerator, Amount denominator, Rounding rounding)
    {
        var raw = FullMath.MulDiv(numerator.Units, (UInt128)ScaleRaw, denominator.Units, rounding);
        return raw > (UInt128)Int128.MaxValue ? throw new OverflowException("Ratio exceeds Fixed range") : new((Int128)raw);
    }

    /// <summary>Basis points as a fraction (10,000 bps = 1).</summary>
    public static Fixed FromBps(long bps) => Ratio(bps, 10_000, Rounding.Down);

    public static Fixed operator +(Fixed a, Fixed b) => new(checked(a.Raw + b.Raw));
    public static Fixed operator -(Fixed a, Fixed b) => new(checked(a.Raw - b.Raw));
    public static Fixed operator -(Fixed a) => new(checked(-a.Raw));
    public static bool operator <(Fixed a, Fixed b) => a.Raw < b.Raw;
    public static bool operator >(Fixed a, Fixed b) => a.Raw > b.Raw;
    public static bool operator <=(Fixed a, Fixed b) => a.Raw <= b.Raw;
    public static bool operator >=(Fixed a, Fixed b) => a.Raw >= b.Raw;
    public static bool operator ==(Fixed a, Fixed b) => a.Raw == b.Raw;
    public static bool operator !=(Fixed a, Fixed b) => a.Raw != b.Raw;

    public Fixed Mul(Fixed other, Rounding rounding) => new(FullMath.MulDiv(Raw, other.Raw, ScaleRaw, rounding));
    public Fixed Div(Fixed other, Rounding rounding) => new(FullMath.MulDiv(Raw, ScaleRaw, other.Raw, rounding));
    public Fixed MulInt(long factor) => new(checked(Raw * factor));
    public Fixed DivInt(long divisor, Rounding rounding) => new(FullMath.MulDiv(Raw, 1, divisor, rounding));

    public static Fixed Min(Fixed a, Fixed b) => a <= b ? a : b;
    public static Fixed Max(Fixed a, Fixed b) => a >= b ? a : b;
    public Fixed Abs() => Raw >= 0 ? this : -this;

    /// <summary>amount·this, for a non-negative value (e.g. alpha·price = TAO).</summary>
    public Amount MulAmount(Amount amount, Rounding rounding)
    {
        if (Raw < 0) throw new ArgumentOutOfRangeException(nameof(amount), "negative factor for an amount");
        return new(FullMath.MulDiv(amount.Units, (UInt128)Raw, (UInt128)ScaleRaw, rounding));
    }

    /// <summary>amount/this, for a positive value (e.g. TAO/price = alpha).</summary>
    public Amount DivAmount(Amount amount, Rounding rounding)
    {
        if (Raw <= 0) throw new ArgumentOutOfRangeException(nameof(amount), "non-positive divisor for an amount");
        return new(FullMath.MulDiv(amount.Units, (UInt128)ScaleRaw, (UInt128)Raw, rounding));
    }

    public double ToDouble() => (double)Raw / 1e18;

    public bool Equals(Fixed other) => Raw == other.Raw;
    public override bool Equals(object? obj) => obj is Fixed other && Equals(other);
    public override int GetHashCode() => Raw.GetHashCode();
    public int CompareTo(Fixed other) => Raw.CompareTo(other.Raw);

    /// <summary>Exact decimal form, trailing zeros trimmed: <c>0.035</c>, <c>-2</c>.</summary>
    public override string ToString()
    {
        var magnitude = FullMath.Abs(Raw);
        var scale = (UInt128)ScaleRaw;
        var whole = magnitude / scale;
        var frac = magnitude % scale;
        var sign = Raw < 0 ? "-" : "";
        if (frac == 0) return string.Create(CultureInfo.InvariantCulture, $"{sign}{whole}");
        var fracText = frac.ToString("D18", CultureInfo.InvariantCulture).TrimEnd('0');
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{whole}.{fracText}");
    }

    /// <summary>
    /// Parses an exact decimal (<c>-12.5</c>, <c>0.000001</c>) with at most 18 fractional digits; no exponent,
    /// no rounding: text that cannot be represented exactly is refused.
    /// </summary>
    public static bool TryParse(string? text, out Fixed value)
    {
        value = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 60) return false;
        var span = text.AsSpan();
        bool negative = false;
        if (span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        int dot = span.IndexOf('.');
        var wholePart = dot < 0 ? span : span[..dot];
        var fracPart = dot < 0 ? ReadOnlySpan<char>.Empty : span[(dot + 1)..];
        if (wholePart.IsEmpty && fracPart.IsEmpty) return false;
        if (fracPart.Length > Decimals) return false;
        foreach (var ch in wholePart) if (ch is < '0' or > '9') return false;
        foreach (var ch in fracPart) if (ch is < '0' or > '9') return false;
        if (dot >= 0 && fracPart.IsEmpty) return false;
        try
        {
            Int128 whole = wholePart.IsEmpty ? 0 : Int128.Parse(wholePart, NumberStyles.None, CultureInfo.InvariantCulture);
            Int128 frac = 0;
            if (!fracPart.IsEmpty)
            {
                frac = Int128.Parse(fracPart, NumberStyles.None, CultureInfo.InvariantCulture);
                for (int i = fracPart.Length; i < Decimals; i++) frac = checked(frac * 10);
            }
            // Accumulate with the sign: Int128.MinValue has no positive counterpart to negate.
            var wholeRaw = checked(whole * ScaleRaw);
            var raw = negative ? checked(-wholeRaw - frac) : checked(wholeRaw + frac);
            value = new Fixed(raw);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static Fixed Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an exact decimal with at most 18 decimals");
}
