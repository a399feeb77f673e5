using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// The radCAD anchor's market (../shared/bench/radcad_margin.py): each block the price is multiplied by
/// exp(σ·z − σ²/2), z from CPython's <c>random.Random(Seed).gauss(0, 1)</c>, computed in the model's order so every
/// return equals the Python model's to the bit. The stream is fixed by <see cref="Seed"/>, not by the path: every path
/// of a scenario draws the same returns (the model's one path); use <c>gbm</c> for a Monte Carlo of different paths.
/// </summary>
public sealed record CPythonGbmModel(long Seed, double VolatilityPerBlock) : IPriceModel
{
    public string Kind => "cpythonGbm";

    /// <summary>Starts the model's path; the engine's random source is not used (the draws are CPython's).</summary>
    public IPricePath Start(double initialPrice, DeterministicRandom random) => new CPythonGbmPath(initialPrice, Seed, VolatilityPerBlock);
}

/// <summary>One path of <see cref="CPythonGbmModel"/>: the price times each block's return, as the model multiplies its pool price.</summary>
internal sealed class CPythonGbmPath(double initialPrice, long seed, double sigma) : IReturnPath
{
    private readonly CPythonRandom _random = new(seed);

    // Python's sigma ** 2 is C's pow(sigma, 2.0), which is not always sigma * sigma rounded (glibc's pow is within
    // 0.52 ulp, not correctly rounded): Math.Pow calls the same C library, so the two agree bit for bit.
    private readonly double _halfVariance = 0.5 * Math.Pow(sigma, 2.0);

    public double Price { get; private set; } = initialPrice;

    /// <summary>The last block's return exp(σz − σ²/2), or a gap's factor (1 before the first step).</summary>
    public double LastReturn { get; private set; } = 1;

    public Fixed PriceFixed => Sampling.ToFixed(Price);

    public void Step()
    {
        // Python: math.exp(sigma * z - 0.5 * sigma ** 2), in that order.
        LastReturn = Math.Exp(sigma * _random.Gauss(0.0, 1.0) - _halfVariance);
        Price *= LastReturn;
    }

    // A gap block has no step (the runner shocks instead of advancing): its move is the gap's factor.
    public void Shock(double factor)
    {
        LastReturn = factor;
        Price *= factor;
    }
}
