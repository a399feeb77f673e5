using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// Laplace-tailed log returns: each block μ + Laplace(0, b), variance 2b², E|r − μ| = b. Seed 000's expected-loss
/// constant c ≈ 0.8 assumes these tails (E|X|/σ = 1/√2 ≈ 0.71 for Laplace against 0.80 for a normal).
/// </summary>
public sealed record LaplaceModel(double DriftPerBlock, double ScalePerBlock) : IPriceModel
{
    public string Kind => "laplace";

    public IPricePath Start(double initialPrice, DeterministicRandom random) =>
        new LogReturnPath(initialPrice, () => DriftPerBlock + Sampling.Laplace(random, ScalePerBlock));
}
