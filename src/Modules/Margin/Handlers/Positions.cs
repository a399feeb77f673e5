using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Model;
using Ballast.Subnets;

namespace Ballast.Margin;

/// <summary>Opening, adding collateral to and closing positions.</summary>
public sealed partial class MarginModule
{
    private static TxResult Apply(EngineContext ctx, OpenPosition tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = Books.RequireOpenForBusiness(ctx, state, "open");
        if (!r.Accepted) return r;
        r = Books.CheckUserCooldown(ctx, state, p);
        if (!r.Accepted) return r;
        r = FindPair(state, tx.Netuid, out var pair);
        if (!r.Accepted) return r;
        r = CheckSlippageLimit(tx.MaxSlippageBps, pair);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Collateral, "collateral");
        if (!r.Accepted) return r;
        if (tx.Collateral.Units < (UInt128)p.MinDepositRao)
            return TxResult.Reject(MarginErrors.DepositBelowMinimum,
                $"a position needs at least {new Amount((UInt128)p.MinDepositRao).ToTokenString()} TAO of collateral; got {tx.Collateral.ToTokenString()}");
        if (tx.Leverage < Fixed.One)
            return TxResult.Reject(MarginErrors.LeverageBelowOne, $"leverage is at least 1x; got {tx.Leverage}x");
        var allowed = Books.MaxLeverage(ctx, state, p, ctx.Sender, out var tier);
        if (tx.Leverage > allowed)
            return TxResult.Reject(MarginErrors.LeverageAboveTier, $"requested {tx.Leverage}x, tier {tier} allows {allowed}x");
        if (tx.Leverage > pair.MaxLeverage)
            return TxResult.Reject(MarginErrors.LeverageAbovePair, $"requested {tx.Leverage}x, subnet {tx.Netuid}'s pair allows {pair.MaxLeverage}x");

        var borrowed = (tx.Leverage - Fixed.One).MulAmount(tx.Collateral, Rounding.Down);
        var free = Books.FreeLiquidity(state);
        var needed = (Ppb.One + p.LiquidityBufferPpb).Of(borrowed, Rounding.Up);
        if (free < needed)
            return TxResult.Reject(MarginErrors.InsufficientLiquidity,
                $"borrowing {borrowed.ToTokenString()} TAO needs {needed.ToTokenString()} TAO of free LP liquidity (with the buffer); {free.ToTokenString()} is free");

        var gross = tx.Collateral + borrowed;
        var discount = Books.Discount(ctx, state, p, ctx.Sender, out _);
        var fee = Books.TradingFee(gross, p, discount);
        var spend = gross - fee;
        var markets = Books.Markets(ctx);
        r = markets.TryGetSubnet(ctx, tx.Netuid, out _);
        if (!r.Accepted) return r;
        r = CheckAgainstPool(ctx, p, tx.Netuid, gross);
        if (!r.Accepted) return r;
        var expected = markets.SpotPrice(ctx, tx.Netuid).DivAmount(spend, Rounding.Down);
        var minimum = expected.MulBps((uint)(10_000 - tx.MaxSlippageBps), Rounding.Up);

        var vault = Books.Account(ctx, VaultAccount);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, vault, ctx.Tao, tx.Collateral))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Collateral);
        r = markets.Swap(ctx, tx.Netuid, SwapDirection.TaoToAlpha, vault, Books.Account(ctx, PositionsAccount), spend, minimum, out var alpha);
        if (!r.Accepted) return ImpactOr(r, $"buying with {spend.ToTokenString()} TAO moves subnet {tx.Netuid}'s price more than {tx.MaxSlippageBps} bps");

        Books.DistributeFee(ctx, state, p, FeeKind.Trading, fee);
        var position = new Position
        {
            Id = state.NextPositionId++,
            Owner = ctx.Sender,
            Netuid = tx.Netuid,
            InitialCollateral = tx.Collateral,
            Borrowed = borrowed,
            Alpha = alpha,
            Leverage = tx.Leverage,
            EntryPrice = Fixed.Ratio(spend, alpha, Rounding.Up),
            OpenedAt = ctx.Height,
            BorrowIndexAtOpen = state.BorrowIndex,
            DiscountAtOpen = discount,
        };
        r = CheckOpeningHealth(ctx, p, pair, position);
        if (!r.Accepted) return r;
        state.Positions.Add(position.Id, position);
        state.TotalBorrowed += borrowed;
        state.BorrowWeight += borrowed.Units * Books.WeightPerRao(position);
        state.TotalInitialCollateral += tx.Collateral;
        pair.TotalBorrowed += borrowed;
        pair.TotalCollateral += tx.Collateral;
        pair.TotalAlpha += alpha;
        state.LastUserAction[ctx.Sender] = ctx.Height;
        state.Reindex(position);
        ctx.Emit(new PositionOpened(position.Id, ctx.Sender, tx.Netuid, tx.Collateral, borrowed, alpha, tx.Leverage, fee, tier, discount));
        Books.UpdateBreaker(ctx, state, p);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, AddCollateral tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = Books.CheckUserCooldown(ctx, state, p);
        if (!r.Accepted) return r;
        r = FindOwnPosition(ctx, state, tx.PositionId, out var position);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "collateral");
        if (!r.Accepted) return r;
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Books.Account(ctx, VaultAccount), ctx.Tao, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Amount);
        position.AddedCollateral += tx.Amount;
        state.TotalAddedCollateral += tx.Amount;
        state.Pairs[position.Netuid].TotalCollateral += tx.Amount;
        state.LastUserAction[ctx.Sender] = ctx.Height;
        state.Reindex(position);
        ctx.Emit(new CollateralAdded(position.Id, tx.Amount));
        Books.UpdateBreaker(ctx, state, p);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ClosePosition tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = Books.CheckUserCooldown(ctx, state, p);
        if (!r.Accepted) return r;
        r = FindOwnPosition(ctx, state, tx.PositionId, out var position);
        if (!r.Accepted) return r;
        var pair = state.Pairs[position.Netuid];
        r = CheckSlippageLimit(tx.MaxSlippageBps, pair);
        if (!r.Accepted) return r;
        var sell = tx.Alpha is { IsZero: false } a ? a : position.Alpha;
        if (sell > position.Alpha)
            return TxResult.Reject(MarginErrors.CloseAmountTooLarge, $"position {position.Id} holds {position.Alpha} alpha units; asked to close {sell}");
        bool full = sell == position.Alpha;
        var owedFee = Books.OwedBorrowFee(ctx, state, p, position);
        var repay = full ? position.Borrowed : position.Borrowed.MulDiv(sell, position.Alpha, Rounding.Up);
        var feePart = full ? owedFee : owedFee.MulDiv(sell, position.Alpha, Rounding.Up);
        var initialPart = full ? position.InitialCollateral : position.InitialCollateral.MulDiv(sell, position.Alpha, Rounding.Down);
        var addedPart = full ? position.AddedCollateral : position.AddedCollateral.MulDiv(sell, position.Alpha, Rounding.Down);

        var markets = Books.Markets(ctx);
        r = markets.TryGetSubnet(ctx, position.Netuid, out _);
        if (!r.Accepted) return r;
        var expected = markets.SpotPrice(ctx, position.Netuid).MulAmount(sell, Rounding.Down);
        var minimum = expected.MulBps((uint)(10_000 - tx.MaxSlippageBps), Rounding.Up);
        var vault = Books.Account(ctx, VaultAccount);
        r = markets.Swap(ctx, position.Netuid, SwapDirection.AlphaToTao, Books.Account(ctx, PositionsAccount), vault, sell, minimum, out var proceeds);
        if (!r.Accepted) return ImpactOr(r, $"selling {sell} alpha units moves subnet {position.Netuid}'s price more than {tx.MaxSlippageBps} bps");
        var discount = Books.Discount(ctx, state, p, ctx.Sender, out _);
        var tradingFee = Books.TradingFee(proceeds, p, discount);
        var costs = repay + feePart + tradingFee;
        if (proceeds + addedPart < costs)
            return TxResult.Reject(MarginErrors.CloseWouldLeaveDebt,
                $"selling returns {proceeds.ToTokenString()} TAO (+{addedPart.ToTokenString()} added collateral) but {costs.ToTokenString()} TAO is owed; an underwater position can only be liquidated");
        var net = proceeds + addedPart - costs;
        // Profit is measured against all the collateral the trader put in: added collateral coming back is not profit.
        var profit = net.SaturatingSub(initialPart + addedPart);
        var insuranceCut = p.PerfFeeInsuranceSharePpb.Of(profit, Rounding.Up);
        net -= insuranceCut;

        if (full)
        {
            state.Positions.Remove(position.Id);
            state.Windows.Remove(position.Id);
            state.Unindex(position);
        }
        else
        {
            // The liquidation window stays: a partial close must not restart the consecutive-call count, or an
            // owner could keep a liquidatable position alive by selling a sliver every few blocks.
            position.Alpha -= sell;
            position.Borrowed -= repay;
            position.InitialCollateral -= initialPart;
            position.AddedCollateral -= addedPart;
            state.Reindex(position);
        }
        state.TotalBorrowed -= repay;
        state.BorrowWeight -= repay.Units * Books.WeightPerRao(position);
        state.TotalInitialCollateral -= initialPart;
        state.TotalAddedCollateral -= addedPart;
        pair.TotalBorrowed -= repay;
        pair.TotalCollateral -= initialPart + addedPart;
        pair.TotalAlpha -= sell;
        Books.DistributeFee(ctx, state, p, FeeKind.Trading, tradingFee);
        Books.DistributeFee(ctx, state, p, FeeKind.Borrowing, feePart);
        Books.SendToInsurance(ctx, state, ctx.Tao, insuranceCut);
        Books.PayFromVault(ctx, ctx.SenderId, ctx.Tao, net);
        if (state.TotalBorrowed.IsZero) Books.WriteOffReceivable(state, Amount.Zero);
        state.LastUserAction[ctx.Sender] = ctx.Height;
        ctx.Emit(new PositionClosed(position.Id, sell, proceeds, repay, feePart, tradingFee, insuranceCut, net, full));
        Books.UpdateBreaker(ctx, state, p);
        return TxResult.Ok;
    }

    // ---------- shared checks ----------

    /// <summary>
    /// The hardening checks of an open against the pool, before anything moves: spot against the TWAP
    /// (<c>MaxOpenTwapDeviationPpb</c>), so that a price pushed inside this block (which the TWAP does not see) cannot
    /// be an entry, then the position's gross notional against the pool's TAO depth (<c>MaxPositionDepthPpb</c>).
    /// </summary>
    private static TxResult CheckAgainstPool(EngineContext ctx, MarginParameters p, int netuid, Amount gross)
    {
        var markets = Books.Markets(ctx);
        if (p.MaxOpenTwapDeviationPpb.Value > 0)
        {
            var spot = markets.SpotPrice(ctx, netuid);
            var twap = Books.Twap(ctx, p, netuid, spot);
            var gap = spot > twap ? spot - twap : twap - spot;
            var deviation = (long)UInt128.Min(FullMath.MulDiv((UInt128)gap.Raw, (UInt128)Ppb.Scale, (UInt128)twap.Raw, Rounding.Up), (UInt128)long.MaxValue);
            if (deviation > p.MaxOpenTwapDeviationPpb.Value)
                return TxResult.Reject(MarginErrors.PriceAwayFromTwap,
                    $"subnet {netuid}'s spot {spot} is {Percent(deviation)} from its {p.TwapWindowBlocks}-block TWAP {twap}; opens wait while it is more than {Percent(p.MaxOpenTwapDeviationPpb.Value)}");
        }
        if (p.MaxPositionDepthPpb.Value > 0)
        {
            var depth = markets.Reserves(ctx, netuid).Tao;
            var limit = p.MaxPositionDepthPpb.Of(depth, Rounding.Down);
            if (gross > limit)
                return TxResult.Reject(MarginErrors.PositionTooLarge,
                    $"a position of {gross.ToTokenString()} TAO gross is above {Percent(p.MaxPositionDepthPpb.Value)} of subnet {netuid}'s {depth.ToTokenString()} TAO pool ({limit.ToTokenString()} TAO)");
        }
        return TxResult.Ok;
    }

    /// <summary>
    /// <c>OpenValuation.WorseOfSpotAndTwap</c>: after its own buy, the new position valued at the worse of spot and
    /// TWAP must be at or above the pair's threshold; otherwise the open (swap included) is refused and rolled back.
    /// </summary>
    private static TxResult CheckOpeningHealth(EngineContext ctx, MarginParameters p, Model.AlphaPair pair, Position position)
    {
        if (p.OpenValuation == OpenValuation.Unchecked || position.Borrowed.IsZero) return TxResult.Ok;
        var (num, den) = Books.ValuationScale(ctx, p, position.Netuid, HealthValuation.WorseOfSpotAndTwap);
        var value = Books.Markets(ctx).SimSwapAlphaForTao(ctx, position.Netuid, position.Alpha).MulDiv(num, den, Rounding.Down);
        var health = (long)UInt128.Min(FullMath.MulDiv(value.Units, Ppb.Scale, position.Borrowed.Units, Rounding.Down), long.MaxValue);
        return health >= pair.LiquidationThreshold.Value
            ? TxResult.Ok
            : TxResult.Reject(MarginErrors.OpenBelowThreshold,
                $"the new position would open at {Percent(health)} health (its alpha valued at the worse of spot and TWAP after its own buy), below subnet {pair.Netuid}'s threshold {Percent(pair.LiquidationThreshold.Value)}");
    }

    private static TxResult FindPair(MarginState state, int netuid, out Model.AlphaPair pair)
    {
        if (!state.Pairs.TryGetValue(netuid, out pair!))
            return TxResult.Reject(MarginErrors.UnknownPair, $"subnet {netuid} is not a margin pair");
        return pair.Active ? TxResult.Ok : TxResult.Reject(MarginErrors.PairInactive, $"subnet {netuid}'s pair is not active");
    }

    private static TxResult CheckSlippageLimit(int maxSlippageBps, Model.AlphaPair pair) =>
        maxSlippageBps < 0 || maxSlippageBps > pair.MaxSlippage.Value
            ? TxResult.Reject(MarginErrors.SlippageLimitAbovePair, $"a slippage limit is 0–{pair.MaxSlippage} bps on subnet {pair.Netuid}; got {maxSlippageBps}")
            : TxResult.Ok;

    private static TxResult FindOwnPosition(EngineContext ctx, MarginState state, long id, out Position position)
    {
        if (!state.Positions.TryGetValue(id, out position!))
            return TxResult.Reject(MarginErrors.UnknownPosition, $"no open position {id}");
        return position.Owner == ctx.Sender
            ? TxResult.Ok
            : TxResult.Reject(MarginErrors.NotPositionOwner, $"position {id} belongs to {position.Owner}, not {ctx.Sender}");
    }

    /// <summary>A swap refused for slippage is, for a trader, a price impact above their limit.</summary>
    private static TxResult ImpactOr(TxResult rejection, string sentence) =>
        rejection.Error == SubnetErrors.SlippageExceeded ? TxResult.Reject(MarginErrors.PriceImpactTooHigh, sentence) : rejection;
}
