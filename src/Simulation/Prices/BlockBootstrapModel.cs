using System.Collections.Immutable;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// Circular block bootstrap of historical log returns: the path draws a random start, replays
/// <see cref="BlockLength"/> consecutive returns (wrapping at the end), then draws again, so volatility clustering
/// within a block survives. Each historical return covers <see cref="BlocksPerReturn"/> engine blocks and is spread
/// evenly over them (r/n per block), so the product over those blocks is the recorded move.
/// </summary>
public sealed record BlockBootstrapModel(ImmutableArray<double> LogReturns, int BlockLength, int BlocksPerReturn) : IPriceModel
{
    public string Kind => "bootstrap";

    public IPricePath Start(double initialPrice, DeterministicRandom random)
    {
        if (LogReturns.IsDefaultOrEmpty) throw new InvalidOperationException("a bootstrap needs at least one historical return");
        var returns = LogReturns;
        int blockLength = BlockLength, perReturn = BlocksPerReturn;
        int index = 0, leftInBlock = 0, leftInReturn = 0;
        double current = 0;
        return new LogReturnPath(initialPrice, () =>
        {
            if (leftInReturn == 0)
            {
                if (leftInBlock == 0)
                {
                    index = (int)random.NextBelow((ulong)returns.Length);
                    leftInBlock = blockLength;
                }
                else index = (index + 1) % returns.Length;
                leftInBlock--;
                current = returns[index] / perReturn;
                leftInReturn = perReturn;
            }
            leftInReturn--;
            return current;
        });
    }
}
