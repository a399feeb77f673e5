using System.Numerics;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Core.Tests.Numerics.NumericGenerators;

namespace Ballast.Core.Tests.Numerics;

/// <summary>FullMath against System.Numerics.BigInteger, 10,000 generated cases per property.</summary>
public class FullMathPropertyTests
{
    /// <summary>
    /// (a, b, c) with a·b/c within a few units of UInt128.MaxValue: c = a >> s (so c ≤ a), b = ⌊Max·c/a⌋ + δ.
    /// Uniform triples land on either side of the boundary but almost never on it; these land on it.
    /// </summary>
    private static readonly Gen<(UInt128 A, UInt128 B, UInt128 C)> QuotientNearUInt128Max =
        Gen.Zip(Gen.Zip(MixedUInt128, Gen.Choose(0, 127), (a, s) => (a, s)), Gen.Choose(-3, 3), (t, d) =>
        {
            var a = t.a == 0 ? UInt128.One : t.a;
            var c = a >> t.s;
            if (c == 0) c = 1;
            return (a, ClampToUInt128(UInt128Max * c / a + d), c);
        });

    private static readonly Gen<(UInt128 A, UInt128 B, UInt128 C)> UnsignedTriples = Gen.Frequency(
        (4, Gen.Zip(Gen.Zip(MixedUInt128, MixedUInt128, (a, b) => (a, b)), MixedUInt128, (ab, c) => (ab.a, ab.b, c))),
        (1, QuotientNearUInt128Max));

    /// <summary>(a, b, c) with a·b/c within a few units of Int128.MaxValue or Int128.MinValue, any signs.</summary>
    private static readonly Gen<(Int128 A, Int128 B, Int128 C)> QuotientNearInt128Limits =
        Gen.Zip(
            Gen.Zip(MixedInt128, Gen.Choose(0, 127), (a, s) => (a, s)),
            Gen.Zip(Gen.Zip(Gen.Elements(Int128Max, Int128Min), Gen.Choose(-3, 3), (t, d) => t + d), Gen.Elements(1, -1),
                (target, sign) => (target, sign)),
            (t, u) =>
            {
                var (target, sign) = u;
                var a = t.a == 0 ? Int128.One : t.a;
                var c = (a >> t.s) * sign;
                if (c == 0) c = sign;
                return (a, ClampToInt128(target * c / a), c);
            });

    private static readonly Gen<(Int128 A, Int128 B, Int128 C)> SignedTriples = Gen.Frequency(
        (4, Gen.Zip(Gen.Zip(MixedInt128, MixedInt128, (a, b) => (a, b)), MixedInt128, (ab, c) => (ab.a, ab.b, c))),
        (1, QuotientNearInt128Limits));

    [Theory]
    [InlineData(Rounding.Down)]
    [InlineData(Rounding.Up)]
    public void MulDiv_matches_BigInteger_floor_and_ceiling_and_throws_exactly_when_the_result_does_not_fit(Rounding rounding)
    {
        int fitted = 0, overflowed = 0, dividedByZero = 0;
        Prop.ForAll(Arb(UnsignedTriples), t =>
        {
            var (a, b, c) = t;
            if (c == 0)
            {
                Should.Throw<DivideByZeroException>(() => FullMath.MulDiv(a, b, c, rounding));
                dividedByZero++;
                return;
            }
            var expected = Div((BigInteger)a * b, c, rounding);
            if (FitsUInt128(expected))
            {
                ((BigInteger)FullMath.MulDiv(a, b, c, rounding)).ShouldBe(expected, $"{a}·{b}/{c} {rounding}");
                fitted++;
            }
            else
            {
                Should.Throw<OverflowException>(() => FullMath.MulDiv(a, b, c, rounding), $"{a}·{b}/{c} {rounding}");
                overflowed++;
            }
        }).Check(TenThousandCases);

        // The generator must exercise every outcome, not just the easy one.
        fitted.ShouldBeGreaterThan(2_000);
        overflowed.ShouldBeGreaterThan(1_000);
        dividedByZero.ShouldBeGreaterThan(10);
    }

    [Theory]
    [InlineData(Rounding.Down)]
    [InlineData(Rounding.Up)]
    public void Signed_MulDiv_is_the_floor_or_ceiling_and_throws_exactly_outside_the_Int128_range(Rounding rounding)
    {
        int fitted = 0, overflowed = 0, dividedByZero = 0, negative = 0;
        Prop.ForAll(Arb(SignedTriples), t =>
        {
            var (a, b, c) = t;
            if (c == 0)
            {
                Should.Throw<DivideByZeroException>(() => FullMath.MulDiv(a, b, c, rounding));
                dividedByZero++;
                return;
            }
            var expected = Div((BigInteger)a * b, c, rounding);
            if (FitsInt128(expected))
            {
                ((BigInteger)FullMath.MulDiv(a, b, c, rounding)).ShouldBe(expected, $"{a}·{b}/{c} {rounding}");
                fitted++;
                if (expected.Sign < 0) negative++;
            }
            else
            {
                Should.Throw<OverflowException>(() => FullMath.MulDiv(a, b, c, rounding), $"{a}·{b}/{c} {rounding}");
                overflowed++;
            }
        }).Check(TenThousandCases);

        fitted.ShouldBeGreaterThan(2_000);
        negative.ShouldBeGreaterThan(1_000);
        overflowed.ShouldBeGreaterThan(1_000);
        dividedByZero.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Multiply_hi_and_lo_reconstruct_the_BigInteger_product()
    {
        Prop.ForAll(Arb(MixedUInt128), Arb(MixedUInt128), (a, b) =>
        {
            FullMath.Multiply(a, b, out var hi, out var lo);
            (((BigInteger)hi << 128) + lo).ShouldBe((BigInteger)a * b, $"{a}·{b}");
        }).Check(TenThousandCases);
    }

    [Fact]
    public void Abs_is_the_BigInteger_magnitude_including_Int128_MinValue()
    {
        Prop.ForAll(Arb(MixedInt128), x =>
            ((BigInteger)FullMath.Abs(x)).ShouldBe(BigInteger.Abs(x), $"|{x}|")).Check(TenThousandCases);
    }
}
