using System.Globalization;

namespace Ballast.Core.Numerics;

/// <summary>
/// A rate in parts per billion (1,000,000,000 = 100%): fee rates, shares, thresholds. A type of its own so a rate
/// cannot be passed where an amount, a count of blocks or a bps value belongs. Applying it states its rounding.
/// </summary>
public readonly record struct Ppb(long Value) : IComparable<Ppb>
{
    public const long Scale = 1_000_000_000;

    public static Ppb Zero => default;
    public static Ppb One => new(Scale);
    public static Ppb FromBps(long bps) => new(checked(bps * 100_000));

    /// <summary>The rate of an amount: amount·Value/1e9.</summary>
    public Amount Of(Amount amount, Rounding rounding) =>
        Value < 0 ? throw new InvalidOperationException($"a negative rate ({Value} ppb) cannot be applied to an amount") : amount.MulDiv((UInt128)Value, Scale, rounding);

    public Fixed ToFixed() => Fixed.Ratio(Value, Scale, Rounding.Down);

    public static Ppb operator +(Ppb a, Ppb b) => new(checked(a.Value + b.Value));
    public static Ppb operator -(Ppb a, Ppb b) => new(checked(a.Value - b.Value));
    public static bool operator <(Ppb a, Ppb b) => a.Value < b.Value;
    public static bool operator >(Ppb a, Ppb b) => a.Value > b.Value;
    public static bool operator <=(Ppb a, Ppb b) => a.Value <= b.Value;
    public static bool operator >=(Ppb a, Ppb b) => a.Value >= b.Value;
    public static Ppb Min(Ppb a, Ppb b) => a <= b ? a : b;
    public static Ppb Max(Ppb a, Ppb b) => a >= b ? a : b;
    public int CompareTo(Ppb other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A rate in basis points (10,000 = 100%): slippage bounds, quorums, deviations.</summary>
public readonly record struct Bps(long Value) : IComparable<Bps>
{
    public const long Scale = 10_000;

    public static Bps Zero => default;

    public Amount Of(Amount amount, Rounding rounding) =>
        Value < 0 ? throw new InvalidOperationException($"a negative rate ({Value} bps) cannot be applied to an amount") : amount.MulDiv((UInt128)Value, Scale, rounding);

    public Fixed ToFixed() => Fixed.Ratio(Value, Scale, Rounding.Down);
    public Ppb ToPpb() => Ppb.FromBps(Value);

    public static bool operator <(Bps a, Bps b) => a.Value < b.Value;
    public static bool operator >(Bps a, Bps b) => a.Value > b.Value;
    public static bool operator <=(Bps a, Bps b) => a.Value <= b.Value;
    public static bool operator >=(Bps a, Bps b) => a.Value >= b.Value;
    public int CompareTo(Bps other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
