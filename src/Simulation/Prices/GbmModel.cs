using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// Geometric Brownian motion: each block's log return is (μ − σ²/2) + σ·Z with Z standard normal, so
/// E[ln(S_t/S_0)] = (μ − σ²/2)·t and Var = σ²·t. Rates are per block.
/// </summary>
public sealed record GbmModel(double DriftPerBlock, double VolatilityPerBlock) : IPriceModel
{
    public string Kind => "gbm";

    public IPricePath Start(double initialPrice, DeterministicRandom random)
    {
        double mean = DriftPerBlock - VolatilityPerBlock * VolatilityPerBlock / 2, sigma = VolatilityPerBlock;
        return new LogReturnPath(initialPrice, () => mean + sigma * Sampling.StandardNormal(random));
    }
}
