using System.Numerics;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Numerics;

/// <summary>
/// The exact integer square roots (64, 128 and 256 bits) and the 384-bit <c>⌊a·b·c/d⌋</c> behind them, against an
/// independent BigInteger reference: ⌊√n⌋ by Newton's method on BigInteger, checked by its defining property
/// r² ≤ n &lt; (r + 1)², over hand-worked values, every power of two and its neighbours, and seeded random values of
/// every bit length.
/// </summary>
public class FullMathSqrtTests
{
    private static readonly BigInteger Two128 = BigInteger.One << 128;

    /// <summary>⌊√n⌋ by Newton on BigInteger from above (independent of the code under test).</summary>
    private static BigInteger ReferenceSqrt(BigInteger n)
    {
        if (n < 2) return n;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) break;
            x = y;
        }
        (x * x <= n && (x + 1) * (x + 1) > n).ShouldBeTrue($"the reference root of {n}");
        return x;
    }

    private static BigInteger Join(UInt128 hi, UInt128 lo) => ((BigInteger)hi << 128) + lo;

    private static void CheckWide(BigInteger n)
    {
        var hi = (UInt128)(n >> 128);
        var lo = (UInt128)(n & (Two128 - 1));
        ((BigInteger)FullMath.Sqrt(hi, lo)).ShouldBe(ReferenceSqrt(n), $"√{n}");
    }

    private static UInt128 Random128(DeterministicRandom random, int bits)
    {
        if (bits <= 0) return UInt128.Zero;
        var value = new UInt128(random.NextUInt64(), random.NextUInt64());
        return bits >= 128 ? value : value & ((UInt128.One << bits) - 1);
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(3UL, 1UL)]
    [InlineData(4UL, 2UL)]
    [InlineData(99UL, 9UL)]
    [InlineData(100UL, 10UL)]
    [InlineData(1_000_000_000_000_000_000UL, 1_000_000_000UL)]
    [InlineData(ulong.MaxValue, 4_294_967_295UL)] // (2^32 − 1)² = 2^64 − 2^33 + 1 ≤ 2^64 − 1 < 2^64
    public void Hand_worked_64_bit_roots(ulong value, ulong root) => FullMath.Sqrt(value).ShouldBe(root);

    [Fact]
    public void Hand_worked_wide_roots()
    {
        // √(2^255) = 2^127·√2: ⌊2^127·1.41421356…⌋, and the largest 256-bit value's root is 2^128 − 1.
        FullMath.Sqrt(UInt128.MaxValue, UInt128.MaxValue).ShouldBe(UInt128.MaxValue);
        FullMath.Sqrt(UInt128.One, UInt128.Zero).ShouldBe(UInt128.One << 64); // √(2^128) = 2^64
        FullMath.Sqrt(UInt128.Zero, UInt128.MaxValue).ShouldBe((UInt128)ulong.MaxValue); // ⌊√(2^128 − 1)⌋ = 2^64 − 1
        // (10^30)² = 10^60 and one less.
        var square = BigInteger.Pow(10, 60);
        ((BigInteger)FullMath.Sqrt((UInt128)(square >> 128), (UInt128)(square & (Two128 - 1)))).ShouldBe(BigInteger.Pow(10, 30));
        var below = square - 1;
        ((BigInteger)FullMath.Sqrt((UInt128)(below >> 128), (UInt128)(below & (Two128 - 1)))).ShouldBe(BigInteger.Pow(10, 30) - 1);
        // 1e18·1e18·1e18/1e18 = 1e36, root 1e18; the same quotient's floor through the 384-bit product.
        FullMath.SqrtMulMulDiv(1_000_000_000_000_000_000, 1_000_000_000_000_000_000, 1_000_000_000_000_000_000, 1_000_000_000_000_000_000)
            .ShouldBe((UInt128)1_000_000_000_000_000_000);
        // ⌊√(2·3·5/7)⌋ = ⌊√4.28…⌋ = 2; ⌊√(1·1·1/2)⌋ = 0.
        FullMath.SqrtMulMulDiv(2, 3, 5, 7).ShouldBe((UInt128)2);
        FullMath.SqrtMulMulDiv(1, 1, 1, 2).ShouldBe(UInt128.Zero);
    }

    [Fact]
    public void Every_power_of_two_its_neighbours_and_perfect_squares_up_to_256_bits()
    {
        for (int k = 0; k < 256; k++)
        {
            var p = BigInteger.One << k;
            CheckWide(p);
            CheckWide(p - 1);
            if (k < 255) CheckWide(p + 1);
        }
        for (int k = 1; k <= 128; k++)
        {
            // r² − 1, r², r² + 1 around roots r = 2^k − 1 and 2^(k−1) + 1: the seed and the last Newton step meet exactly.
            foreach (var r in new[] { (BigInteger.One << k) - 1, (BigInteger.One << (k - 1)) + 1 })
            {
                CheckWide(r * r);
                CheckWide(r * r - 1);
                if (r * r + 1 < Two128 * Two128) CheckWide(r * r + 1);
            }
        }
    }

    [Fact]
    public void Every_seed_bucket_of_the_64_bit_root_is_exact_at_both_ends_and_at_every_even_shift()
    {
        // The 64-bit root is seeded from a table indexed by the top 8 bits after an even shift: check both ends of
        // every bucket, at every shift, and a perfect square inside each.
        for (ulong i = 64; i < 256; i++)
        {
            for (int shift = 0; shift <= 56; shift += 2)
            {
                ulong first = i << 56 >> shift, last = i == 255 ? ulong.MaxValue >> shift : (((i + 1) << 56) - 1) >> shift;
                ((BigInteger)FullMath.Sqrt(first)).ShouldBe(ReferenceSqrt(first));
                ((BigInteger)FullMath.Sqrt(last)).ShouldBe(ReferenceSqrt(last));
            }
            ulong root = (ulong)ReferenceSqrt(i << 56) + 1;
            FullMath.Sqrt(root * root).ShouldBe(root);
            FullMath.Sqrt(root * root - 1).ShouldBe(root - 1);
        }
    }

    [Fact]
    public void Random_values_of_every_bit_length_match_the_BigInteger_reference()
    {
        var random = new DeterministicRandom(20261201);
        for (int i = 0; i < 40_000; i++)
        {
            int bits = 1 + (int)(random.NextUInt64() % 256);
            var hi = bits > 128 ? Random128(random, bits - 128) : UInt128.Zero;
            var lo = bits > 128 ? Random128(random, 128) : Random128(random, bits);
            CheckWide(Join(hi, lo));
            ulong small = random.NextUInt64() >> (int)(random.NextUInt64() % 64);
            ((BigInteger)FullMath.Sqrt(small)).ShouldBe(ReferenceSqrt(small));
            var mid = Random128(random, 1 + (int)(random.NextUInt64() % 128));
            ((BigInteger)FullMath.Sqrt(mid)).ShouldBe(ReferenceSqrt(mid));
        }
    }

    [Fact]
    public void MulMulDiv_and_its_root_match_BigInteger_and_refuse_quotients_of_2_to_the_256_or_more()
    {
        var random = new DeterministicRandom(9);
        int wide = 0, refused = 0;
        for (int i = 0; i < 40_000; i++)
        {
            var a = Random128(random, 1 + (int)(random.NextUInt64() % 128));
            var b = Random128(random, 1 + (int)(random.NextUInt64() % 128));
            var c = Random128(random, 1 + (int)(random.NextUInt64() % 128));
            var d = Random128(random, 1 + (int)(random.NextUInt64() % 128));
            if (d.IsZero()) d = UInt128.One;
            var exact = (BigInteger)a * b * c / d;
            if (exact >= Two128 * Two128)
            {
                FullMath.TryMulMulDiv(a, b, c, d, out _, out _).ShouldBeFalse();
                Should.Throw<OverflowException>(() => FullMath.SqrtMulMulDiv(a, b, c, d));
                refused++;
                continue;
            }
            FullMath.TryMulMulDiv(a, b, c, d, out var hi, out var lo).ShouldBeTrue();
            Join(hi, lo).ShouldBe(exact, $"{a}·{b}·{c}/{d}");
            if (hi != 0) wide++;
            ((BigInteger)FullMath.SqrtMulMulDiv(a, b, c, d)).ShouldBe(ReferenceSqrt(exact));
        }
        wide.ShouldBeGreaterThan(5_000);
        refused.ShouldBeGreaterThan(1_000);
        Should.Throw<DivideByZeroException>(() => FullMath.TryMulMulDiv(1, 1, 1, 0, out _, out _));
    }
}
