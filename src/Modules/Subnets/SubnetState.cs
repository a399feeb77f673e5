using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.State;

namespace Ballast.Subnets;

/// <summary>All subnets, by netuid, and the network-wide emission totals.</summary>
public sealed class SubnetState : ModuleState
{
    public StateMap<int, Subnet> Subnets { get; } = new();

    /// <summary>TAO emitted per block at the last block (halving schedule).</summary>
    public Ballast.Core.Numerics.Amount LastBlockEmission { get; set => Set(ref field, value); }
    public Ballast.Core.Numerics.Amount TotalTaoEmitted { get; set => Set(ref field, value); }

    public override object Describe(Ballast.Core.Blocks.EngineView view) => Describe(view.Ledger);

    private object Describe(ILedgerView ledger) => new
    {
        blockEmissionTao = LastBlockEmission,
        totalTaoEmitted = TotalTaoEmitted,
        subnets = Subnets.Values.Select(s =>
        {
            ledger.TryGetToken(Ballast.Core.Blocks.Engine.TaoSymbol, out var taoToken);
            var tao = ledger.BalanceOf(s.PoolAccount, taoToken);
            var alpha = ledger.BalanceOf(s.PoolAccount, s.AlphaToken);
            return new
            {
                netuid = s.Netuid,
                owner = s.Owner,
                minerRecipient = ledger.Account(s.MinerAccount).Name,
                alphaToken = s.AlphaSymbol,
                pool = s.Kind,
                taoReserve = tao,
                alphaReserve = alpha,
                price = Pools.PoolMath.SpotPrice(tao, alpha, s.TaoWeight, s.AlphaWeight, Ballast.Core.Numerics.Rounding.Down),
                emaPrice = s.EmaPrice,
                taoWeight = s.TaoWeight,
                alphaIssuance = ledger.Supply(s.AlphaToken),
                emission = new
                {
                    lastBlock = new { taoIn = s.LastTaoIn, alphaIn = s.LastAlphaIn, alphaOut = s.LastAlphaOut },
                    diverted = new { ppb = s.DiversionPpb, to = s.DiversionAccount is { } d ? ledger.Account(d).Name : null, total = s.AlphaDiverted, lastBlock = s.LastAlphaDiverted },
                    total = new { taoIn = s.TaoInjected, alphaIn = s.AlphaInjected, alphaToOwner = s.AlphaToOwner, alphaToMiners = s.AlphaToMiners, alphaToStakers = s.AlphaToStakers },
                },
                stakes = s.Stakes.Values.Select(h => new
                {
                    hotkey = h.Hotkey,
                    totalAlpha = h.TotalAlpha,
                    delegators = h.SharesByColdkey.Keys.ToDictionary(c => c, h.AlphaOf, StringComparer.Ordinal),
                }).ToList(),
            };
        }).ToList(),
    };
}
