using Ballast.Core.Blocks;

namespace Ballast.Core.Modules;

/// <summary>
/// A bot a module offers (a liquidator, an accrual keeper): before each block it looks at the state and proposes
/// transactions signed by its account. Scripts, the simulator and <c>ballast keeper</c> run the same keepers; the
/// engine treats their transactions like any other.
/// </summary>
public interface IKeeper
{
    /// <summary>Adds the transactions <paramref name="account"/> would send in the next block.</summary>
    void Propose(EngineView view, string account, List<Envelope> transactions);
}
