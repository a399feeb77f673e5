using System.Collections.Immutable;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Agents;

/// <summary>A leverage an agent may choose, and its weight in the mix.</summary>
public sealed record LeverageChoice(Fixed Leverage, double Weight)
{
    /// <summary>Draws one choice with probability proportional to its weight.</summary>
    public static Fixed Draw(ImmutableArray<LeverageChoice> choices, DeterministicRandom random)
    {
        double total = 0;
        foreach (var c in choices) total += c.Weight;
        double u = random.NextDouble() * total;
        foreach (var c in choices)
        {
            if (u < c.Weight) return c.Leverage;
            u -= c.Weight;
        }
        return choices[^1].Leverage;
    }

    /// <summary>An amount drawn uniformly between two, to the rao.</summary>
    public static Amount Between(Amount min, Amount max, DeterministicRandom random)
    {
        if (max <= min) return min;
        var span = max.Units - min.Units;
        return new Amount(min.Units + (UInt128)(ulong)(random.NextDouble() * (double)span));
    }
}
