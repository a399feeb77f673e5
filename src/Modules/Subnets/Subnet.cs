using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Subnets.Pools;
using Ballast.Subnets.Staking;

namespace Ballast.Subnets;

/// <summary>
/// One subnet's market. Its pool reserves are the balances of its pool account in the ledger (one source of truth);
/// the rest — weights, EMA price, stakes and emission totals — lives here. Internal to the module: other modules see
/// <see cref="SubnetInfo"/> through <see cref="ISubnetMarkets"/>, people and programs <see cref="SubnetView"/>.
/// </summary>
internal sealed class Subnet : StateObject
{
    public required int Netuid { get; init; }
    public required string Owner { get; init; }
    public required TokenId AlphaToken { get; init; }
    public required string AlphaSymbol { get; init; }
    public required AccountId PoolAccount { get; init; }
    public required AccountId StakeAccount { get; init; }
    /// <summary>This pool's name in the engine's price oracle (<c>subnet:{netuid}</c>).</summary>
    public required string PriceSourceName { get; init; }
    /// <summary>Where the miners' alpha goes: <c>subnet:N:miners</c>, or an account the owner named (a protocol routing emissions to its LPs).</summary>
    public required AccountId MinerAccount { get; set => Set(ref field, value); }
    public required PoolKind Kind { get; init; }
    public required long RegisteredAt { get; init; }

    /// <summary>Weight of TAO in the pool (alpha's is 1 − this); ½ for constant product.</summary>
    public Fixed TaoWeight { get; set => Set(ref field, value); }
    public Fixed AlphaWeight => Fixed.One - TaoWeight;

    /// <summary>Fraction of the subnet's emission share withheld (miner burn).</summary>
    public Bps MinerBurn { get; init; }

    /// <summary>Exponential moving average of min(price, 1), the basis of the subnet's emission share.</summary>
    public Fixed EmaPrice { get; set => Set(ref field, value); }

    /// <summary>Share of alpha_out diverted before the usual split, and where it goes; set through <see cref="ISubnetMarkets.SetEmissionDiversion"/>.</summary>
    public Ppb Diversion { get; set => Set(ref field, value); }
    public AccountId? DiversionAccount { get; set => Set(ref field, value); }
    public Amount AlphaDiverted { get; set => Set(ref field, value); }
    public Amount LastAlphaDiverted { get; set => Set(ref field, value); }

    public StateMap<string, HotkeyStake> Stakes { get; } = new();

    // Emission totals since registration, and the last block's, for reports.
    public Amount TaoInjected { get; set => Set(ref field, value); }
    public Amount AlphaInjected { get; set => Set(ref field, value); }
    public Amount AlphaToOwner { get; set => Set(ref field, value); }
    public Amount AlphaToMiners { get; set => Set(ref field, value); }
    public Amount AlphaToStakers { get; set => Set(ref field, value); }
    public Amount LastTaoIn { get; set => Set(ref field, value); }
    public Amount LastAlphaIn { get; set => Set(ref field, value); }
    public Amount LastAlphaOut { get; set => Set(ref field, value); }
}
