using System.Numerics;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Core.Tests.Numerics.NumericGenerators;

namespace Ballast.Core.Tests.Numerics;

public class FixedMathTests
{
    // ---- Sqrt: exact, against BigInteger ----------------------------------------------------------------------

    /// <summary>Mixed values plus perfect squares and their neighbours r² − 1, r², r² + 1 for r of any size up to 2^64 − 1.</summary>
    private static readonly Gen<UInt128> SqrtInputs = Gen.Frequency(
        (3, MixedUInt128),
        (1, Gen.Zip(Gen.Zip(UniformUInt64, Gen.Choose(0, 63), (r, s) => r >> s), Gen.Choose(-1, 1),
            (r, d) => unchecked((UInt128)r * r + (UInt128)(Int128)d))));

    [Fact]
    public void Sqrt_of_a_UInt128_is_the_floor_square_root()
    {
        Prop.ForAll(Arb(SqrtInputs), v =>
        {
            BigInteger r = FixedMath.Sqrt(v);
            (r * r <= v).ShouldBeTrue($"⌊√{v}⌋ = {r}: r² > v");
            ((r + 1) * (r + 1) > v).ShouldBeTrue($"⌊√{v}⌋ = {r}: (r+1)² ≤ v");
        }).Check(TenThousandCases);
    }

    [Fact]
    public void Sqrt_of_a_Fixed_is_the_floor_square_root_of_raw_times_1e18_over_the_whole_range()
    {
        var nonNegativeRaws = MixedInt128.Select(r => r == Int128.MinValue ? Int128.MaxValue : Int128.Abs(r));
        Prop.ForAll(Arb(nonNegativeRaws), raw =>
        {
            BigInteger r = FixedMath.Sqrt(new Fixed(raw)).Raw;
            var scaled = (BigInteger)raw * FixedScale;
            (r * r <= scaled).ShouldBeTrue($"√ of raw {raw} gave raw {r}: too large");
            ((r + 1) * (r + 1) > scaled).ShouldBeTrue($"√ of raw {raw} gave raw {r}: too small");
        }).Check(TenThousandCases);
    }

    // ---- Ln / Exp / Pow against double ------------------------------------------------------------------------

    private const double RelativeTolerance = 1e-12;

    /// <summary>
    /// Results live on an 18-decimal grid: below about 1e-5 a relative 1e-12 is finer than one raw unit, so the
    /// comparison also allows 10 raw units (1e-17) absolute. Above that the relative bound is the binding one.
    /// </summary>
    private const double AbsoluteAllowance = 1e-17;

    private static void ShouldBeClose(Fixed actual, double expected, string what)
    {
        var error = Math.Abs(actual.ToDouble() - expected);
        var allowed = RelativeTolerance * Math.Abs(expected) + AbsoluteAllowance;
        (error <= allowed).ShouldBeTrue(
            $"{what}: got {actual} ({actual.ToDouble():R}), expected {expected:R}, error {error:E3} > {allowed:E3}");
    }

    private static Fixed ToFixed(double value) => new((Int128)(value * 1e18));

    /// <summary>
    /// ln of a Fixed, in double. Near 1 the double reference would be the inaccurate one: x itself is not a double,
    /// and rounding it moves ln x by ~1e-16 absolute, which is more than 1e-12 relative once |ln x| &lt; 1e-4. There
    /// the exact integer d = raw − 1e18 goes through the series ln(1 + d) = d − d²/2 + d³/3 − …, which is accurate
    /// to double precision relative to the result.
    /// </summary>
    private static double ReferenceLn(Fixed x)
    {
        var d = (double)(x.Raw - Fixed.ScaleRaw) / 1e18;
        if (Math.Abs(d) >= 0.01) return Math.Log(x.ToDouble());
        double sum = 0, power = d;
        for (int n = 1; n <= 12; n++, power *= d)
            sum += (n % 2 == 1 ? power : -power) / n;
        return sum;
    }

    [Fact]
    public void Ln_matches_Math_Log_within_a_relative_1e_12()
    {
        var rng = new Random(20_240_601);
        for (int i = 0; i < 4_000; i++)
        {
            // Three quarters log-uniform over (1e-9, 1e9), one quarter within 1% of 1, where ln is near zero.
            var x = i % 4 != 0
                ? ToFixed(Math.Exp((rng.NextDouble() * 2 - 1) * Math.Log(1e9)))
                : ToFixed(1 + (rng.NextDouble() * 2 - 1) * 0.01);
            ShouldBeClose(FixedMath.Ln(x), ReferenceLn(x), $"ln {x}");
        }
    }

    [Fact]
    public void Exp_matches_Math_Exp_within_a_relative_1e_12()
    {
        var rng = new Random(20_240_602);
        for (int i = 0; i < 4_000; i++)
        {
            var y = ToFixed((rng.NextDouble() * 2 - 1) * 40);
            ShouldBeClose(FixedMath.Exp(y), Math.Exp(y.ToDouble()), $"exp {y}");
        }
    }

    [Fact]
    public void Pow_matches_Math_Pow_within_a_relative_1e_12()
    {
        var rng = new Random(20_240_603);
        int checkedCases = 0;
        while (checkedCases < 4_000)
        {
            var b = ToFixed(Math.Exp((rng.NextDouble() * 2 - 1) * Math.Log(1e6)));
            var e = ToFixed((rng.NextDouble() * 2 - 1) * 4);
            if (Math.Abs(e.ToDouble() * Math.Log(b.ToDouble())) > 40) continue; // the documented domain
            ShouldBeClose(FixedMath.Pow(b, e), Math.Pow(b.ToDouble(), e.ToDouble()), $"{b}^{e}");
            checkedCases++;
        }
    }

    [Fact]
    public void Pow_stays_within_its_own_published_error_bound_on_simple_roots()
    {
        // 4^0.5 = 2, 27^(1/3) ≈ 3 (1/3 is truncated at 18 decimals, so only approximately), 2^10 = 1024
        var bound = FixedMath.PowRelativeErrorBound.ToDouble();
        (Math.Abs(FixedMath.Pow(Fixed.FromInt(4), Fixed.Parse("0.5")).ToDouble() - 2) / 2).ShouldBeLessThanOrEqualTo(bound);
        (Math.Abs(FixedMath.Pow(Fixed.FromInt(2), Fixed.FromInt(10)).ToDouble() - 1024) / 1024).ShouldBeLessThanOrEqualTo(bound);
        var cubeRoot = FixedMath.Pow(Fixed.FromInt(27), Fixed.Ratio(1, 3, Rounding.Down)).ToDouble();
        Math.Abs(cubeRoot - 3).ShouldBeLessThan(1e-15);
    }

    /// <summary>
    /// e^y over the whole Int128 raw range: zero (or within the grid allowance of it) far below, the double result
    /// in between, and OverflowException exactly when e^y exceeds the largest Fixed (≈ 1.7e20, y ≈ 46.58). Within
    /// 1e-12 of that edge either outcome is accepted.
    /// </summary>
    [Fact]
    public void Exp_is_defined_up_to_the_top_of_the_Fixed_range_and_underflows_to_zero_far_below()
    {
        var largestFixed = (double)Int128.MaxValue / 1e18;
        var nearTheEdges = Gen.Zip(Gen.Choose(-60_000, 60_000), UniformUInt64,
            (milli, noise) => (Int128)milli * 1_000_000_000_000_000 + (Int128)(noise % 1_000_000_000_000_000));
        var ys = Gen.Frequency((1, MixedInt128), (1, nearTheEdges));
        int overflowed = 0, inRange = 0;
        Prop.ForAll(Arb(ys), raw =>
        {
            var y = new Fixed(raw);
            var expected = Math.Exp(y.ToDouble());
            if (expected > largestFixed * (1 + RelativeTolerance))
            {
                Should.Throw<OverflowException>(() => FixedMath.Exp(y), $"exp {y}");
                overflowed++;
            }
            else if (expected < largestFixed * (1 - RelativeTolerance))
            {
                var actual = FixedMath.Exp(y);
                actual.IsNegative.ShouldBeFalse();
                ShouldBeClose(actual, expected, $"exp {y}");
                inRange++;
            }
        }).Check(TenThousandCases);

        overflowed.ShouldBeGreaterThan(1_000);
        inRange.ShouldBeGreaterThan(1_000);
    }

    // ---- exact identities -------------------------------------------------------------------------------------

    private static readonly Gen<Int128> PositiveRaws = MixedInt128.Where(r => r > 0);

    [Fact]
    public void Pow_to_the_first_power_is_the_base_itself()
    {
        Prop.ForAll(Arb(PositiveRaws), raw =>
            FixedMath.Pow(new Fixed(raw), Fixed.One).Raw.ShouldBe(raw)).Check(TenThousandCases);
    }

    [Fact]
    public void Pow_to_the_zeroth_power_is_exactly_one()
    {
        Prop.ForAll(Arb(MixedInt128.Where(r => r >= 0)), raw =>
            FixedMath.Pow(new Fixed(raw), Fixed.Zero).ShouldBe(Fixed.One)).Check(TenThousandCases);
    }

    [Fact]
    public void Exp_of_zero_is_exactly_one_and_Ln_of_one_is_exactly_zero()
    {
        FixedMath.Exp(Fixed.Zero).ShouldBe(Fixed.One);
        FixedMath.Ln(Fixed.One).ShouldBe(Fixed.Zero);
    }

    // ---- hand-worked examples ---------------------------------------------------------------------------------

    [Fact]
    public void Integer_square_roots_round_down()
    {
        FixedMath.Sqrt(UInt128.Zero).ShouldBe(UInt128.Zero);
        FixedMath.Sqrt(UInt128.One).ShouldBe(UInt128.One);
        // 3² = 9 ≤ 15 < 16 = 4²
        FixedMath.Sqrt((UInt128)15).ShouldBe((UInt128)3);
        FixedMath.Sqrt((UInt128)16).ShouldBe((UInt128)4);
        // (2^64 − 1)² = 2^128 − 2^65 + 1 ≤ 2^128 − 1 < 2^128 = (2^64)²
        FixedMath.Sqrt(UInt128.MaxValue).ShouldBe((UInt128)ulong.MaxValue);
    }

    [Fact]
    public void Fixed_square_roots_are_truncated_at_eighteen_decimals()
    {
        // √2 = 1.414213562373095048|80…
        FixedMath.Sqrt(Fixed.FromInt(2)).ShouldBe(Fixed.Parse("1.414213562373095048"));
        // √1000 = 31.622776601683793319|98…  (raw·1e18 = 1e39 does not fit in 128 bits)
        FixedMath.Sqrt(Fixed.FromInt(1000)).ShouldBe(Fixed.Parse("31.622776601683793319"));
        // √0.25 = 0.5 exactly
        FixedMath.Sqrt(Fixed.Parse("0.25")).ShouldBe(Fixed.Parse("0.5"));
    }

    [Fact]
    public void Ln_of_two_is_ln2_truncated_and_Exp_of_one_is_e()
    {
        // ln 2 = 0.693147180559945309|417…: 2 = 1·2^1, so ln 2 = 1·ln2 + ln 1, all in the truncated constant
        FixedMath.Ln(Fixed.FromInt(2)).ShouldBe(Fixed.Parse("0.693147180559945309"));
        // e = 2.718281828459045235|36…: 1 = 1·ln2 + 0.306852819440054691, e = 2·e^0.3068…; each of the ~20 series
        // terms is floored once and the sum then doubled, so allow 100 raw units (relative 4e-17)
        var e = FixedMath.Exp(Fixed.One).Raw - Fixed.Parse("2.718281828459045235").Raw;
        Int128.Abs(e).ShouldBeLessThanOrEqualTo(100);
    }

    [Fact]
    public void Exp_near_the_top_of_the_range_returns_a_value_and_beyond_it_throws()
    {
        // e^45 = 34_934_271_057_485_095_348.03… < 1.7e20, the largest Fixed
        var e45 = FixedMath.Exp(Fixed.FromInt(45)).ToDouble();
        (Math.Abs(e45 - 34_934_271_057_485_095_348.03) / e45).ShouldBeLessThan(1e-12);
        // e^47 ≈ 2.58e20 > 1.7e20
        Should.Throw<OverflowException>(() => FixedMath.Exp(Fixed.FromInt(47)));
        // e^-43 ≈ 2.1e-19 < 1e-18: zero, as is e^y for the most negative y
        FixedMath.Exp(Fixed.FromInt(-43)).ShouldBe(Fixed.Zero);
        FixedMath.Exp(new Fixed(Int128.MinValue)).ShouldBe(Fixed.Zero);
    }

    [Fact]
    public void Domain_errors_throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => FixedMath.Ln(Fixed.Zero));
        Should.Throw<ArgumentOutOfRangeException>(() => FixedMath.Ln(Fixed.FromInt(-1)));
        Should.Throw<ArgumentOutOfRangeException>(() => FixedMath.Sqrt(Fixed.FromInt(-1)));
        Should.Throw<ArgumentOutOfRangeException>(() => FixedMath.Pow(Fixed.FromInt(-1), Fixed.Parse("0.5")));
        // 0^2 = 0; 0^-1 = 1/0
        FixedMath.Pow(Fixed.Zero, Fixed.FromInt(2)).ShouldBe(Fixed.Zero);
        Should.Throw<DivideByZeroException>(() => FixedMath.Pow(Fixed.Zero, Fixed.FromInt(-1)));
    }
}
