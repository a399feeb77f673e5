using Ballast.Core.Blocks;

namespace Ballast.Simulation.Agents;

/// <summary>An agent population that is an attacking coalition: the path outcome <c>attackerPnlTao</c> sums its profit.</summary>
public interface ICoalitionSpec
{
    /// <summary>Coalition <paramref name="index"/>'s profit in rao at the view's prices: its accounts' wealth less their genesis funds.</summary>
    Int128 PnlRao(EngineView view, int index);
}
