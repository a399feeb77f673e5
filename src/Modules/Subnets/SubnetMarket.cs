using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets;

/// <summary>
/// The subnet markets' read helpers and the swap, shared by the handlers, the queries and the
/// <see cref="ISubnetMarkets"/> port (the only way other modules reach them): quotes (<c>simSwap</c> in both
/// directions), swaps on behalf of an account with a slippage limit, and spot prices. Reads take the read-only view;
/// writes the handler's or hook's context. Quotes are exact: a swap returns precisely what its quote said.
/// </summary>
internal static class SubnetMarket
{
    /// <summary>The price source name of a subnet's pool in the engine's oracle.</summary>
    public static string PriceSource(int netuid) => $"subnet:{netuid}";

    public static TxResult TryGetSubnet(EngineView ctx, int netuid, out Subnet subnet) =>
        ctx.State<SubnetState>().Subnets.TryGetValue(netuid, out subnet!)
            ? TxResult.Ok
            : TxResult.Reject(SubnetErrors.UnknownSubnet, $"no subnet {netuid}");

    public static (Amount Tao, Amount Alpha) Reserves(EngineView ctx, Subnet subnet) =>
        (ctx.Ledger.BalanceOf(subnet.PoolAccount, ctx.Tao), ctx.Ledger.BalanceOf(subnet.PoolAccount, subnet.AlphaToken));

    /// <summary>Spot price of one alpha in TAO, rounded down.</summary>
    public static Fixed SpotPrice(EngineView ctx, Subnet subnet)
    {
        var (tao, alpha) = Reserves(ctx, subnet);
        return PoolMath.SpotPrice(tao, alpha, subnet.TaoWeight, subnet.AlphaWeight, Rounding.Down);
    }

    /// <summary>What <paramref name="amountIn"/> would return now, after the swap fee, and the fee (in the input token).</summary>
    public static TxResult Quote(EngineView ctx, int netuid, SwapDirection direction, Amount amountIn, out Amount amountOut, out Amount fee) =>
        Quote(ctx, netuid, direction, amountIn, out amountOut, out fee, out _);

    /// <summary>The quote and the spot price the pool would be left at (the price a swap of this size records).</summary>
    public static TxResult Quote(EngineView ctx, int netuid, SwapDirection direction, Amount amountIn, out Amount amountOut, out Amount fee, out Fixed priceAfter)
    {
        amountOut = fee = Amount.Zero;
        priceAfter = Fixed.Zero;
        var r = TryGetSubnet(ctx, netuid, out var subnet);
        if (!r.Accepted) return r;
        if (direction is not (SwapDirection.TaoToAlpha or SwapDirection.AlphaToTao))
            return TxResult.Reject(SubnetErrors.InvalidSwapDirection, $"a swap direction is taoToAlpha or alphaToTao; got {(int)direction}");
        r = EngineView.CheckAmount(amountIn, "swap amount");
        if (!r.Accepted) return r;
        var (tao, alpha) = Reserves(ctx, subnet);
        fee = ctx.Params<SubnetParameters>().SwapFeeBps.Of(amountIn, Rounding.Up);
        var net = amountIn - fee;
        amountOut = direction switch
        {
            SwapDirection.TaoToAlpha => PoolMath.AmountOut(subnet.Kind, tao, alpha, subnet.TaoWeight, subnet.AlphaWeight, net),
            SwapDirection.AlphaToTao => PoolMath.AmountOut(subnet.Kind, alpha, tao, subnet.AlphaWeight, subnet.TaoWeight, net),
            _ => throw new InvariantViolationException($"swap direction {(int)direction} passed the check"),
        };
        if (amountOut.IsZero)
            return TxResult.Reject(SubnetErrors.TradeTooSmall, $"selling {amountIn} units into subnet {netuid} returns nothing");
        // A trade may not leave alpha priced above the oracle's limit for any price (1e12): beyond it the pool's
        // cumulative price overflows the TWAP accumulator in the block hook, which would halt the engine.
        var (taoAfter, alphaAfter) = direction == SwapDirection.TaoToAlpha ? (tao + amountIn, alpha - amountOut) : (tao - amountOut, alpha + amountIn);
        // w_alpha/w_tao ≥ 1/99, so TAO/alpha ≥ 1e14 already prices alpha above 1e12 (and would overflow a Fixed).
        var price = alphaAfter.IsZero || taoAfter.Units / alphaAfter.Units >= 100_000_000_000_000
            ? (Fixed?)null
            : PoolMath.SpotPrice(taoAfter, alphaAfter, subnet.TaoWeight, subnet.AlphaWeight, Rounding.Down);
        if (price is not { } p || p > PriceFeedModule.MaxPrice)
            return TxResult.Reject(SubnetErrors.InvalidPrice,
                $"selling {amountIn} units into subnet {netuid} would price its alpha above {PriceFeedModule.MaxPrice} TAO");
        priceAfter = p;
        return TxResult.Ok;
    }

    /// <summary>simSwapTaoForAlpha: alpha bought by <paramref name="taoIn"/>, zero when the trade is invalid.</summary>
    public static Amount SimSwapTaoForAlpha(EngineView ctx, int netuid, Amount taoIn) =>
        Quote(ctx, netuid, SwapDirection.TaoToAlpha, taoIn, out var outAmount, out _).Accepted ? outAmount : Amount.Zero;

    /// <summary>simSwapAlphaForTao: TAO returned for selling <paramref name="alphaIn"/> (slippage included), zero when invalid.</summary>
    public static Amount SimSwapAlphaForTao(EngineView ctx, int netuid, Amount alphaIn) =>
        Quote(ctx, netuid, SwapDirection.AlphaToTao, alphaIn, out var outAmount, out _).Accepted ? outAmount : Amount.Zero;

    /// <summary>
    /// Swaps: takes <paramref name="amountIn"/> from <paramref name="payer"/>, pays the output to
    /// <paramref name="recipient"/>. Rejected (nothing changed) on slippage, unknown subnet or short balance.
    /// </summary>
    public static TxResult Swap(EngineContext ctx, int netuid, SwapDirection direction, AccountId payer, AccountId recipient,
        Amount amountIn, Amount minAmountOut, out Amount amountOut)
    {
        var r = Quote(ctx, netuid, direction, amountIn, out amountOut, out var fee);
        if (!r.Accepted) return r;
        if (amountOut < minAmountOut)
            return TxResult.Reject(SubnetErrors.SlippageExceeded,
                $"selling {amountIn} units into subnet {netuid} returns {amountOut}, below the minimum {minAmountOut}");
        var subnet = ctx.State<SubnetState>().Subnets[netuid];
        var (tokenIn, tokenOut) = direction == SwapDirection.TaoToAlpha ? (ctx.Tao, subnet.AlphaToken) : (subnet.AlphaToken, ctx.Tao); // checked by the quote
        if (!ctx.Ledger.TryTransfer(payer, subnet.PoolAccount, tokenIn, amountIn))
            return ctx.InsufficientBalance(ctx.Ledger.Account(payer).Name, tokenIn, amountIn);
        if (!ctx.Ledger.TryTransfer(subnet.PoolAccount, recipient, tokenOut, amountOut))
            throw new InvariantViolationException($"subnet {netuid} pool cannot pay its own quote of {amountOut}");
        var price = SpotPrice(ctx, subnet);
        ctx.Prices.Record(subnet.PriceSourceName, ctx.Height, price);
        ctx.Emit(new Swapped(netuid, ctx.Ledger.Account(payer).Name, direction, amountIn, amountOut, fee, price));
        return TxResult.Ok;
    }

    /// <summary>Alpha that <paramref name="coldkey"/> has staked to <paramref name="hotkey"/> on subnet <paramref name="netuid"/> (zero if none).</summary>
    public static Amount StakeOf(EngineView ctx, int netuid, string hotkey, string coldkey) =>
        ctx.State<SubnetState>().Subnets.TryGetValue(netuid, out var subnet) && subnet.Stakes.TryGetValue(hotkey, out var stake)
            ? stake.AlphaOf(coldkey)
            : Amount.Zero;

    /// <summary>
    /// The input that moves the pool to <paramref name="target"/> (before the swap fee), and its direction:
    /// <see cref="PoolMath.InputToReach"/> on the pool's reserves (exact for constant product: one integer square root).
    /// Zero when the pool is already there (to the rao).
    /// </summary>
    public static Amount InputToReach(EngineView ctx, Subnet subnet, Fixed target, out SwapDirection direction)
    {
        var (tao, alpha) = Reserves(ctx, subnet);
        var input = PoolMath.InputToReach(tao, alpha, subnet.TaoWeight, subnet.AlphaWeight, target, out bool taoIn);
        direction = taoIn ? SwapDirection.TaoToAlpha : SwapDirection.AlphaToTao;
        return input;
    }

    /// <summary>
    /// Diverts <paramref name="share"/> of the subnet's alpha emission to participants (alpha_out) to
    /// <paramref name="recipient"/> from the next block on, before the owner/staker/miner split. For modules such as
    /// an emission-funded insurance pool; governance decides who may call it by deciding which modules run.
    /// </summary>
    public static void SetEmissionDiversion(EngineContext ctx, int netuid, AccountId recipient, Ppb share)
    {
        if (share < Ppb.Zero || share > Ppb.One) throw new ArgumentOutOfRangeException(nameof(share), $"a diversion is 0–1e9 ppb; got {share}");
        var subnet = ctx.State<SubnetState>().Subnets[netuid];
        subnet.Diversion = share;
        subnet.DiversionAccount = recipient;
    }
}
