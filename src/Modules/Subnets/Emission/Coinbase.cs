using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets.Emission;

/// <summary>
/// The per-block emission (subtensor's run_coinbase, simplified as REFERENCE.md describes), run after each
/// block's transactions:
/// <list type="number">
/// <item>E = the TAO block emission by the halving schedule on TAO issuance (ledger supply + external issuance).</item>
/// <item>Each subnet's EMA price moves: α = movingAlpha·b/(b + halvingBlocks), ema ← α·min(p, 1) + (1 − α)·ema,
/// b = blocks since registration.</item>
/// <item>Shares ∝ ema·(1 − miner burn); tao_in = share·E; alpha_in = tao_in/p, capped at the subnet's alpha block
/// emission (then tao_in = alpha_in·p and the rest of the TAO is not minted). Both go into the pool, so the price
/// holds (a weighted pool is re-weighted to make it hold exactly up to rounding).</item>
/// <item>alpha_out = the alpha block emission: the owner's cut, then stakers' part pro rata to each hotkey's stake
/// (to miners when nobody stakes), then miners.</item>
/// </list>
/// All amounts round down; every unit is minted to a ledger account, so conservation holds by construction.
/// </summary>
internal static class Coinbase
{
    /// <summary>Up to this many subnets the per-block scratch arrays live on the stack (2 × 256 × 16 bytes).</summary>
    private const int MaxStackSubnets = 256;

    public static void Run(EngineContext ctx)
    {
        var state = ctx.State<SubnetState>();
        if (state.Subnets.Count == 0) return;
        var p = ctx.Params<SubnetParameters>();
        var ledger = ctx.Ledger;

        var taoIssuance = ledger.Supply(ctx.Tao) + new Amount((UInt128)p.ExternalTaoIssuanceRao);
        var blockEmission = EmissionSchedule.BlockEmission(taoIssuance);
        state.LastBlockEmission = blockEmission;

        // EMA prices and weights. Scratch space on the stack for a usual number of subnets, so a block allocates
        // nothing here; the heap beyond that.
        int count = state.Subnets.Count;
        Span<Fixed> weights = count <= MaxStackSubnets ? stackalloc Fixed[count] : new Fixed[count];
        Span<Fixed> prices = count <= MaxStackSubnets ? stackalloc Fixed[count] : new Fixed[count];
        Fixed totalWeight = Fixed.Zero;
        int i = 0;
        foreach (var subnet in state.Subnets.Values)
        {
            var price = SubnetMarket.SpotPrice(ctx, subnet);
            prices[i] = price;
            long age = ctx.Height - subnet.RegisteredAt;
            var alpha = age <= 0 ? Fixed.Zero : p.MovingAlpha.Mul(Fixed.Ratio(age, age + p.EmaHalvingBlocks, Rounding.Down), Rounding.Down);
            var target = Fixed.Min(price, Fixed.One);
            subnet.EmaPrice = alpha.Mul(target, Rounding.Down) + (Fixed.One - alpha).Mul(subnet.EmaPrice, Rounding.Down);
            weights[i] = subnet.EmaPrice.Mul(Fixed.FromBps(Bps.Scale - subnet.MinerBurn.Value), Rounding.Down);
            totalWeight += weights[i];
            i++;
        }

        i = 0;
        Amount emitted = Amount.Zero;
        foreach (var subnet in state.Subnets.Values)
        {
            var price = prices[i];
            // With no EMA yet anywhere (the first block), subnets share equally.
            var taoIn = totalWeight.IsZero
                ? blockEmission.MulDiv(1u, (UInt128)state.Subnets.Count, Rounding.Down)
                : new Amount(FullMath.MulDiv(blockEmission.Units, (UInt128)weights[i].Raw, (UInt128)totalWeight.Raw, Rounding.Down));
            var alphaEmission = EmissionSchedule.BlockEmission(ledger.Supply(subnet.AlphaToken));
            var alphaIn = Amount.Zero;
            if (!taoIn.IsZero && price.IsPositive)
            {
                alphaIn = price.DivAmount(taoIn, Rounding.Down);
                if (alphaIn > alphaEmission)
                {
                    alphaIn = alphaEmission;
                    taoIn = price.MulAmount(alphaIn, Rounding.Down);
                }
            }
            else taoIn = Amount.Zero;
            Inject(ctx, subnet, price, taoIn, alphaIn);
            var alphaOut = EmissionSchedule.BlockEmission(ledger.Supply(subnet.AlphaToken));
            DistributeAlpha(ctx, subnet, p, alphaOut);
            emitted += taoIn;
            subnet.LastTaoIn = taoIn;
            subnet.LastAlphaIn = alphaIn;
            subnet.LastAlphaOut = alphaOut;
            ctx.Prices.Record(subnet.PriceSourceName, ctx.Height, SubnetMarket.SpotPrice(ctx, subnet));
            i++;
        }
        state.TotalTaoEmitted += emitted;
    }

    private static void Inject(EngineContext ctx, Subnet subnet, Fixed price, Amount taoIn, Amount alphaIn)
    {
        if (taoIn.IsZero && alphaIn.IsZero) return;
        Mint(ctx, subnet.PoolAccount, ctx.Tao, taoIn);
        Mint(ctx, subnet.PoolAccount, subnet.AlphaToken, alphaIn);
        subnet.TaoInjected += taoIn;
        subnet.AlphaInjected += alphaIn;
        if (subnet.Kind == PoolKind.Weighted)
        {
            // Re-weight so that (w_alpha·TAO)/(w_tao·alpha) = price: w_tao = TAO/(TAO + price·alpha).
            var (tao, alpha) = SubnetMarket.Reserves(ctx, subnet);
            var alphaValue = price.MulAmount(alpha, Rounding.Down);
            if (!(tao + alphaValue).IsZero)
                subnet.TaoWeight = Fixed.Ratio(tao, tao + alphaValue, Rounding.Down);
        }
    }

    private static void DistributeAlpha(EngineContext ctx, Subnet subnet, SubnetParameters p, Amount alphaOut)
    {
        if (alphaOut.IsZero) return;
        // A diversion (an insurance pool funded by emissions) takes its share first; the rest goes on as usual.
        if (subnet.Diversion > Ppb.Zero && subnet.DiversionAccount is { } diversionAccount)
        {
            var diverted = subnet.Diversion.Of(alphaOut, Rounding.Down);
            Mint(ctx, diversionAccount, subnet.AlphaToken, diverted);
            subnet.AlphaDiverted += diverted;
            subnet.LastAlphaDiverted = diverted;
            alphaOut -= diverted;
        }
        var ownerCut = p.OwnerCutBps.Of(alphaOut, Rounding.Down);
        var rest = alphaOut - ownerCut;
        var stakers = p.StakerShareBps.Of(rest, Rounding.Down);
        var totalStaked = Amount.Zero;
        // Enumerating the stakes' map allocates even when it is empty; most subnets have no stakes.
        if (subnet.Stakes.Count != 0)
            foreach (var stake in subnet.Stakes.Values) totalStaked += stake.TotalAlpha;
        if (totalStaked.IsZero) stakers = Amount.Zero;
        var miners = rest - stakers;

        if (!ctx.Ledger.TryGetAccount(subnet.Owner, out var owner))
            throw new InvariantViolationException($"subnet {subnet.Netuid}'s owner account {subnet.Owner} is gone");
        Mint(ctx, owner, subnet.AlphaToken, ownerCut);
        subnet.AlphaToOwner += ownerCut;

        // Stakers: pro rata to each hotkey's alpha, rounding down; the dust goes to miners.
        var paid = Amount.Zero;
        if (!stakers.IsZero)
        {
            foreach (var stake in subnet.Stakes.Values)
            {
                var part = stakers.MulDiv(stake.TotalAlpha, totalStaked, Rounding.Down);
                stake.TotalAlpha += part;
                paid += part;
            }
            Mint(ctx, subnet.StakeAccount, subnet.AlphaToken, paid);
        }
        miners += stakers - paid;
        subnet.AlphaToStakers += paid;
        subnet.AlphaToMiners += miners;
        Mint(ctx, subnet.MinerAccount, subnet.AlphaToken, miners);
    }

    private static void Mint(EngineContext ctx, Ballast.Core.Ledger.AccountId to, Ballast.Core.Ledger.TokenId token, Amount amount)
    {
        if (amount.IsZero) return;
        if (!ctx.Ledger.TryMint(to, token, amount))
            throw new InvariantViolationException($"emission of {amount} would overflow {ctx.Ledger.Token(token).Symbol}'s supply");
    }
}
