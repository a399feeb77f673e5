using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Model;
using Ballast.Underwriting.Pricing;

namespace Ballast.Underwriting.Handlers;

/// <summary>
/// The post-assessment market (seed 002 §3.2, §7.1.1–7.1.2): one book per instrument for longZCB and shortZCB together
/// on a grid of T ticks (a long at k/T, a short at (T − k)/T). A taker consumes the orders it crosses, best tick first
/// (oldest first within a tick). One-time orders are then gone; passive ones are recycled one tick further on the other
/// side. A long bought from a short buyer's order (or the reverse) mints a pair holding exactly one unit of collateral
/// per bond; a trade with an order of the same bond moves the bond. longZCB sales and shortZCB purchases, by taker or
/// maker, pay the decaying selling fee to the vault.
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
        var h = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        var escrow = Amount.Zero;
        switch (tx.Side)
        {
            case OrderSide.BuyShort:
                r = Assessment.CheckShortCap(ctx, vault, ctx.Sender, ShortsOf(i, ctx.Sender) + tx.Bonds);
                if (!r.Accepted) return r;
                escrow = Ticks.ShortValue(tx.Bonds, tx.Tick, ticks, Rounding.Up);
                break;
            case OrderSide.BuyLong:
                escrow = Ticks.LongValue(tx.Bonds, tx.Tick, ticks, Rounding.Up);
                break;
            case OrderSide.SellLong when h.Long < tx.Bonds:
                return TxResult.Reject(UnderwritingErrors.InsufficientBonds, $"{ctx.Sender} holds {h.Long} longZCB of instrument {i.Id}, offers {tx.Bonds}");
            case OrderSide.SellShort when h.Short < tx.Bonds:
                return TxResult.Reject(UnderwritingErrors.InsufficientBonds, $"{ctx.Sender} holds {h.Short} shortZCB of instrument {i.Id}, offers {tx.Bonds}");
        }
        if (!escrow.IsZero)
        {
            var asset = Lookups.Asset(ctx, vault);
            if (!ctx.Ledger.TryTransfer(ctx.SenderId, Vaults.Account(ctx, i.MarketAccount), asset, escrow))
                return ctx.InsufficientBalance(ctx.Sender, asset, escrow);
            i.OrderEscrow += escrow;
        }
        if (tx.Side == OrderSide.SellLong) i.Holders[ctx.Sender] = h with { Long = h.Long - tx.Bonds };
        if (tx.Side == OrderSide.SellShort) i.Holders[ctx.Sender] = h with { Short = h.Short - tx.Bonds };
        Post(ctx, i, new Order(ctx.Sender, tx.Side, tx.Tick, tx.Bonds, escrow, tx.Passive), merge: false);
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, CancelOrder tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
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
            r = Assessment.CheckShortCap(ctx, vault, ctx.Sender, ShortsOf(i, ctx.Sender) + tx.Bonds);
            if (!r.Accepted) return r;
        }
        // Long takers (BuyLong, SellShort) walk the long price up from the bottom; the others walk it down from the top.
        bool ascending = tx.Side is TradeSide.BuyLong or TradeSide.SellShort;
        var makerSides = tx.Side switch
        {
            TradeSide.BuyLong => (OrderSide.BuyShort, OrderSide.SellLong),
            TradeSide.SellLong => (OrderSide.BuyLong, OrderSide.BuyLong),
            TradeSide.BuyShort => (OrderSide.BuyLong, OrderSide.SellShort),
            _ => (OrderSide.BuyShort, OrderSide.BuyShort),
        };
        var candidates = i.Orders
            .Where(o => (o.Value.Side == makerSides.Item1 || o.Value.Side == makerSides.Item2) && o.Value.Account != ctx.Sender
                        && (ascending ? o.Value.Tick <= tx.LimitTick : o.Value.Tick >= tx.LimitTick))
            .OrderBy(o => ascending ? o.Value.Tick : -o.Value.Tick).ThenBy(o => o.Key)
            .ToList();
        if (candidates.Count == 0)
            return TxResult.Reject(UnderwritingErrors.NoLiquidity, $"no order on instrument {i.Id} fills a {tx.Side} at tick {tx.LimitTick} or better");
        var asset = Lookups.Asset(ctx, vault);
        var market = Vaults.Account(ctx, i.MarketAccount);
        var fill = new FillContext(ctx, vault, i, asset, market, Vaults.Account(ctx, vault.Account), ticks, p.SellingFeeMaxPpb, i.MaturityBlock - ctx.Height);
        var remaining = tx.Bonds;
        foreach (var (orderId, order) in candidates)
        {
            if (remaining.IsZero) break;
            var q = Amount.Min(remaining, order.Bonds);
            r = Fill(fill, tx.Side, orderId, order, q);
            if (!r.Accepted) return r;
            remaining -= q;
        }
        return TxResult.Ok;
    }

    private sealed record FillContext(EngineContext Ctx, Vault Vault, Instrument I, TokenId Asset, AccountId Market, AccountId VaultAccount, int Ticks, Ppb FeeRate, long ToMaturity)
    {
        public Amount Fee(Amount notional, string payer) =>
            SellingFee.Of(notional, FeeRate, ToMaturity, I.DurationBlocks, Lookups.LockedValue(Ctx, Vault, payer));
    }

    /// <summary>One fill of <paramref name="q"/> bonds between the sender and a resting order; the order then shrinks (and a passive one is recycled).</summary>
    private static TxResult Fill(FillContext f, TradeSide side, long orderId, Order order, Amount q)
    {
        var ctx = f.Ctx;
        var i = f.I;
        int k = order.Tick, t = f.Ticks;
        var taker = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        var maker = i.Holders.GetValueOrDefault(order.Account, Holding.Empty);
        Amount takerAmount, fee = Amount.Zero;
        Amount escrowUsed = Amount.Zero;     // asset taken from the order's escrow
        Amount makerProceeds = Amount.Zero;  // asset the maker receives (a sell order's proceeds, after its fee)
        Amount makerBonds = Amount.Zero;     // bonds the maker receives
        switch (side, order.Side)
        {
            case (TradeSide.BuyLong, OrderSide.BuyShort): // a new pair: the taker's k/T and the maker's (T − k)/T make one unit per bond
                takerAmount = Ticks.LongValue(q, k, t, Rounding.Up);
                if (!ctx.Ledger.TryTransfer(ctx.SenderId, f.Market, f.Asset, takerAmount)) return ctx.InsufficientBalance(ctx.Sender, f.Asset, takerAmount);
                escrowUsed = q - takerAmount;
                taker = taker with { Long = taker.Long + q };
                makerBonds = q;
                Mint(i, q);
                break;
            case (TradeSide.BuyLong, OrderSide.SellLong): // the maker sells its long at k/T and pays the selling fee
                takerAmount = Ticks.LongValue(q, k, t, Rounding.Up);
                if (!ctx.Ledger.TryTransfer(ctx.SenderId, f.Market, f.Asset, takerAmount)) return ctx.InsufficientBalance(ctx.Sender, f.Asset, takerAmount);
                fee = f.Fee(takerAmount, order.Account);
                makerProceeds = takerAmount - fee;
                taker = taker with { Long = taker.Long + q };
                break;
            case (TradeSide.BuyShort, OrderSide.BuyLong): // a new pair the other way; the taker pays the fee on its cost
                takerAmount = Ticks.ShortValue(q, k, t, Rounding.Up);
                fee = f.Fee(takerAmount, ctx.Sender);
                if (!ctx.Ledger.TryTransfer(ctx.SenderId, f.Market, f.Asset, takerAmount + fee)) return ctx.InsufficientBalance(ctx.Sender, f.Asset, takerAmount + fee);
                escrowUsed = q - takerAmount;
                taker = taker with { Short = taker.Short + q };
                makerBonds = q;
                Mint(i, q);
                break;
            case (TradeSide.BuyShort, OrderSide.SellShort): // the maker sells its short at (T − k)/T; the taker pays the fee
                takerAmount = Ticks.ShortValue(q, k, t, Rounding.Up);
                fee = f.Fee(takerAmount, ctx.Sender);
                if (!ctx.Ledger.TryTransfer(ctx.SenderId, f.Market, f.Asset, takerAmount + fee)) return ctx.InsufficientBalance(ctx.Sender, f.Asset, takerAmount + fee);
                makerProceeds = takerAmount;
                taker = taker with { Short = taker.Short + q };
                break;
            case (TradeSide.SellLong, OrderSide.BuyLong): // the maker pays k/T from its escrow; the fee comes off the proceeds
                takerAmount = Ticks.LongValue(q, k, t, Rounding.Down);
                fee = f.Fee(takerAmount, ctx.Sender);
                escrowUsed = takerAmount;
                ctx.Ledger.TryTransfer(f.Market, ctx.SenderId, f.Asset, takerAmount - fee);
                taker = taker with { Long = taker.Long - q };
                makerBonds = q;
                break;
            default: // (SellShort, BuyShort): the maker pays (T − k)/T from its escrow
                takerAmount = Ticks.ShortValue(q, k, t, Rounding.Down);
                escrowUsed = takerAmount;
                ctx.Ledger.TryTransfer(f.Market, ctx.SenderId, f.Asset, takerAmount);
                taker = taker with { Short = taker.Short - q };
                makerBonds = q;
                break;
        }
        if (!fee.IsZero)
        {
            ctx.Ledger.TryTransfer(f.Market, f.VaultAccount, f.Asset, fee);
            f.Vault.Fees += fee;
        }
        if (escrowUsed > order.Escrow)
            throw new InvalidOperationException($"order {orderId}: a fill needs {escrowUsed} of escrow, the order holds {order.Escrow}");
        i.OrderEscrow -= escrowUsed;
        i.Holders[ctx.Sender] = taker;
        var left = order with { Bonds = order.Bonds - q, Escrow = order.Escrow - escrowUsed };
        i.Orders[orderId] = left;
        i.LastTick = k;
        ctx.Emit(new OrderFilled(i.Id, orderId, ctx.Sender, order.Account, side, k, q, takerAmount, fee));

        // What the fill gave the maker: bonds (from a buy order) or asset (from a sell order). Passive liquidity posts it
        // again one tick further on the other side; otherwise the maker simply holds it.
        bool recycled = order.Passive && Recycle(f, order, makerBonds, makerProceeds);
        if (!recycled)
        {
            maker = i.Holders.GetValueOrDefault(order.Account, Holding.Empty);
            if (order.Side is OrderSide.BuyLong) maker = maker with { Long = maker.Long + makerBonds };
            if (order.Side is OrderSide.BuyShort) maker = maker with { Short = maker.Short + makerBonds };
            i.Holders[order.Account] = maker;
            if (!makerProceeds.IsZero)
            {
                ctx.Ledger.TryGetAccount(order.Account, out var makerId);
                ctx.Ledger.TryTransfer(f.Market, makerId, f.Asset, makerProceeds);
            }
        }
        if (left.Bonds.IsZero) Remove(ctx, f.Vault, i, orderId, left);
        return TxResult.Ok;
    }

    /// <summary>
    /// Passive liquidity: longs bought at k are offered at k + 1, shorts bought at k at k − 1 (a short's price rises as k
    /// falls); a sale's proceeds bid again one tick back. False when the next tick is off the grid (the maker keeps it).
    /// </summary>
    private static bool Recycle(FillContext f, Order order, Amount bonds, Amount proceeds)
    {
        int t = f.Ticks;
        switch (order.Side)
        {
            case OrderSide.BuyLong when order.Tick + 1 < t:
                Post(f.Ctx, f.I, new Order(order.Account, OrderSide.SellLong, order.Tick + 1, bonds, Amount.Zero, true), merge: true);
                return true;
            case OrderSide.BuyShort when order.Tick - 1 > 0:
                Post(f.Ctx, f.I, new Order(order.Account, OrderSide.SellShort, order.Tick - 1, bonds, Amount.Zero, true), merge: true);
                return true;
            case OrderSide.SellLong when order.Tick - 1 > 0:
            {
                // The proceeds stay in the market account as the new bid's escrow: bonds = ⌊proceeds·T/(k − 1)⌋.
                var bid = proceeds.MulDiv((UInt128)t, (UInt128)(order.Tick - 1), Rounding.Down);
                if (bid.IsZero) return false;
                f.I.OrderEscrow += proceeds;
                Post(f.Ctx, f.I, new Order(order.Account, OrderSide.BuyLong, order.Tick - 1, bid, proceeds, true), merge: true);
                return true;
            }
            case OrderSide.SellShort when order.Tick + 1 < t:
            {
                var bid = proceeds.MulDiv((UInt128)t, (UInt128)(t - order.Tick - 1), Rounding.Down);
                if (bid.IsZero) return false;
                f.I.OrderEscrow += proceeds;
                Post(f.Ctx, f.I, new Order(order.Account, OrderSide.BuyShort, order.Tick + 1, bid, proceeds, true), merge: true);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>Adds an order (merged into the maker's passive order of the same side and tick when asked).</summary>
    private static void Post(EngineContext ctx, Instrument i, Order order, bool merge)
    {
        if (merge)
        {
            foreach (var (id, o) in i.Orders)
            {
                if (o.Passive && o.Account == order.Account && o.Side == order.Side && o.Tick == order.Tick)
                {
                    var merged = o with { Bonds = o.Bonds + order.Bonds, Escrow = o.Escrow + order.Escrow };
                    i.Orders[id] = merged;
                    ctx.Emit(new OrderPlaced(i.Id, id, order.Account, order.Side, order.Tick, order.Bonds, order.Escrow, true));
                    return;
                }
            }
        }
        if (order.Bonds.IsZero && order.Escrow.IsZero) return;
        long next = i.NextOrderId;
        i.NextOrderId = next + 1;
        i.Orders.Add(next, order);
        ctx.Emit(new OrderPlaced(i.Id, next, order.Account, order.Side, order.Tick, order.Bonds, order.Escrow, order.Passive));
    }

    private static void Mint(Instrument i, Amount bonds)
    {
        i.LongSupply += bonds;
        i.ShortSupply += bonds;
        i.Collateral += bonds;
    }

    /// <summary>Shorts the account holds, offers for sale, or bids for: what its locked VT must cover.</summary>
    internal static Amount ShortsOf(Instrument i, string account)
    {
        var sum = i.Holders.GetValueOrDefault(account, Holding.Empty).Short;
        foreach (var o in i.Orders.Values)
            if (o.Account == account && o.Side is OrderSide.BuyShort or OrderSide.SellShort) sum += o.Bonds;
        return sum;
    }

    private static TxResult Live(EngineContext ctx, long id, out Vault vault, out Instrument i)
    {
        vault = null!;
        var r = Lookups.TryInstrument(ctx, id, out i, out vault);
        if (!r.Accepted) return r;
        if (i.Phase != MarketPhase.Approved)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {id} is {i.Phase}: the post-assessment market trades between approval and resolution");
        if (ctx.Height >= i.MaturityBlock)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {id} matured at block {i.MaturityBlock}: the market waits for resolution");
        return TxResult.Ok;
    }

    /// <summary>Removes an order: its escrowed asset goes back to the maker, its escrowed bonds back to its holding.</summary>
    private static void Remove(EngineContext ctx, Vault vault, Instrument i, long id, Order order)
    {
        i.Orders.Remove(id);
        if (!order.Escrow.IsZero)
        {
            ctx.Ledger.TryGetAccount(order.Account, out AccountId maker);
            ctx.Ledger.TryTransfer(Vaults.Account(ctx, i.MarketAccount), maker, Lookups.Asset(ctx, vault), order.Escrow);
            i.OrderEscrow -= order.Escrow;
        }
        if (!order.Bonds.IsZero && order.Side is OrderSide.SellLong or OrderSide.SellShort)
        {
            var h = i.Holders.GetValueOrDefault(order.Account, Holding.Empty);
            i.Holders[order.Account] = order.Side == OrderSide.SellLong ? h with { Long = h.Long + order.Bonds } : h with { Short = h.Short + order.Bonds };
        }
        ctx.Emit(new OrderCancelled(i.Id, id, order.Escrow));
    }

    /// <summary>At resolution every resting order ends: escrows and offered bonds go back.</summary>
    internal static void CancelAll(EngineContext ctx, Vault vault, Instrument i)
    {
        foreach (var (id, order) in i.Orders.ToList()) Remove(ctx, vault, i, id, order);
    }
}
