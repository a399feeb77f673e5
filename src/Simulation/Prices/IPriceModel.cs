using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// A stochastic (or replayed) model of one market's external reference price. A model is immutable and describes
/// the process; <see cref="Start"/> begins one path with its own seeded randomness, so path i depends only on the
/// random source it is handed.
/// </summary>
public interface IPriceModel
{
    /// <summary>The model's name as scenarios write it (<c>gbm</c>, <c>merton</c>, ...).</summary>
    string Kind { get; }

    /// <summary>Begins a path at block 0 at <paramref name="initialPrice"/> (a replay ignores it and starts at its first row).</summary>
    IPricePath Start(double initialPrice, DeterministicRandom random);
}

/// <summary>One path of a price model, advanced one block at a time.</summary>
public interface IPricePath
{
    /// <summary>The price at the current block.</summary>
    double Price { get; }

    /// <summary>The price as the engine takes it: exact for a replay (the CSV's decimal), 12 decimals for a model.</summary>
    Fixed PriceFixed { get; }

    /// <summary>Moves to the next block.</summary>
    void Step();

    /// <summary>Multiplies the price by <paramref name="factor"/> from now on (a stress gap).</summary>
    void Shock(double factor);
}
