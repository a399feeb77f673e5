using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using Ballast.Subnets.Staking;

namespace Ballast.Subnets;

/// <summary>
/// One subnet's market. Its pool reserves are the balances of its pool account in the ledger (one source of truth);
/// the rest — weights, EMA price, stakes and emission totals — lives here.
/// </summary>
public sealed class Subnet
{
    public required int Netuid { get; init; }
    public required string Owner { get; init; }
    public required TokenId AlphaToken { get; init; }
    public required string AlphaSymbol { get; init; }
    public required AccountId PoolAccount { get; init; }
    public required AccountId StakeAccount { get; init; }
    /// <summary>Where the miners' alpha goes: <c>subnet:N:miners</c>, or an account the owner named (a protocol routing emissions to its LPs).</summary>
    public required AccountId MinerAccount { get; set; }
    public required PoolKind Kind { get; init; }
    public required long RegisteredAt { get; init; }

    /// <summary>This pool's name in the engine's price oracle (<c>subnet:{netuid}</c>).</summary>
    public string PriceSourceName => SubnetMarket.InternPriceSource(Netuid);

    /// <summary>Weight of TAO in the pool (alpha's is 1 − this); ½ for constant product.</summary>
    public Fixed TaoWeight { get; set; }
    public Fixed AlphaWeight => Fixed.One - TaoWeight;

    /// <summary>Fraction of the subnet's emission share withheld (miner burn), in basis points.</summary>
    public int MinerBurnBps { get; init; }

    /// <summary>Exponential moving average of min(price, 1), the basis of the subnet's emission share.</summary>
    public Fixed EmaPrice { get; set; }

    /// <summary>Share of alpha_out diverted before the usual split (ppb), and where it goes; set through <see cref="SubnetMarket.SetEmissionDiversion"/>.</summary>
    public long DiversionPpb { get; set; }
    public AccountId? DiversionAccount { get; set; }
    public Amount AlphaDiverted { get; set; }
    public Amount LastAlphaDiverted { get; set; }

    public SortedDictionary<string, HotkeyStake> Stakes { get; private set; } = new(StringComparer.Ordinal);

    // Emission totals since registration, and the last block's, for reports.
    public Amount TaoInjected { get; set; }
    public Amount AlphaInjected { get; set; }
    public Amount AlphaToOwner { get; set; }
    public Amount AlphaToMiners { get; set; }
    public Amount AlphaToStakers { get; set; }
    public Amount LastTaoIn { get; set; }
    public Amount LastAlphaIn { get; set; }
    public Amount LastAlphaOut { get; set; }

    public Subnet Clone()
    {
        var stakes = new SortedDictionary<string, HotkeyStake>(StringComparer.Ordinal);
        foreach (var (hotkey, stake) in Stakes) stakes.Add(hotkey, stake.Clone());
        var copy = (Subnet)MemberwiseClone();
        copy.Stakes = stakes;
        return copy;
    }
}
