using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Subnets;

/// <summary>What another module may know of a subnet: immutable facts plus the last block's emission.</summary>
public sealed record SubnetInfo(int Netuid, string Owner, TokenId AlphaToken, string AlphaSymbol, AccountId PoolAccount, string PriceSource,
    Amount LastAlphaOut);

/// <summary>
/// The subnet markets' port: what other modules may do with subnets (the margin protocol buys and sells alpha and
/// reads stake for tiers, the insurance pool sells its diverted emission and points the diversion, the risk
/// controller reads emission). Reads take a view; writes take the handler's or hook's context. Quotes are exact: a
/// swap returns precisely what its quote said.
/// </summary>
public interface ISubnetMarkets
{
    /// <summary>The subnet's facts, or <c>UnknownSubnet</c>.</summary>
    TxResult TryGetSubnet(EngineView view, int netuid, out SubnetInfo subnet);

    /// <summary>The pool's TAO and alpha reserves.</summary>
    (Amount Tao, Amount Alpha) Reserves(EngineView view, int netuid);

    /// <summary>Spot price of one alpha in TAO, rounded down (zero for an unknown subnet).</summary>
    Fixed SpotPrice(EngineView view, int netuid);

    /// <summary>The swap fee every pool charges on its input now (<c>SwapFeeBps</c>): what moving a pool's price costs a round trip.</summary>
    Bps SwapFee(EngineView view);

    /// <summary>simSwapTaoForAlpha: alpha bought by <paramref name="taoIn"/> now, zero when the trade is invalid.</summary>
    Amount SimSwapTaoForAlpha(EngineView view, int netuid, Amount taoIn);

    /// <summary>simSwapAlphaForTao: TAO returned for selling <paramref name="alphaIn"/> now (slippage included), zero when invalid.</summary>
    Amount SimSwapAlphaForTao(EngineView view, int netuid, Amount alphaIn);

    /// <summary>Alpha that <paramref name="coldkey"/> has staked to <paramref name="hotkey"/> on the subnet (zero if none).</summary>
    Amount StakeOf(EngineView view, int netuid, string hotkey, string coldkey);

    /// <summary>
    /// Swaps <paramref name="amountIn"/> from <paramref name="payer"/> into the pool and pays the output to
    /// <paramref name="recipient"/>; refused (nothing changed) on slippage, unknown subnet or short balance.
    /// </summary>
    TxResult Swap(EngineContext ctx, int netuid, SwapDirection direction, AccountId payer, AccountId recipient, Amount amountIn, Amount minAmountOut, out Amount amountOut);

    /// <summary>
    /// Diverts <paramref name="share"/> of the subnet's alpha emission to participants to <paramref name="recipient"/> from
    /// the next block on, before the owner/staker/miner split (an emission-funded insurance pool).
    /// </summary>
    void SetEmissionDiversion(EngineContext ctx, int netuid, AccountId recipient, Ppb share);
}

/// <summary>The subnets module's implementation of its port, over <see cref="SubnetMarket"/>.</summary>
internal sealed class SubnetMarketsPort : ISubnetMarkets
{
    public TxResult TryGetSubnet(EngineView view, int netuid, out SubnetInfo subnet)
    {
        var r = SubnetMarket.TryGetSubnet(view, netuid, out var s);
        subnet = r.Accepted ? new SubnetInfo(s.Netuid, s.Owner, s.AlphaToken, s.AlphaSymbol, s.PoolAccount, s.PriceSourceName, s.LastAlphaOut) : null!;
        return r;
    }

    public Bps SwapFee(EngineView view) => view.Params<SubnetParameters>().SwapFeeBps;

    public (Amount Tao, Amount Alpha) Reserves(EngineView view, int netuid) =>
        SubnetMarket.TryGetSubnet(view, netuid, out var s).Accepted ? SubnetMarket.Reserves(view, s) : (Amount.Zero, Amount.Zero);

    public Fixed SpotPrice(EngineView view, int netuid) =>
        SubnetMarket.TryGetSubnet(view, netuid, out var s).Accepted ? SubnetMarket.SpotPrice(view, s) : Fixed.Zero;

    public Amount SimSwapTaoForAlpha(EngineView view, int netuid, Amount taoIn) => SubnetMarket.SimSwapTaoForAlpha(view, netuid, taoIn);
    public Amount SimSwapAlphaForTao(EngineView view, int netuid, Amount alphaIn) => SubnetMarket.SimSwapAlphaForTao(view, netuid, alphaIn);
    public Amount StakeOf(EngineView view, int netuid, string hotkey, string coldkey) => SubnetMarket.StakeOf(view, netuid, hotkey, coldkey);

    public TxResult Swap(EngineContext ctx, int netuid, SwapDirection direction, AccountId payer, AccountId recipient, Amount amountIn, Amount minAmountOut, out Amount amountOut) =>
        SubnetMarket.Swap(ctx, netuid, direction, payer, recipient, amountIn, minAmountOut, out amountOut);

    public void SetEmissionDiversion(EngineContext ctx, int netuid, AccountId recipient, Ppb share) =>
        SubnetMarket.SetEmissionDiversion(ctx, netuid, recipient, share);
}
