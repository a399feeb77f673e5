using System.Collections.Immutable;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>One regime of a <see cref="RegimeSwitchingModel"/>: GBM rates per block and the mean time spent in it.</summary>
public sealed record Regime(string Name, double DriftPerBlock, double VolatilityPerBlock, double MeanDurationBlocks);

/// <summary>
/// A Markov chain of GBM regimes: each block the chain leaves its regime with probability 1/mean duration (so the
/// time in a regime is geometric with that mean) for one of the others, chosen uniformly; then the price moves by
/// the regime's GBM step. The path starts in the first regime.
/// </summary>
public sealed record RegimeSwitchingModel(ImmutableArray<Regime> Regimes) : IPriceModel
{
    public string Kind => "regimes";

    public IPricePath Start(double initialPrice, DeterministicRandom random) => new RegimePath(this, initialPrice, random);

    /// <summary>A path that also says which regime it is in (the tests measure durations with it).</summary>
    internal sealed class RegimePath(RegimeSwitchingModel model, double initialPrice, DeterministicRandom random) : IPricePath
    {
        private double _logPrice = Math.Log(initialPrice);

        public int Current { get; private set; }
        public double Price { get; private set; } = initialPrice;
        public Fixed PriceFixed => Sampling.ToFixed(Price);

        public void Step()
        {
            var regimes = model.Regimes;
            if (regimes.Length > 1 && random.NextDouble() < 1 / regimes[Current].MeanDurationBlocks)
            {
                int next = (int)random.NextBelow((ulong)regimes.Length - 1);
                Current = next >= Current ? next + 1 : next;
            }
            var r = regimes[Current];
            _logPrice += r.DriftPerBlock - r.VolatilityPerBlock * r.VolatilityPerBlock / 2 + r.VolatilityPerBlock * Sampling.StandardNormal(random);
            Price = Math.Exp(_logPrice);
        }

        public void Shock(double factor)
        {
            _logPrice += Math.Log(factor);
            Price = Math.Exp(_logPrice);
        }
    }
}
