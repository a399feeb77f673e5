using Ballast.Core.Hashing;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;

namespace Ballast.Subnets;

/// <summary>All subnets, by netuid, and the network-wide emission totals.</summary>
public sealed class SubnetState : ModuleState
{
    public SortedDictionary<int, Subnet> Subnets { get; private set; } = [];

    /// <summary>TAO emitted per block at the last block (halving schedule).</summary>
    public Ballast.Core.Numerics.Amount LastBlockEmission { get; set; }
    public Ballast.Core.Numerics.Amount TotalTaoEmitted { get; set; }

    public override ModuleState Clone()
    {
        var copy = (SubnetState)MemberwiseClone();
        copy.Subnets = new SortedDictionary<int, Subnet>(Subnets.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));
        return copy;
    }

    public override void WriteHash(StateHasher hasher)
    {
        hasher.Write("subnets");
        hasher.Write(LastBlockEmission);
        hasher.Write(TotalTaoEmitted);
        foreach (var s in Subnets.Values)
        {
            hasher.Write(s.Netuid); hasher.Write(s.Owner); hasher.Write(s.AlphaSymbol); hasher.Write((int)s.Kind);
            hasher.Write(s.RegisteredAt); hasher.Write(s.MinerAccount.Value);
            hasher.Write(s.DiversionPpb); hasher.Write(s.DiversionAccount?.Value ?? -1); hasher.Write(s.AlphaDiverted); hasher.Write(s.LastAlphaDiverted); hasher.Write(s.TaoWeight); hasher.Write(s.MinerBurnBps); hasher.Write(s.EmaPrice);
            hasher.Write(s.TaoInjected); hasher.Write(s.AlphaInjected); hasher.Write(s.AlphaToOwner);
            hasher.Write(s.AlphaToMiners); hasher.Write(s.AlphaToStakers);
            hasher.Write(s.LastTaoIn); hasher.Write(s.LastAlphaIn); hasher.Write(s.LastAlphaOut);
            foreach (var stake in s.Stakes.Values)
            {
                hasher.Write(stake.Hotkey); hasher.Write(stake.TotalAlpha); hasher.Write(stake.TotalShares);
                foreach (var (coldkey, shares) in stake.SharesByColdkey) { hasher.Write(coldkey); hasher.Write(shares); }
            }
        }
    }

    public override object Describe(Ballast.Core.Blocks.EngineContext ctx) => Describe(ctx.Ledger);

    private object Describe(TokenLedger ledger) => new
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
