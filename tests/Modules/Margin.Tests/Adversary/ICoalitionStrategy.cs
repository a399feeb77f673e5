using Ballast.Core.Blocks;
using Ballast.Margin.Tests.Support;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// One transaction of a coalition's plan. A <paramref name="PriceMove"/> is a trade made only to move a price (or to
/// time a deposit): the baseline run drops it and keeps everything else, so the difference between the two runs is
/// what the moves earned.
/// </summary>
public readonly record struct CoalitionMove(Envelope Tx, bool PriceMove);

/// <summary>
/// A coalition of accounts attacking the margin module, block by block. It reads the engine only through the
/// read-only view (as a keeper or a simulator agent does) and proposes the transactions it puts first in each block;
/// the market (the arbitrageur that follows the price path) trades after it. The same plan runs twice over the same
/// world, path and seed: once whole, once without its price moves (<see cref="CoalitionMove.PriceMove"/>).
/// </summary>
public interface ICoalitionStrategy
{
    /// <summary>A stable name for figures and test names.</summary>
    string Name { get; }

    /// <summary>The coalition's accounts: their wealth, at final prices, is what the strategy earns.</summary>
    IReadOnlyList<string> Members { get; }

    /// <summary>How many blocks the plan runs after the set-up.</summary>
    int Blocks { get; }

    /// <summary>Accounts, tiers and parameters the plan needs, on top of the shared world (<see cref="AdversaryWorld"/>).</summary>
    MarginWorldBuilder Arrange(MarginWorldBuilder builder, AdversaryDraw draw);

    /// <summary>Set-up blocks after the world is built (transfers at fair prices, honest positions): the same in both runs, each block all accepted.</summary>
    IReadOnlyList<Envelope[]> Setup(AdversaryDraw draw);

    /// <summary>The coalition's transactions for plan block <paramref name="step"/> (0-based), in the order it wants them.</summary>
    IEnumerable<CoalitionMove> Act(EngineView view, int step, AdversaryDraw draw);
}
