using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Subnets;
using static Ballast.Perps.PerpsBook;

namespace Ballast.Perps;

/// <summary>
/// The Hyper-Leverage Engine of seed 000: perpetual vAMM markets with 40×–10,000× leverage and one net position per
/// account and market; a position is valued as it would close (exit through the vAMM, funding owed, exit fee) and
/// liquidated below its maintenance requirement; a per-block price band bounds the vAMM's skew and sizes that
/// requirement; funding from mark vs index TWAP accrues every block; a leverage-scaled trading fee goes to lenders
/// and the premium ψ(L) on notional to the Insurance Pool; losses beyond a position's margin are paid by the pool
/// and, beyond its reserve, fall on the lenders (recorded). The pool is reached through its port
/// <see cref="IInsuranceCover"/>; the risk controller moves this engine's levers through <see cref="IPerpsLevers"/>.
/// See docs/lih.md.
/// </summary>
public sealed class PerpsModule(PerpsParameters? parameters = null) : IModule
{
    public const string ModuleName = "perps";
    /// <summary>The lenders' vault: their TAO plus every open position's margin.</summary>
    public const string VaultAccount = "perps:vault";

    /// <summary>
    /// The largest depth B at creation: 1e15. The vAMM holds D ≤ 4·B and the net size; D² appears only inside one
    /// 256-bit product (D·D/X), and prices are formed from ratios near 1, so every value stays far inside the Fixed
    /// range (≈ 1.7e20). See docs/lih.md.
    /// </summary>
    public static readonly Fixed MaxBaseReserve = Fixed.FromInt(1_000_000_000_000_000);

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new PerpsState())
        .AddParameters(PerpsParameters.CreateSet(parameters))
        .Handle<CreateMarket>("createMarket", Apply)
        .Handle<OpenPerp>("open", Apply)
        .Handle<ClosePerp>("close", Apply)
        .Handle<LiquidatePerp>("liquidate", Apply)
        .Handle<DepositPerpLiquidity>("deposit", Apply)
        .Handle<WithdrawPerpLiquidity>("withdraw", Apply)
        .Handle<UnlockLeverageCap>("unlockCap", Apply)
        .Query<PerpPositionQuery, PerpPositionView?>("position", (view, q) => PerpsQueries.Position(view, q.PositionId))
        .Query<PerpPositionsQuery, PerpPositionsView>("positions", (view, q) => PerpsQueries.Positions(view, q.Trader))
        .Query<PerpMarketQuery, PerpMarketView?>("market", (view, q) => PerpsQueries.Market(view, q.Market))
        .Query<PerpLenderQuery, PerpLenderView>("lender", (view, q) => PerpsQueries.Lender(view, q.Lender))
        .Query<PerpVaultQuery, PerpVaultView>("vault", (view, _) => PerpsQueries.Vault(view))
        .Query<PerpsSummaryQuery, PerpsSummaryView>("summary", (view, _) => PerpsQueries.Summary(view))
        .Event<MarketCreated>("marketCreated")
        .Event<PerpOpened>("opened")
        .Event<PerpClosed>("closed")
        .Event<PerpLiquidated>("liquidated")
        .Event<FundingSettled>("fundingSettled")
        .Event<LeverageCapUnlocked>("capUnlocked")
        .Event<PerpLiquidityChanged>("liquidityChanged")
        .Event<DepthChanged>("depthChanged")
        .Provide<IPerpsLevers>(new PerpsLevers())
        // The hook's liquidations claim on the pool before the pool's own hook closes the block (epoch, stream).
        .Require<IInsuranceCover>(HookOrder.BeforeProvider)
        // A pool-priced index reads its pool's depth and swap fee (the manipulation-cost cap).
        .Require<ISubnetMarkets>(HookOrder.AfterProvider)
        .OnBlockEnd(OnBlockEnd);

    // ---------- markets ----------

    private static TxResult Apply(EngineContext ctx, CreateMarket tx)
    {
        var state = ctx.State<PerpsState>();
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        if (state.Markets.ContainsKey(tx.Market))
            return TxResult.Reject(PerpsErrors.MarketExists, $"market '{tx.Market}' exists");
        if (string.IsNullOrWhiteSpace(tx.Market) || tx.Market.Length > 32 || !tx.BaseReserve.IsPositive)
            return TxResult.Reject(PerpsErrors.InvalidMarket, $"a market needs a name of 1–32 characters and a positive base reserve; got '{tx.Market}', {tx.BaseReserve}");
        if (tx.BaseReserve > MaxBaseReserve)
            return TxResult.Reject(PerpsErrors.BaseReserveTooLarge,
                $"a base reserve is at most {MaxBaseReserve}: at the controller's 4x depth the vAMM's values must stay far inside 128-bit fixed point (docs/lih.md); got {tx.BaseReserve}");
        r = ctx.Prices.TryGetSpot(tx.IndexSource, ctx.Height, out var index);
        if (!r.Accepted) return r;
        int? netuid = null;
        if (ctx.Prices.TryGetSource(tx.IndexSource, out var source) && source.Kind == Ballast.Core.Prices.PriceSourceKind.Pool)
        {
            // A pool's price is what one trade moves: a second source must bound it (seed §4, "multi-source TWAP + bound check").
            if (tx.GuardSource is null)
                return TxResult.Reject(PerpsErrors.GuardRequired, $"index '{tx.IndexSource}' is a pool's price: the market needs a guard source to bound it against");
            if (!tx.IndexSource.StartsWith("subnet:", StringComparison.Ordinal) || !int.TryParse(tx.IndexSource.AsSpan(7), out var n)
                || !ctx.Port<ISubnetMarkets>().TryGetSubnet(ctx, n, out var subnet).Accepted || subnet.PriceSource != tx.IndexSource)
                return TxResult.Reject(PerpsErrors.InvalidMarket, $"a pool-priced index must be a subnet's pool, 'subnet:N'; got '{tx.IndexSource}'");
            netuid = n;
        }
        if (tx.GuardSource is { } guard)
        {
            r = ctx.Prices.TryGetSpot(guard, ctx.Height, out _);
            if (!r.Accepted) return r;
        }
        // The mark at creation is the index (Y = X); an absurd index is refused here by the oracle's own bound.
        var mark = index;
        var market = new PerpMarket
        {
            Id = tx.Market, IndexSource = tx.IndexSource, GuardSource = tx.GuardSource, IndexNetuid = netuid, QuoteIsTao = tx.QuoteIsTao,
            MarkSource = $"perps:{tx.Market}:mark", CreationDepth = tx.BaseReserve,
            Depth = tx.BaseReserve, Peg = index, LastFundingBlock = ctx.Height,
        };
        state.Markets.Add(tx.Market, market);
        state.MarketIds = Array.AsReadOnly(state.Markets.Keys.ToArray());
        ctx.Prices.Record(market.MarkSource, ctx.Height, mark);
        ctx.Emit(new MarketCreated(tx.Market, tx.IndexSource, market.BaseReserve, market.QuoteReserve));
        return TxResult.Ok;
    }

    // ---------- positions ----------

    private static TxResult Apply(EngineContext ctx, OpenPerp tx)
    {
        var state = ctx.State<PerpsState>();
        var p = ctx.Params<PerpsParameters>();
        var r = ctx.RequireNotPaused(ModuleName, "open");
        if (!r.Accepted) return r;
        if (!state.Markets.TryGetValue(tx.Market ?? "", out var market))
            return TxResult.Reject(PerpsErrors.UnknownMarket, $"no market '{tx.Market}'");
        if (tx.Side is not (PerpSide.Long or PerpSide.Short))
            return TxResult.Reject(PerpsErrors.InvalidSide, $"a side is long or short; got {(int)tx.Side}");
        r = EngineContext.CheckAmount(tx.Margin, "margin");
        if (!r.Accepted) return r;
        if (tx.Leverage < Fixed.One)
            return TxResult.Reject(PerpsErrors.LeverageBelowOne, $"leverage is at least 1x; got {tx.Leverage}x");
        bool isLong = tx.Side == PerpSide.Long;
        // One net position per account and market: an order against the open side reduces it first.
        if (state.PositionOf.TryGetValue((ctx.Sender, market.Id), out var existingId) && state.Positions[existingId].IsLong != isLong)
            return Reduce(ctx, state, p, market, state.Positions[existingId], tx);
        return Increase(ctx, state, p, market, tx.Margin, tx.Leverage, isLong);
    }

    /// <summary>An order against the open position: closes the fraction its notional covers, and opens what is left the other way.</summary>
    private static TxResult Reduce(EngineContext ctx, PerpsState state, PerpsParameters p, PerpMarket market, PerpPosition position, OpenPerp tx)
    {
        var orderTao = TaoToFixed(tx.Margin).Mul(tx.Leverage, Rounding.Down);
        var positionTao = TaoToFixed(position.Margin).Mul(position.Leverage, Rounding.Down);
        if (orderTao < positionTao)
            return Settle(ctx, state, p, market, position, orderTao.Div(positionTao, Rounding.Down));
        var r = Settle(ctx, state, p, market, position, Fixed.One);
        if (!r.Accepted || orderTao == positionTao) return r;
        // The rest of the order opens the other way with its share of the order's margin.
        var rest = Fixed.One - positionTao.Div(orderTao, Rounding.Up);
        var margin = rest.MulAmount(tx.Margin, Rounding.Down);
        return margin.IsZero ? r : Increase(ctx, state, p, market, margin, tx.Leverage, tx.Side == PerpSide.Long);
    }

    /// <summary>Opens a position, or adds to the account's position on the same side.</summary>
    private static TxResult Increase(EngineContext ctx, PerpsState state, PerpsParameters p, PerpMarket market, Amount margin, Fixed leverage, bool isLong)
    {
        if (state.LeverageHalted)
            return TxResult.Reject(PerpsErrors.LeverageHalted, "new leverage is paused: insurance coverage is below 30% of the required VaR");
        if (margin.Units < (UInt128)p.MinMarginRao)
            return TxResult.Reject(PerpsErrors.MarginBelowMinimum, $"margin is at least {new Amount((UInt128)p.MinMarginRao).ToTokenString()} TAO; got {margin.ToTokenString()}");
        var r = CheckIndex(ctx, market, p, out var index);
        if (!r.Accepted) return r;
        state.PositionOf.TryGetValue((ctx.Sender, market.Id), out var existingId);
        var existing = existingId == 0 ? null : state.Positions[existingId];

        var notionalTao = TaoToFixed(margin).Mul(leverage, Rounding.Down);
        var notional = TaoToQuote(market, notionalTao, index);
        var units = notional.Div(index, Rounding.Down); // normalised at the peg
        if (!TryTrade(market.Depth, market.NetSize, isLong, units, out var size) || size.IsZero || size.IsPositive != isLong)
            return TxResult.Reject(PerpsErrors.TradeTooLarge, $"a {notional} quote trade is too large for market {market.Id}'s depth");
        // The price band: no reachable net size may move the mark more than b/2 from the peg.
        var (maxLong, maxShort) = SideCaps(p, market.CreationDepth);
        var (longSize, shortSize) = isLong ? (market.LongSize + size, market.ShortSize) : (market.LongSize, market.ShortSize - size);
        if (longSize > maxLong || shortSize > maxShort)
            return TxResult.Reject(PerpsErrors.OpenInterestCap,
                $"market {market.Id}'s open interest would be {longSize} long and {shortSize} short; the band of {p.MarkBandPpb} allows {maxLong} and {maxShort} on a depth of {market.CreationDepth}");
        r = CheckManipulationCost(ctx, market, p, index, isLong ? longSize : shortSize);
        if (!r.Accepted) return r;

        // The position after the order, and the market after the trade; everything computed before the first write.
        var merged = Merge(existing, ctx.Sender, market, state.NextPositionId, size, notional, margin, notionalTao, index, ctx.Height);
        if (merged.Leverage > state.MaxLeverage)
            return TxResult.Reject(PerpsErrors.LeverageAboveCap, $"requested {merged.Leverage}x{(existing is null ? "" : " (with the open position)")}, L_max is {state.MaxLeverage}x now");
        var fee = TradingFee(p, FixedToTao(notionalTao), leverage);
        var premium = Premium(p, FixedToTao(notionalTao), leverage, market.SigmaPerBlock);
        var after = new MarketAfter(market.NetSize + size, market.OpenNotional + notional,
            market.LeverageNotional + merged.OpenNotional.Mul(merged.Leverage, Rounding.Down) - (existing is null ? Fixed.Zero : existing.OpenNotional.Mul(existing.Leverage, Rounding.Down)));
        // The position is valued on the market as the trade leaves it, before anything is written.
        bool settled = TrySettle(market, after.NetSize, merged, p, index, out var s);
        var maintenance = settled ? Maintenance(p, merged.Margin, s.ExitTao) : Amount.Zero;
        bool healthy = settled && s.EquityRao >= (Int128)maintenance.Units;
        var baseAfter = market.Depth - after.NetSize;
        var mark = index.Mul(QuoteReserve(market.Depth, baseAfter).Div(baseAfter, Rounding.Down), Rounding.Down);
        if (!healthy)
            return TxResult.Reject(PerpsErrors.BelowMaintenance,
                $"at {merged.Leverage}x the position's equity after the trade ({s.EquityRao} rao) would be below its maintenance requirement, max(μ·margin, (2b + per-block funding cap)·1.1·notional) on {s.ExitTao} TAO of notional, once the fee and the impact are paid");
        var (totalMargin, feesToLenders, budget) = (state.TotalMargin + margin, state.FeesToLenders + fee, state.DepthBudget + p.DepthBudgetPpb.Of(fee, Rounding.Down));
        var paid = margin + fee;

        var vault = ctx.Ledger.GetOrCreateModuleAccount(VaultAccount);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, vault, ctx.Tao, paid))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, paid + premium);
        if (!ctx.Port<IInsuranceCover>().PayPremium(ctx, ctx.SenderId, premium))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, paid + premium); // the margin and fee moved above are rolled back

        market.Peg = index;
        market.NetSize = after.NetSize;
        (market.LongSize, market.ShortSize) = (longSize, shortSize);
        market.OpenNotional = after.OpenNotional;
        market.LeverageNotional = after.LeverageNotional;
        if (existing is null)
        {
            state.NextPositionId++;
            state.PositionOf[(ctx.Sender, market.Id)] = merged.Id;
            market.OpenIds.Add(merged.Id);
        }
        state.Positions[merged.Id] = merged;
        market.Health?.Set(merged);
        state.TotalMargin = totalMargin;
        state.FeesToLenders = feesToLenders;
        state.DepthBudget = budget;
        ctx.Prices.Record(market.MarkSource, ctx.Height, mark);
        ctx.Emit(new PerpOpened(merged.Id, ctx.Sender, market.Id, isLong ? PerpSide.Long : PerpSide.Short, margin, leverage, size,
            merged.Size, merged.EntryPrice, maintenance, existing is not null, fee, premium));
        return TxResult.Ok;
    }

    private readonly record struct MarketAfter(Fixed NetSize, Fixed OpenNotional, Fixed LeverageNotional);

    /// <summary>The position after an order on its side: sizes, notionals and margins add; the funding basis is blended so the funding owed is unchanged.</summary>
    private static PerpPosition Merge(PerpPosition? existing, string trader, PerpMarket market, long nextId, Fixed size, Fixed notional, Amount margin, Fixed notionalTao, Fixed index, long height)
    {
        if (existing is null)
            return new PerpPosition
            {
                Id = nextId, Trader = trader, Market = market.Id, Size = size, OpenNotional = notional, Margin = margin,
                Leverage = notionalTao.Div(TaoToFixed(margin), Rounding.Up), EntryPrice = notional.Div(size.Abs(), Rounding.Down),
                FundingAtOpen = market.CumulativeFunding, OpenedAt = height,
            };
        var newSize = existing.Size + size;
        var owed = existing.Size.Mul(market.CumulativeFunding - existing.FundingAtOpen, Rounding.Up);
        var totalMargin = existing.Margin + margin;
        var totalNotionalTao = TaoToFixed(existing.Margin).Mul(existing.Leverage, Rounding.Up) + notionalTao;
        var openNotional = existing.OpenNotional + notional;
        return existing with
        {
            Size = newSize, OpenNotional = openNotional, Margin = totalMargin,
            Leverage = totalNotionalTao.Div(TaoToFixed(totalMargin), Rounding.Up), EntryPrice = openNotional.Div(newSize.Abs(), Rounding.Down),
            FundingAtOpen = market.CumulativeFunding - owed.Div(newSize, Rounding.Down),
        };
    }

    private static TxResult CheckIndex(EngineView view, PerpMarket market, PerpsParameters p, out Fixed index)
    {
        var r = RawIndex(view, market, out index);
        if (!r.Accepted || market.GuardSource is null) return r;
        r = view.Prices.TryGetSpot(market.GuardSource, view.Height, out var guard);
        if (!r.Accepted) return r;
        var deviation = (index - guard).Abs().Div(guard, Rounding.Up);
        return deviation > p.GuardMaxDeviationBps.ToFixed()
            ? TxResult.Reject(PerpsErrors.IndexDeviation, $"index {index} and guard {guard} differ by {deviation.Mul(Fixed.FromInt(100), Rounding.Up)}%, above {p.GuardMaxDeviationBps} bps")
            : TxResult.Ok;
    }

    /// <summary>
    /// A pool-priced index: the bounded index moves at most G = <see cref="PerpsParameters.GuardMaxDeviationBps"/> from
    /// the guard, so a push is worth at most δ ≤ G on one side's open interest. Moving a constant-product pool's price
    /// up by δ takes T·(√(1 + δ) − 1) TAO in (down by δ takes more), and undoing it as much again, each paying the swap
    /// fee: a push costs at least 2·fee·T·(√(1 + δ) − 1), which over δ ≤ G is least per unit of δ at δ = G. So each
    /// side's open interest in TAO stays below fee·T·2(√(1 + G) − 1)/G (≈ 0.988·fee·T at G = 5%): no push pays.
    /// </summary>
    private static TxResult CheckManipulationCost(EngineContext ctx, PerpMarket market, PerpsParameters p, Fixed index, Fixed sideSize)
    {
        if (market.IndexNetuid is not { } netuid) return TxResult.Ok;
        var subnets = ctx.Port<ISubnetMarkets>();
        var (poolTao, _) = subnets.Reserves(ctx, netuid);
        var g = p.GuardMaxDeviationBps.ToFixed();
        var perUnit = g.IsZero ? Fixed.One : (FixedMath.Sqrt(Fixed.One + g) - Fixed.One).MulInt(2).Div(g, Rounding.Down);
        var cap = perUnit.MulAmount(subnets.SwapFee(ctx).Of(poolTao, Rounding.Down), Rounding.Down);
        var sideTao = FixedToTaoUp(market.QuoteIsTao ? sideSize.Mul(index, Rounding.Up) : sideSize);
        return sideTao <= cap ? TxResult.Ok : TxResult.Reject(PerpsErrors.ManipulationCostCap,
            $"market {market.Id}'s side would hold {sideTao.ToTokenString()} TAO on subnet {netuid}'s pool price; pushing that pool by the guard's band costs at least {cap.ToTokenString()} TAO in swap fees, so more would pay to push it");
    }

    private static void Remove(PerpsState state, PerpMarket market, PerpPosition position, Settlement s)
    {
        market.NetSize = s.NewNetSize;
        if (position.IsLong) market.LongSize -= position.Size; else market.ShortSize += position.Size;
        market.OpenNotional -= position.OpenNotional;
        market.LeverageNotional -= position.OpenNotional.Mul(position.Leverage, Rounding.Down);
        state.Positions.Remove(position.Id);
        state.PositionOf.Remove((position.Trader, position.Market));
        market.OpenIds.Remove(position.Id);
        market.Health?.Remove(position.Id);
        state.TotalMargin -= position.Margin;
        state.FundingFromTradersRao += s.FundingRao;
    }

    private static TxResult Apply(EngineContext ctx, ClosePerp tx)
    {
        var state = ctx.State<PerpsState>();
        if (!state.Positions.TryGetValue(tx.PositionId, out var position))
            return TxResult.Reject(PerpsErrors.UnknownPerpPosition, $"no open perp position {tx.PositionId}");
        if (position.Trader != ctx.Sender)
            return TxResult.Reject(PerpsErrors.NotPerpOwner, $"perp position {position.Id} belongs to {position.Trader}");
        return Settle(ctx, state, ctx.Params<PerpsParameters>(), state.Markets[position.Market], position, Fixed.One);
    }

    /// <summary>
    /// Closes <paramref name="fraction"/> of the position (all of it at 1) on the vAMM at the index: pays that part's
    /// margin + PnL − funding − fee, refused when that is negative (an underwater position is liquidated, not closed).
    /// Profits come out of the lenders' assets, never out of other traders' margins.
    /// </summary>
    private static TxResult Settle(EngineContext ctx, PerpsState state, PerpsParameters p, PerpMarket market, PerpPosition position, Fixed fraction)
    {
        var r = Index(ctx, market, out var index);
        if (!r.Accepted) return r;
        var part = fraction >= Fixed.One ? position : Part(position, fraction);
        if (part.Size.IsZero) return TxResult.Reject(PerpsErrors.TradeTooLarge, "the order closes nothing of the position");
        if (!TrySettle(market, part, p, index, out var s))
            return TxResult.Reject(PerpsErrors.TradeTooLarge, $"closing position {position.Id} exceeds market {market.Id}'s depth");
        if (s.EquityRao < 0)
            return TxResult.Reject(PerpsErrors.PositionUnderwater, $"position {position.Id}'s equity is {s.EquityRao} rao: it can only be liquidated");
        var payable = Vault(ctx).SaturatingSub(state.TotalMargin - part.Margin);
        var equity = new Amount((UInt128)s.EquityRao);
        var paid = Amount.Min(equity, payable);
        market.Peg = index;
        if (ReferenceEquals(part, position)) Remove(state, market, position, s);
        else
        {
            var rest = position with { Size = position.Size - part.Size, OpenNotional = position.OpenNotional - part.OpenNotional, Margin = position.Margin - part.Margin };
            market.NetSize = s.NewNetSize;
            if (position.IsLong) market.LongSize -= part.Size; else market.ShortSize += part.Size;
            market.OpenNotional -= part.OpenNotional;
            market.LeverageNotional += rest.OpenNotional.Mul(rest.Leverage, Rounding.Down) - position.OpenNotional.Mul(position.Leverage, Rounding.Down);
            state.Positions[position.Id] = rest;
            market.Health?.Set(rest);
            state.TotalMargin -= part.Margin;
            state.FundingFromTradersRao += s.FundingRao;
        }
        state.FeesToLenders += s.Fee;
        state.DepthBudget += p.DepthBudgetPpb.Of(s.Fee, Rounding.Down);
        state.UnpaidProfit += equity - paid;
        if (!paid.IsZero) ctx.Ledger.TryTransfer(ctx.Ledger.GetOrCreateModuleAccount(VaultAccount), ctx.SenderId, ctx.Tao, paid); // the sender is the owner (close, or an order against it)
        ctx.Prices.Record(market.MarkSource, ctx.Height, market.Mark);
        ctx.Emit(new PerpClosed(position.Id, position.Trader, Fixed.Min(fraction, Fixed.One), s.Exit, new Amount(FullMath.Abs(s.PnlRao)), s.PnlRao >= 0,
            new Amount(FullMath.Abs(s.FundingRao)), s.FundingRao >= 0, s.Fee, paid));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, LiquidatePerp tx)
    {
        var state = ctx.State<PerpsState>();
        var p = ctx.Params<PerpsParameters>();
        if (!state.Positions.TryGetValue(tx.PositionId, out var position))
            return TxResult.Reject(PerpsErrors.UnknownPerpPosition, $"no open perp position {tx.PositionId}");
        var market = state.Markets[position.Market];
        var r = Index(ctx, market, out var index);
        if (!r.Accepted) return r;
        if (!IsLiquidatable(market, position, p, index, out var s))
            return TxResult.Reject(PerpsErrors.NotLiquidatable,
                $"position {position.Id}'s equity through the vAMM is {s.EquityRao} rao, at or above its maintenance requirement of {Maintenance(p, position.Margin, s.ExitTao).Units} rao");
        Liquidate(ctx, state, p, market, position, index);
        ctx.Prices.Record(market.MarkSource, ctx.Height, market.Mark); // the block hook records it once for its own liquidations
        return TxResult.Ok;
    }

    /// <summary>
    /// Closes the position on the vAMM. The exit fee is at most the equity before it (none when bankrupt). Remaining
    /// equity: the penalty share to the Insurance Pool, the rest to the trader. A loss ℓ beyond the margin (fee
    /// excluded): the pool pays min(ℓ, R) into the vault; the rest falls on the lenders.
    /// </summary>
    private static void Liquidate(EngineContext ctx, PerpsState state, PerpsParameters p, PerpMarket market, PerpPosition position, Fixed index)
    {
        if (!TrySettle(market, position, p, index, out var s))
            s = new Settlement(market.NetSize - position.Size, Fixed.Zero, -(Int128)position.Margin.Units, 0, Amount.Zero, 0, Fixed.Zero);
        s = FeeCappedByEquity(s); // a bankrupt position pays no fee: the pool would pay it through the loss
        market.Peg = index;
        Remove(state, market, position, s);
        var vault = ctx.Ledger.GetOrCreateModuleAccount(VaultAccount);
        var pool = ctx.Port<IInsuranceCover>();
        Amount loss = Amount.Zero, covered = Amount.Zero, penalty = Amount.Zero, returned = Amount.Zero;
        if (s.EquityRao >= 0)
        {
            var equity = Amount.Min(new Amount((UInt128)s.EquityRao), Vault(ctx).SaturatingSub(state.TotalMargin));
            penalty = p.LiquidationPenaltyPpb.Of(equity, Rounding.Up);
            returned = equity - penalty;
            pool.DepositPenalty(ctx, vault, penalty);
            if (!returned.IsZero && ctx.Ledger.TryGetAccount(position.Trader, out var trader)) ctx.Ledger.TryTransfer(vault, trader, ctx.Tao, returned);
        }
        else
        {
            loss = new Amount((UInt128)(-s.EquityRao));
            covered = pool.Cover(ctx, ModuleName, vault, loss);
            state.InsurancePaid += covered;
            state.LenderLosses += loss - covered;
        }
        state.FeesToLenders += s.Fee;
        state.DepthBudget += p.DepthBudgetPpb.Of(s.Fee, Rounding.Down);
        state.Liquidations++;
        ctx.Emit(new PerpLiquidated(position.Id, position.Trader, index, loss, covered, loss - covered, penalty, returned));
    }

    // ---------- lenders ----------

    private static TxResult Apply(EngineContext ctx, DepositPerpLiquidity tx)
    {
        var state = ctx.State<PerpsState>();
        var r = EngineContext.CheckAmount(tx.Amount, "deposit");
        if (!r.Accepted) return r;
        var assets = LenderAssets(ctx);
        if (state.LenderShares != 0 && assets.IsZero)
            return TxResult.Reject(PerpsErrors.LpCoverageTooLow, "lenders' assets were wiped out; the vault takes deposits again after a top-up");
        var shares = state.LenderShares == 0 ? tx.Amount.Units : FullMath.MulDiv(tx.Amount.Units, state.LenderShares, assets.Units, Rounding.Down);
        var (totalShares, owned) = (checked(state.LenderShares + shares), checked(state.Lenders.GetValueOrDefault(ctx.Sender) + shares)); // before any write
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount(VaultAccount), ctx.Tao, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Amount);
        state.LenderShares = totalShares;
        state.Lenders[ctx.Sender] = owned;
        ctx.Emit(new PerpLiquidityChanged(ctx.Sender, tx.Amount, shares, true));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, WithdrawPerpLiquidity tx)
    {
        var state = ctx.State<PerpsState>();
        var p = ctx.Params<PerpsParameters>();
        var r = EngineContext.CheckAmount(tx.Amount, "withdrawal");
        if (!r.Accepted) return r;
        var owned = state.Lenders.GetValueOrDefault(ctx.Sender);
        if (owned == 0) return TxResult.Reject(PerpsErrors.NotPerpLender, $"{ctx.Sender} holds no lender shares");
        var assets = LenderAssets(ctx);
        var burn = assets.IsZero ? UInt128.MaxValue : FullMath.MulDiv(tx.Amount.Units, state.LenderShares, assets.Units, Rounding.Up);
        if (burn > owned)
            return TxResult.Reject(PerpsErrors.NotPerpLender, $"{ctx.Sender}'s shares are worth {new Amount(FullMath.MulDiv(owned, assets.Units, state.LenderShares, Rounding.Down)).ToTokenString()} TAO; asked {tx.Amount.ToTokenString()}");
        var required = p.MinLpCoveragePpb.Of(FixedToTao(OpenInterestTao(ctx)), Rounding.Up);
        if (assets - tx.Amount < required)
            return TxResult.Reject(PerpsErrors.LpCoverageTooLow, $"lenders must keep {required.ToTokenString()} TAO against open interest; {assets.ToTokenString()} is there");
        ctx.Ledger.TryTransfer(ctx.Ledger.GetOrCreateModuleAccount(VaultAccount), ctx.SenderId, ctx.Tao, tx.Amount);
        state.LenderShares -= burn;
        if (owned == burn) state.Lenders.Remove(ctx.Sender); else state.Lenders[ctx.Sender] = owned - burn;
        ctx.Emit(new PerpLiquidityChanged(ctx.Sender, tx.Amount, burn, false));
        return TxResult.Ok;
    }

    // ---------- progressive unlock ----------

    private static TxResult Apply(EngineContext ctx, UnlockLeverageCap tx)
    {
        var state = ctx.State<PerpsState>();
        var p = ctx.Params<PerpsParameters>();
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        if (state.UnlockedCaps >= p.Caps.Length) return TxResult.Reject(PerpsErrors.AllCapsUnlocked, $"all caps are unlocked (up to {p.Caps[^1].MaxLeverage}x)");
        int next = state.UnlockedCaps + 1;
        var needed = new Amount((UInt128)p.Caps[next - 1].UnlockReserveRao);
        var reserve = ctx.Port<IInsuranceCover>().Reserve(ctx);
        if (reserve < needed || state.LeverageHalted)
            return TxResult.Reject(PerpsErrors.UnlockConditionsNotMet,
                $"unlocking {UnlockedCap(p, next)}x needs an insurance reserve of {needed.ToTokenString()} TAO (it holds {reserve.ToTokenString()}) and no leverage halt (halted: {state.LeverageHalted})");
        state.UnlockedCaps = next;
        ctx.Emit(new LeverageCapUnlocked(next, UnlockedCap(p, next)));
        return TxResult.Ok;
    }

    // ---------- per block: funding, liquidations, mark ----------

    private static void OnBlockEnd(EngineContext ctx)
    {
        var state = ctx.State<PerpsState>();
        if (state.Markets.Count == 0) return;
        var p = ctx.Params<PerpsParameters>();
        List<long>? due = null;
        foreach (var market in state.Markets.Values)
        {
            if (!Index(ctx, market, out var index).Accepted) continue;
            market.Peg = index;
            if (ctx.Height - market.LastFundingBlock >= p.FundingIntervalBlocks) SettleFunding(ctx, market, p);
            // Funding accrues every block at rate/interval: a block's funding is at most the per-block cap the
            // maintenance requirement keeps room for, so funding alone never takes a position below zero unseen.
            if (!market.LastFundingRate.IsZero)
                market.CumulativeFunding += market.LastFundingRate.Mul(index, Rounding.Down).DivInt(p.FundingIntervalBlocks, Rounding.Down);
            // Every position below maintenance is liquidated, in id order, until none is: each liquidation moves the
            // vAMM, which can take another below. A TAO-quoted market checks only the candidates its health index
            // cannot clear; any other market checks every open position.
            while (market.OpenIds.Count > 0)
            {
                var candidates = Candidates(state, p, market, index);
                due ??= [];
                due.Clear();
                foreach (var id in candidates)
                    if (IsLiquidatable(market, state.Positions[id], p, index, out _)) due.Add(id);
                if (due.Count == 0) break;
                int liquidated = 0;
                foreach (var id in due)
                    if (state.Positions.TryGetValue(id, out var position) && IsLiquidatable(market, position, p, index, out _))
                    {
                        Liquidate(ctx, state, p, market, position, index);
                        liquidated++;
                    }
                if (liquidated == 0) break;
            }
            ctx.Prices.Record(market.MarkSource, ctx.Height, market.Mark);
        }
    }

    /// <summary>
    /// The positions of the market that could be below maintenance: all of them, or for a TAO-quoted market those
    /// whose health key the bounds cannot clear (<see cref="HealthIndex"/>).
    /// </summary>
    private static IEnumerable<long> Candidates(PerpsState state, PerpsParameters p, PerpMarket market, Fixed peg)
    {
        if (!market.QuoteIsTao) return market.OpenIds;
        var health = market.Health;
        if (health is null || health.Maintenance != p.MaintenanceMarginPpb)
        {
            health = market.Health = new HealthIndex(p.MaintenanceMarginPpb);
            foreach (var id in market.OpenIds) health.Set(state.Positions[id]);
        }
        var depth = market.Depth;
        if (market.LongSize >= depth) return market.OpenIds;
        var rate = Fixed.Ratio(p.BaseFeePpb.Value, Ppb.Scale, Rounding.Up)
            + Fixed.Ratio(p.FeePpbPerLeverage.Value, Ppb.Scale, Rounding.Up).Mul(health.MaxLeverage, Rounding.Up);
        var extra = rate + BandBudget(p);
        if (extra >= Fixed.One) return market.OpenIds;
        // g_min = 1/(1 + shorts/D)² for longs, g_max = 1/(1 − longs/D)² for shorts
        var up = Fixed.One + market.ShortSize.Div(depth, Rounding.Up);
        var gMin = Fixed.One.Div(up.Mul(up, Rounding.Up), Rounding.Down);
        var down = Fixed.One - market.LongSize.Div(depth, Rounding.Up);
        var gMax = Fixed.One.Div(down.Mul(down, Rounding.Down), Rounding.Up);
        var longThreshold = peg.Mul(gMin.Mul(Fixed.One - extra, Rounding.Down), Rounding.Down) - market.CumulativeFunding;
        var shortThreshold = peg.Mul(gMax.Mul(Fixed.One + extra, Rounding.Up), Rounding.Up) - market.CumulativeFunding;
        return health.Candidates(longThreshold, shortThreshold);
    }

    /// <summary>Funding rate for the next interval: clamp((mark TWAP − index TWAP)/index TWAP / divisor); longs pay shorts when positive.</summary>
    private static void SettleFunding(EngineContext ctx, PerpMarket market, PerpsParameters p)
    {
        long window = Math.Min(p.TwapBlocks, ctx.Height - market.LastFundingBlock);
        market.LastFundingBlock = ctx.Height;
        if (window < 1) return;
        if (!ctx.Prices.TryGetTwap(market.MarkSource, ctx.Height, window, out var mark).Accepted) return;
        if (!ctx.Prices.TryGetTwap(market.IndexSource, ctx.Height, window, out var index).Accepted || !index.IsPositive) return;
        var cap = p.MaxFundingRatePpb.ToFixed();
        // A mark above 10,001× the index is past any cap (cap·divisor ≤ 1·10,000): clamped before the division can overflow.
        var rate = mark.DivInt(10_001, Rounding.Down) >= index ? cap : (mark - index).Div(index, Rounding.Down).DivInt(p.FundingDivisor, Rounding.Down);
        rate = Fixed.Max(-cap, Fixed.Min(cap, rate));
        market.LastFundingRate = rate;
        ctx.Emit(new FundingSettled(market.Id, mark, index, rate, market.CumulativeFunding));
    }
}
