using BenchmarkDotNet.Attributes;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Subnets.Pools;

namespace Ballast.Bench;

/// <summary>
/// The input that moves a constant-product pool to a target price (what <c>subnets.swapToPrice</c> computes for every
/// pinned market and arbitrageur, every block), on a 500,000 TAO pool at 0.05 moved to 0.0505 (up) or 0.0495 (down):
/// <c>PowerUp</c>/<c>PowerDown</c> are the ln/exp path used before for every pool (TAO' = TAO·(p'/p)^½, restated here
/// operation for operation), <c>ExactUp</c>/<c>ExactDown</c> the exact one through <see cref="PoolMath.InputToReach"/>
/// (one 256-bit integer square root), <c>Sqrt256</c> the root alone on a 200-bit value.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class InputToReachBenchmarks
{
    private static readonly Fixed Half = Fixed.Parse("0.5");
    private readonly Amount _tao = Amount.Tokens(500_000);
    private readonly Amount _alpha = Amount.Tokens(10_000_000);
    private readonly Fixed _up = Fixed.Parse("0.0505");
    private readonly Fixed _down = Fixed.Parse("0.0495");
    private readonly UInt128 _hi = UInt128.One << 71;
    private readonly UInt128 _lo = new(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);

    /// <summary>The code <c>SubnetMarket.InputToReach</c> ran for every pool before (commit d71cc20).</summary>
    private static Amount Power(Amount tao, Amount alpha, Fixed target)
    {
        var price = PoolMath.SpotPrice(tao, alpha, Half, Half, Rounding.Down);
        if (target < price)
        {
            var newAlpha = FixedMath.Pow(price.Div(target, Rounding.Down), Half).MulAmount(alpha, Rounding.Down);
            return newAlpha.SaturatingSub(alpha);
        }
        var newTao = FixedMath.Pow(target.Div(price, Rounding.Down), Half).MulAmount(tao, Rounding.Down);
        return newTao.SaturatingSub(tao);
    }

    [Benchmark(Baseline = true)]
    public Amount PowerUp() => Power(_tao, _alpha, _up);

    [Benchmark]
    public Amount PowerDown() => Power(_tao, _alpha, _down);

    [Benchmark]
    public Amount ExactUp() => PoolMath.InputToReach(_tao, _alpha, Half, Half, _up, out _);

    [Benchmark]
    public Amount ExactDown() => PoolMath.InputToReach(_tao, _alpha, Half, Half, _down, out _);

    [Benchmark]
    public UInt128 Sqrt256() => FullMath.Sqrt(_hi, _lo);
}
