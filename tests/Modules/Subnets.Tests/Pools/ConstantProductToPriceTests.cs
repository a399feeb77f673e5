using System.Numerics;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets.Tests.Pools;

/// <summary>
/// The input that moves a constant-product pool to a target price (<see cref="PoolMath.InputToReach"/>, the arithmetic
/// of <c>subnets.swapToPrice</c>): one exact square root, TAO' = ⌊√(k·p')⌋ or alpha' = ⌊√(k/p')⌋. Checked by hand, against
/// BigInteger (exact floor root by Newton) over seeded random pools and targets from 1 rao to 2^100 rao and from 1e-18
/// to 1e6 TAO per alpha, by the side and distance of the price the pool is left at, and against the ln/exp power it
/// replaced, within that path's error.
/// </summary>
public class ConstantProductToPriceTests
{
    private static readonly Fixed Half = Fixed.Parse("0.5");
    private static readonly BigInteger Scale = BigInteger.Pow(10, 18);
    private static readonly BigInteger Two128 = BigInteger.One << 128;

    private static Amount Reach(ulong tao, ulong alpha, string target, out bool taoIn) =>
        PoolMath.InputToReach(new Amount(tao), new Amount(alpha), Half, Half, Fixed.Parse(target), out taoIn);

    /// <summary>⌊√n⌋ by Newton on BigInteger, checked by r² ≤ n &lt; (r + 1)².</summary>
    private static BigInteger Isqrt(BigInteger n)
    {
        if (n < 2) return n;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) break;
            x = y;
        }
        (x * x <= n && (x + 1) * (x + 1) > n).ShouldBeTrue();
        return x;
    }

    [Fact]
    public void Hand_worked_a_thousand_TAO_pool_at_a_quarter_doubles_and_halves_its_price()
    {
        // 1,000 TAO against 4,000 alpha: k = 4e24 rao², price 0.25. To 0.5: TAO' = √(4e24·0.5) = 1e12·√2 rao =
        // 1,414,213,562,373.095… → 1,414,213,562,373, so 414,213,562,373 rao in.
        Reach(1_000_000_000_000, 4_000_000_000_000, "0.5", out var taoIn).ShouldBe(new Amount(414_213_562_373));
        taoIn.ShouldBeTrue();
        // To 0.125: alpha' = √(4e24/0.125) = √3.2e25 = 1e12·√32 = 5,656,854,249,492.38… → 1,656,854,249,492 alpha in.
        Reach(1_000_000_000_000, 4_000_000_000_000, "0.125", out taoIn).ShouldBe(new Amount(1_656_854_249_492));
        taoIn.ShouldBeFalse();
    }

    [Fact]
    public void Hand_worked_tiny_pools_round_the_reserve_down()
    {
        // 1,000 rao each, price 1, to 1.5: k·p' = 1,500,000; 1,224² = 1,498,176 ≤ it < 1,225² = 1,500,625: 224 in.
        Reach(1_000, 1_000, "1.5", out var taoIn).ShouldBe(new Amount(224));
        taoIn.ShouldBeTrue();
        // To 0.5: k/p' = 2,000,000; 1,414² = 1,999,396 ≤ it < 1,415² = 2,002,225: 414 alpha in.
        Reach(1_000, 1_000, "0.5", out taoIn).ShouldBe(new Amount(414));
        taoIn.ShouldBeFalse();
        // Already there: √(k·1) = 1,000 exactly, nothing to do.
        Reach(1_000, 1_000, "1", out _).ShouldBe(Amount.Zero);
        // 1 rao against 1 rao to 1e6: TAO' = √1e6 = 1,000, so 999 in; to 1e-18: alpha' = √1e18 = 1e9.
        Reach(1, 1, "1000000", out _).ShouldBe(new Amount(999));
        Reach(1, 1, "0.000000000000000001", out _).ShouldBe(new Amount(999_999_999));
    }

    private static UInt128 LogUniform(DeterministicRandom random, int maxBits)
    {
        int bits = 1 + (int)random.NextBelow((ulong)maxBits);
        var value = new UInt128(random.NextUInt64(), random.NextUInt64()) & ((UInt128.One << bits) - 1);
        return value | (UInt128.One << (bits - 1));
    }

    /// <summary>
    /// Seeded random pools of 1 rao to 2^100 rao a side and targets of 1e-18 to 1e6 TAO per alpha (log-uniform, plus
    /// the extremes themselves): the reserve is exactly BigInteger's ⌊√(k·p')⌋ (or ⌊√(k/p')⌋), the input one unit short
    /// of passing the target on the exact curve, and the pool's own price after the swap on the right side of the
    /// target and within the distance rounding to whole units allows.
    /// </summary>
    [Fact]
    public void Random_pools_and_targets_match_the_exact_BigInteger_root_and_leave_the_price_on_the_right_side()
    {
        var random = new DeterministicRandom(20261201);
        UInt128[] extremes = [UInt128.One, UInt128.One << 100, (UInt128.One << 100) - 1, 2, 1_000_000_000];
        UInt128 maxTarget = (UInt128)Fixed.FromInt(1_000_000).Raw;
        int taoSide = 0, alphaSide = 0, swapped = 0;
        for (int i = 0; i < 20_000; i++)
        {
            UInt128 t = i % 10 == 0 ? extremes[random.NextBelow((ulong)extremes.Length)] : LogUniform(random, 100);
            UInt128 a = i % 10 == 1 ? extremes[random.NextBelow((ulong)extremes.Length)] : LogUniform(random, 100);
            UInt128 p = (i % 7) switch
            {
                0 => UInt128.One,
                1 => maxTarget,
                _ => UInt128.Min(maxTarget, LogUniform(random, 80)),
            };
            // A price must fit a Fixed (below 1.7e20; the engine's pools stay below 1e12).
            if ((BigInteger)t >= (BigInteger)a * BigInteger.Pow(10, 20)) continue;
            var tao = new Amount(t);
            var alpha = new Amount(a);
            var target = new Fixed((Int128)p);
            BigInteger k = (BigInteger)t * a, P = p;
            var spot = PoolMath.SpotPrice(tao, alpha, Half, Half, Rounding.Down);
            bool up = target >= spot;
            var reference = up ? Isqrt(k * P / Scale) : Isqrt(k * Scale / P);
            if (reference >= Two128)
            {
                // The new reserve would not fit an Amount: an overflow (a refusal in the engine), never a wrapped value.
                Should.Throw<OverflowException>(() => PoolMath.InputToReach(tao, alpha, Half, Half, target, out _));
                continue;
            }
            var input = PoolMath.InputToReach(tao, alpha, Half, Half, target, out bool taoIn);
            taoIn.ShouldBe(up);
            if (taoIn)
            {
                taoSide++;
                var root = reference;
                ((BigInteger)PoolMath.ConstantProductTaoAt(tao, alpha, target).Units).ShouldBe(root);
                ((BigInteger)input.Units).ShouldBe(BigInteger.Max(root - t, 0), $"TAO {t}, alpha {a}, target {p}");
                if (input.IsZero) continue;
                var newTao = t + input.Units;
                // On the exact curve: TAO'² ≤ k·p' < (TAO' + 1)² (one more rao would pass the target).
                ((BigInteger)newTao * newTao * Scale <= k * P).ShouldBeTrue();
                (((BigInteger)newTao + 1) * (newTao + 1) * Scale > k * P).ShouldBeTrue();
                // The pool's own swap: alpha out rounded down, so alpha'' = ⌈k/TAO'⌉ and the price at or below the target.
                var alphaOut = PoolMath.AmountOut(PoolKind.ConstantProduct, tao, alpha, Half, Half, input);
                var alphaAfter = alpha - alphaOut;
                if (alphaAfter.IsZero) continue;
                swapped++;
                var after = (BigInteger)PoolMath.SpotPrice(new Amount(newTao), alphaAfter, Half, Half, Rounding.Down).Raw;
                after.ShouldBeLessThanOrEqualTo(P);
                // And no further below than rounding allows: price > p'·(1 − 2/TAO')·k/(k + TAO'), floored to 1e-18.
                ((after + 1) * (k + newTao) * newTao > P * ((BigInteger)newTao - 2) * k).ShouldBeTrue($"TAO {t}, alpha {a}, target {p}");
            }
            else
            {
                alphaSide++;
                var root = reference;
                ((BigInteger)PoolMath.ConstantProductAlphaAt(tao, alpha, target).Units).ShouldBe(root);
                ((BigInteger)input.Units).ShouldBe(BigInteger.Max(root - a, 0), $"TAO {t}, alpha {a}, target {p}");
                if (input.IsZero) continue;
                var newAlpha = a + input.Units;
                // On the exact curve: alpha'²·p' ≤ k < (alpha' + 1)²·p'.
                ((BigInteger)newAlpha * newAlpha * P <= k * Scale).ShouldBeTrue();
                (((BigInteger)newAlpha + 1) * (newAlpha + 1) * P > k * Scale).ShouldBeTrue();
                var taoOut = PoolMath.AmountOut(PoolKind.ConstantProduct, alpha, tao, Half, Half, input);
                swapped++;
                var after = (BigInteger)PoolMath.SpotPrice(tao - taoOut, new Amount(newAlpha), Half, Half, Rounding.Down).Raw;
                after.ShouldBeGreaterThanOrEqualTo(P);
                // Price < p'·(1 + 1/alpha')² + 1/alpha' (TAO'' = ⌈k/alpha'⌉ < k/alpha' + 1).
                (after * newAlpha * newAlpha < P * ((BigInteger)newAlpha + 1) * (newAlpha + 1) + Scale * newAlpha).ShouldBeTrue($"TAO {t}, alpha {a}, target {p}");
            }
        }
        taoSide.ShouldBeGreaterThan(5_000);
        alphaSide.ShouldBeGreaterThan(5_000);
        swapped.ShouldBeGreaterThan(10_000);
    }

    /// <summary>
    /// The path this replaced, TAO' = TAO·(p'/p)^½ through ln/exp (alpha' = alpha·(p/p')^½), on realistic pools (1 to 1e9
    /// TAO a side, targets 1e-4 to 1e4 times the price): the two agree within the old path's error, which is the power's
    /// relative bound plus the relative error of the rounded spot price and of the rounded ratio (halved by the root,
    /// counted whole here) plus a rao for each of the two floors.
    /// </summary>
    [Fact]
    public void The_exact_root_agrees_with_the_old_power_within_its_error()
    {
        var random = new DeterministicRandom(7);
        int differed = 0;
        for (int i = 0; i < 5_000; i++)
        {
            UInt128 t = (UInt128)(1_000_000_000UL + random.NextBelow(1_000_000_000_000_000_000UL));
            UInt128 a = (UInt128)(1_000_000_000UL + random.NextBelow(1_000_000_000_000_000_000UL));
            var tao = new Amount(t);
            var alpha = new Amount(a);
            var price = PoolMath.SpotPrice(tao, alpha, Half, Half, Rounding.Down);
            if (price.Raw < 1_000_000) continue; // a price of under 1e-12 carries a relative error above 1e-6 by itself
            // Targets from 1e-4 to 1e4 times the price: the multiplier 10^u for u uniform in [−4, 4].
            double exponent = -4 + 8 * random.NextDouble();
            var target = new Fixed((Int128)Math.Max(1, Math.Min(1e24, (double)price.Raw * Math.Pow(10, exponent))));
            var input = PoolMath.InputToReach(tao, alpha, Half, Half, target, out bool taoIn);
            Fixed ratio;
            Amount reserve;
            if (taoIn)
            {
                ratio = target.Div(price, Rounding.Down);
                reserve = tao;
            }
            else
            {
                ratio = price.Div(target, Rounding.Down);
                reserve = alpha;
            }
            var old = FixedMath.Pow(ratio, Half).MulAmount(reserve, Rounding.Down).SaturatingSub(reserve);
            var exact = input.Units + reserve.Units;
            double relative = FixedMath.PowRelativeErrorBound.ToDouble() + 1.0 / (double)price.Raw + 1.0 / (double)ratio.Raw + 1e-18;
            var bound = (BigInteger)Math.Ceiling((double)exact * relative) + 2;
            var difference = BigInteger.Abs((BigInteger)old.Units - input.Units);
            difference.ShouldBeLessThanOrEqualTo(bound, $"TAO {t}, alpha {a}, target {target}: old {old}, exact {input}");
            if (!difference.IsZero) differed++;
        }
        differed.ShouldBeGreaterThan(100); // the old path's error is real: the two do not coincide by construction
    }
}
