using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// Merton's jump diffusion: GBM plus, each block, a Poisson(λ) number of jumps whose log sizes are
/// N(<see cref="JumpMean"/>, <see cref="JumpStd"/>²). The diffusion drift is compensated so that E[S_t] = S_0·e^{μt}:
/// per block, log return mean μ − σ²/2 − λ·(e^{m + s²/2} − 1).
/// </summary>
public sealed record MertonJumpModel(double DriftPerBlock, double VolatilityPerBlock, double JumpsPerBlock, double JumpMean, double JumpStd) : IPriceModel
{
    public string Kind => "merton";

    public IPricePath Start(double initialPrice, DeterministicRandom random)
    {
        double kappa = Math.Exp(JumpMean + JumpStd * JumpStd / 2) - 1;
        double mean = DriftPerBlock - VolatilityPerBlock * VolatilityPerBlock / 2 - JumpsPerBlock * kappa;
        return new LogReturnPath(initialPrice, () =>
        {
            double r = mean + VolatilityPerBlock * Sampling.StandardNormal(random);
            int jumps = Sampling.Poisson(random, JumpsPerBlock);
            for (int j = 0; j < jumps; j++) r += JumpMean + JumpStd * Sampling.StandardNormal(random);
            return r;
        });
    }
}
