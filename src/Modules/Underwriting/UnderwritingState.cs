using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.State;
using Ballast.Underwriting.Model;

namespace Ballast.Underwriting;

/// <summary>Vaults, instruments with their markets, and managers; each field declared once (journaled, hashed, cloned).</summary>
internal sealed class UnderwritingState : ModuleState
{
    public long NextVaultId { get; set => Set(ref field, value); } = 1;
    public long NextInstrumentId { get; set => Set(ref field, value); } = 1;
    public StateMap<long, Vault> Vaults { get; } = new();
    public StateMap<long, Instrument> Instruments { get; } = new();
    public StateMap<string, ManagerRecord> Managers { get; } = new();

    public override object Describe(EngineView view) => UnderwritingQueries.Summary(view);
}
