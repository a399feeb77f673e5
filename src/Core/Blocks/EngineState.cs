using Ballast.Core.Governance;
using Ballast.Core.Hashing;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Blocks;

/// <summary>Everything that makes up the engine's state: what a snapshot captures and the state hash covers.</summary>
internal sealed class EngineState
{
    public required TokenLedger Ledger { get; init; }
    public required BlockClock Clock { get; set; }
    public required DeterministicRandom Random { get; init; }
    public required RoleRegistry Roles { get; init; }
    public required PauseRegistry Pauses { get; init; }
    public required ParameterRegistry Parameters { get; init; }
    public required PriceOracle Prices { get; init; }
    public required ModuleState[] Modules { get; init; }

    public EngineState Clone() => new()
    {
        Ledger = Ledger.Clone(),
        Clock = Clock,
        Random = Random.Clone(),
        Roles = Roles.Clone(),
        Pauses = Pauses.Clone(),
        Parameters = Parameters.Clone(),
        Prices = Prices.Clone(),
        Modules = Modules.Select(m => m.Clone()).ToArray(),
    };

    public string Hash()
    {
        using var hasher = new StateHasher();
        hasher.Write(Clock.Height);
        hasher.Write(Clock.GenesisUnixSeconds);
        hasher.Write(Clock.BlockSeconds);
        var (s0, s1, s2, s3) = Random.State;
        hasher.Write(s0); hasher.Write(s1); hasher.Write(s2); hasher.Write(s3);
        Ledger.WriteHash(hasher);
        Roles.WriteHash(hasher);
        Pauses.WriteHash(hasher);
        Parameters.WriteHash(hasher);
        Prices.WriteHash(hasher);
        foreach (var module in Modules)
        {
            hasher.Write(module.GetType().FullName!);
            module.WriteHash(hasher);
        }
        return hasher.Finish();
    }
}
