using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Model;
using Ballast.Underwriting.Pricing;

namespace Ballast.Underwriting.Handlers;

/// <summary>
/// The post-assessment market (seed 002 §3.2, §7.1.2): one book per instrument for longZCB and shortZCB together on a
/// grid of T ticks (a long at k/T, a short at (T − k)/T). Limit orders are one-time liquidity: a taker consumes the
/// orders it crosses, best tick first (oldest first within a tick), and they are gone. A long bought from a short
/// buyer's order (or the reverse) mints a pair holding exactly one unit of collateral per bond; a sale to an order of
/// the same side moves the bond. longZCB sells and shortZCB buys pay the decaying selling fee to the vault.
/// </summary>
internal static class Book
{
    public static TxResult Apply(EngineContext ctx, PlaceOrder tx)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, "placeOrder");
        if (!r.Accepted) return r;
        r = Live(ctx, tx.InstrumentId, out var vault, out var i);
        if (!r.Accepted) return r;
        int ticks = ctx.Params<UnderwritingParameters>().TickCount;
        if (tx.Tick <= 0 || tx.Tick >= ticks)
            return TxResult.Reject(UnderwritingErrors.InvalidTick, $"tick {tx.Tick} is outside 1..{ticks - 1}");
        r = EngineContext.CheckAmount(tx.Bonds, "bonds");
        if (!r.Accepted) return r;
        if (tx.Side == OrderSide.BuyShort)
        {
            var h = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
            r = Assessment.CheckShortCap(ctx, vault, ctx.Sender, h.Short + OpenShortOrders(i, ctx.Sender) + tx.Bonds);
            if (!r.Accepted) return r;
        }
        var escrow = tx.Side == OrderSide.BuyLong
            ? Ticks.LongValue(tx.Bonds, tx.Tick, ticks, Rounding.Up)
            : Ticks.ShortValue(tx.Bonds, tx.Tick, ticks, Rounding.Up);
        var asset = Lookups.Asset(ctx, vault);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Vaults.Account(ctx, i.MarketAccount), asset, escrow))
            return ctx.InsufficientBalance(ctx.Sender, asset, escrow);
        long id = i.NextOrderId;
        i.NextOrderId = id + 1;
        i.Orders.Add(id, new Order(ctx.Sender, tx.Side, tx.Tick, tx.Bonds, escrow));
        i.OrderEscrow += escrow;
        ctx.Emit(new OrderPlaced(i.Id, id, ctx.Sender, tx.Side, tx.Tick, tx.Bonds, escrow));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, CancelOrder tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i);
        if (!r.Accepted) return r;
        Lookups.TryVault(ctx, i.VaultId, out var vault);
        if (!i.Orders.TryGetValue(tx.OrderId, out var order) || order.Account != ctx.Sender)
            return TxResult.Reject(UnderwritingErrors.UnknownOrder, $"{ctx.Sender} has no order {tx.OrderId} on instrument {i.Id}");
        Remove(ctx, vault, i, tx.OrderId, order);
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Trade tx)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, "trade");
        if (!r.Accepted) return r;
        r = Live(ctx, tx.InstrumentId, out var vault, out var i);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Bonds, "bonds");
        if (!r.Accepted) return r;
        var p = ctx.Params<UnderwritingParameters>();
        int ticks = p.TickCount;
        var holding = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        if (tx.Side == TradeSide.SellLong && holding.Long < tx.Bonds)
            return TxResult.Reject(UnderwritingErrors.InsufficientBonds, $"{ctx.Sender} holds {holding.Long} longZCB of instrument {i.Id}, asked to sell {tx.Bonds}");
        if (tx.Side == TradeSide.SellShort && holding.Short < tx.Bonds)
            return TxResult.Reject(UnderwritingErrors.InsufficientBonds, $"{ctx.Sender} holds {holding.Short} shortZCB of instrument {i.Id}, asked to sell {tx.Bonds}");
        if (tx.Side == TradeSide.BuyShort)
        {
            r = Assessment.CheckShortCap(ctx, vault, ctx.Sender, holding.Short + OpenShortOrders(i, ctx.Sender) + tx.Bonds);
            if (!r.Accepted) return r;
        }
        // Longs buy from short buyers' orders and shorts sell to them (cheapest long price first); the reverse for the rest.
        var makerSide = tx.Side is TradeSide.BuyLong or TradeSide.SellShort ? OrderSide.BuyShort : OrderSide.BuyLong;
        var candidates = i.Orders
            .Where(o => o.Value.Side == makerSide && o.Value.Account != ctx.Sender
                        && (makerSide == OrderSide.BuyShort ? o.Value.Tick <= tx.LimitTick : o.Value.Tick >= tx.LimitTick))
            .OrderBy(o => makerSide == OrderSide.BuyShort ? o.Value.Tick : -o.Value.Tick).ThenBy(o => o.Key)
            .ToList();
        if (candidates.Count == 0)
            return TxResult.Reject(UnderwritingErrors.NoLiquidity, $"no {makerSide} order on instrument {i.Id} at tick {tx.LimitTick} or better");
        var asset = Lookups.Asset(ctx, vault);
        var market = Vaults.Account(ctx, i.MarketAccount);
        var vaultAccount = Vaults.Account(ctx, vault.Account);
        var lockedValue = Lookups.LockedValue(ctx, vault, ctx.Sender);
        long toMaturity = i.MaturityBlock - ctx.Height;
        var remaining = tx.Bonds;
        foreach (var (orderId, order) in candidates)
        {
            if (remaining.IsZero) break;
            var q = Amount.Min(remaining, order.Bonds);
            int k = order.Tick;
            Amount takerAmount, makerAmount, fee = Amount.Zero;
            var maker = i.Holders.GetValueOrDefault(order.Account, Holding.Empty);
            var taker = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
            switch (tx.Side)
            {
                case TradeSide.BuyLong: // a pair: the taker's k/T and the maker's (T − k)/T make one unit per bond
                    takerAmount = Ticks.LongValue(q, k, ticks, Rounding.Up);
                    makerAmount = q - takerAmount;
                    if (!ctx.Ledger.TryTransfer(ctx.SenderId, market, asset, takerAmount)) return ctx.InsufficientBalance(ctx.Sender, asset, takerAmount);
                    taker = taker with { Long = taker.Long + q };
                    maker = maker with { Short = maker.Short + q };
                    Mint(i, q);
                    break;
                case TradeSide.BuyShort: // a pair the other way, plus the selling fee on the taker's cost
                    takerAmount = Ticks.ShortValue(q, k, ticks, Rounding.Up);
                    makerAmount = q - takerAmount;
                    fee = SellingFee.Of(takerAmount, p.SellingFeeMaxPpb, toMaturity, i.DurationBlocks, lockedValue);
                    if (!ctx.Ledger.TryTransfer(ctx.SenderId, market, asset, takerAmount + fee)) return ctx.InsufficientBalance(ctx.Sender, asset, takerAmount + fee);
                    taker = taker with { Short = taker.Short + q };
                    maker = maker with { Long = maker.Long + q };
                    Mint(i, q);
                    break;
                case TradeSide.SellLong: // the maker pays k/T for the taker's long; the fee comes off the proceeds
                    makerAmount = Ticks.LongValue(q, k, ticks, Rounding.Down);
                    takerAmount = makerAmount;
                    fee = SellingFee.Of(makerAmount, p.SellingFeeMaxPpb, toMaturity, i.DurationBlocks, lockedValue);
                    ctx.Ledger.TryTransfer(market, ctx.SenderId, asset, makerAmount - fee);
                    taker = taker with { Long = taker.Long - q };
                    maker = maker with { Long = maker.Long + q };
                    break;
                default: // SellShort: the maker pays (T − k)/T for the taker's short
                    makerAmount = Ticks.ShortValue(q, k, ticks, Rounding.Down);
                    takerAmount = makerAmount;
                    ctx.Ledger.TryTransfer(market, ctx.SenderId, asset, makerAmount);
                    taker = taker with { Short = taker.Short - q };
                    maker = maker with { Short = maker.Short + q };
                    break;
            }
            if (!fee.IsZero)
            {
                ctx.Ledger.TryTransfer(market, vaultAccount, asset, fee);
                vault.Fees += fee;
            }
            if (makerAmount > order.Escrow)
                throw new InvalidOperationException($"order {orderId}: fill needs {makerAmount}, escrow holds {order.Escrow}");
            i.OrderEscrow -= makerAmount;
            i.Holders[ctx.Sender] = taker;
            i.Holders[order.Account] = maker;
            var left = order with { Bonds = order.Bonds - q, Escrow = order.Escrow - makerAmount };
            i.Orders[orderId] = left;
            if (left.Bonds.IsZero) Remove(ctx, vault, i, orderId, left);
            i.LastTick = k;
            remaining -= q;
            ctx.Emit(new OrderFilled(i.Id, orderId, ctx.Sender, order.Account, tx.Side, k, q, takerAmount, fee));
        }
        return TxResult.Ok;
    }

    private static void Mint(Instrument i, Amount bonds)
    {
        i.LongSupply += bonds;
        i.ShortSupply += bonds;
        i.Collateral += bonds;
    }

    /// <summary>Bonds of the account's resting BuyShort orders (they count against its short cap).</summary>
    private static Amount OpenShortOrders(Instrument i, string account)
    {
        var sum = Amount.Zero;
        foreach (var o in i.Orders.Values)
            if (o.Account == account && o.Side == OrderSide.BuyShort) sum += o.Bonds;
        return sum;
    }

    private static TxResult Live(EngineContext ctx, long id, out Vault vault, out Instrument i)
    {
        vault = null!;
        var r = Lookups.TryInstrument(ctx, id, out i);
        if (!r.Accepted) return r;
        Lookups.TryVault(ctx, i.VaultId, out vault);
        if (i.Phase != MarketPhase.Approved)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {id} is {i.Phase}: the post-assessment market trades between approval and resolution");
        if (ctx.Height >= i.MaturityBlock)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {id} matured at block {i.MaturityBlock}: the market waits for resolution");
        return TxResult.Ok;
    }

    /// <summary>Removes an order and refunds what is left of its escrow to its maker.</summary>
    private static void Remove(EngineContext ctx, Vault vault, Instrument i, long id, Order order)
    {
        i.Orders.Remove(id);
        if (!order.Escrow.IsZero)
        {
            ctx.Ledger.TryGetAccount(order.Account, out AccountId maker);
            ctx.Ledger.TryTransfer(Vaults.Account(ctx, i.MarketAccount), maker, Lookups.Asset(ctx, vault), order.Escrow);
            i.OrderEscrow -= order.Escrow;
        }
        ctx.Emit(new OrderCancelled(i.Id, id, order.Escrow));
    }

    /// <summary>At resolution every resting order ends and its escrow goes back.</summary>
    internal static void CancelAll(EngineContext ctx, Vault vault, Instrument i)
    {
        foreach (var (id, order) in i.Orders.ToList()) Remove(ctx, vault, i, id, order);
    }
}
