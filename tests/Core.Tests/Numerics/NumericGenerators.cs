using System.Numerics;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Ballast.Core.Tests.Numerics;

/// <summary>
/// FsCheck generators for 128-bit values. Uniformly random 128-bit values almost never hit the places where
/// exact arithmetic breaks (0, 1, the top of the range, carries across 2^64), so every generator mixes
/// deliberate extremes, powers of two and their neighbours, values near 2^64 and 2^127, values of random
/// bit length, and fully uniform values.
/// </summary>
internal static class NumericGenerators
{
    /// <summary>10,000 cases per property; throws (fails the xunit test) with the counterexample on failure.</summary>
    public static readonly Config TenThousandCases =
        Config.QuickThrowOnFailure.WithMaxTest(10_000).WithQuietOnSuccess(true);

    private static readonly UInt128 TwoTo64 = UInt128.One << 64;
    private static readonly UInt128 TwoTo127 = UInt128.One << 127;

    // ---- raw random bits -------------------------------------------------------------------------------------

    /// <summary>16 uniformly random bits (Choose is inclusive at both ends).</summary>
    private static readonly Gen<ulong> Bits16 = Gen.Choose(0, 0xFFFF).Select(v => (ulong)v);

    public static readonly Gen<ulong> UniformUInt64 =
        Gen.Zip(Gen.Zip(Bits16, Bits16, (a, b) => (a << 16) | b), Gen.Zip(Bits16, Bits16, (a, b) => (a << 16) | b),
            (hi, lo) => (hi << 32) | lo);

    public static readonly Gen<UInt128> UniformUInt128 =
        Gen.Zip(UniformUInt64, UniformUInt64, (hi, lo) => new UInt128(hi, lo));

    // ---- unsigned ----------------------------------------------------------------------------------------------

    public static readonly UInt128[] UInt128Extremes =
    [
        UInt128.Zero, UInt128.One, 2, 3, 10,
        1_000_000_000, 1_000_000_000_000_000_000,
        ulong.MaxValue - 1, ulong.MaxValue, TwoTo64, TwoTo64 + 1,
        TwoTo127 - 2, TwoTo127 - 1, TwoTo127, TwoTo127 + 1,
        UInt128.MaxValue - 1, UInt128.MaxValue,
    ];

    /// <summary>2^k − 1, 2^k, 2^k + 1 for k in [0, 127].</summary>
    public static readonly Gen<UInt128> PowerOfTwoNeighbourUInt128 =
        Gen.Zip(Gen.Choose(0, 127), Gen.Choose(-1, 1),
            (k, d) => unchecked((UInt128.One << k) + (UInt128)(Int128)d));

    /// <summary>Within ±1000 of 2^64, of 2^127, and of 2^128 (i.e. just below UInt128.MaxValue).</summary>
    public static readonly Gen<UInt128> NearBoundaryUInt128 =
        Gen.Zip(Gen.Elements(TwoTo64, TwoTo127, UInt128.Zero), Gen.Choose(-1000, 1000),
            (b, d) => unchecked(b + (UInt128)(Int128)d));

    /// <summary>Uniform value shifted right by a uniform amount: every bit length is equally likely.</summary>
    public static readonly Gen<UInt128> AnyBitLengthUInt128 =
        Gen.Zip(UniformUInt128, Gen.Choose(0, 127), (v, s) => v >> s);

    public static readonly Gen<UInt128> MixedUInt128 = Gen.Frequency(
        (2, Gen.Elements(UInt128Extremes)),
        (2, PowerOfTwoNeighbourUInt128),
        (1, NearBoundaryUInt128),
        (3, AnyBitLengthUInt128),
        (3, UniformUInt128));

    // ---- signed ------------------------------------------------------------------------------------------------

    public static readonly Int128[] Int128Extremes =
    [
        Int128.Zero, Int128.One, Int128.NegativeOne, 2, -2, 3, -3, 7, -7,
        (Int128)1_000_000_000_000_000_000, -(Int128)1_000_000_000_000_000_000,
        (Int128)ulong.MaxValue, -(Int128)ulong.MaxValue, (Int128)TwoTo64, -(Int128)TwoTo64,
        Int128.MaxValue - 1, Int128.MaxValue, Int128.MinValue, Int128.MinValue + 1,
    ];

    /// <summary>Two's-complement reinterpretation of a mixed unsigned value, then a random sign.</summary>
    public static readonly Gen<Int128> MixedInt128 = Gen.Frequency(
        (2, Gen.Elements(Int128Extremes)),
        (6, Gen.Zip(MixedUInt128, Gen.Elements(false, true),
            (u, negate) => unchecked(negate ? -(Int128)u : (Int128)u))),
        (2, Gen.Zip(AnyBitLengthUInt128, Gen.Elements(false, true),
            (u, negate) => negate ? -(Int128)(u >> 1) : (Int128)(u >> 1))));

    public static readonly Gen<Rounding> AnyRounding = Gen.Elements(Rounding.Down, Rounding.Up);

    public static Arbitrary<T> Arb<T>(Gen<T> gen) => FsCheck.Fluent.Arb.From(gen);

    // ---- BigInteger reference ----------------------------------------------------------------------------------

    public static readonly BigInteger UInt128Max = UInt128.MaxValue;
    public static readonly BigInteger Int128Min = Int128.MinValue;
    public static readonly BigInteger Int128Max = Int128.MaxValue;
    public static readonly BigInteger FixedScale = BigInteger.Pow(10, 18);

    public static bool FitsUInt128(BigInteger v) => v.Sign >= 0 && v <= UInt128Max;
    public static bool FitsInt128(BigInteger v) => v >= Int128Min && v <= Int128Max;

    /// <summary>Exact ⌊n/d⌋ (toward −∞) for any signs.</summary>
    public static BigInteger FloorDiv(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        return !r.IsZero && (r.Sign < 0) != (d.Sign < 0) ? q - 1 : q;
    }

    /// <summary>Exact ⌈n/d⌉ (toward +∞) for any signs.</summary>
    public static BigInteger CeilDiv(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        return !r.IsZero && (r.Sign < 0) == (d.Sign < 0) ? q + 1 : q;
    }

    public static BigInteger Div(BigInteger n, BigInteger d, Rounding rounding) =>
        rounding == Rounding.Down ? FloorDiv(n, d) : CeilDiv(n, d);

    /// <summary>Clamps a BigInteger into the UInt128 range.</summary>
    public static UInt128 ClampToUInt128(BigInteger v) =>
        v.Sign <= 0 ? UInt128.Zero : v >= UInt128Max ? UInt128.MaxValue : (UInt128)v;

    /// <summary>Clamps a BigInteger into the Int128 range.</summary>
    public static Int128 ClampToInt128(BigInteger v) =>
        v <= Int128Min ? Int128.MinValue : v >= Int128Max ? Int128.MaxValue : (Int128)v;
}
