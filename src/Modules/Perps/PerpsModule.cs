using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using static Ballast.Perps.PerpsBook;

namespace Ballast.Perps;

/// <summary>
/// The Hyper-Leverage Engine of seed 000: perpetual vAMM markets with 40×–10,000× leverage, liquidation when the
/// adverse index move reaches (1 − μ)/L, funding from mark vs index TWAP, a leverage-scaled trading fee to lenders
/// and the premium ψ(L) = ψ0·L^φ to the Insurance Pool; losses beyond a position's margin are paid by the pool and,
/// beyond its reserve, fall on the lenders (recorded). The pool is reached through its port
/// <see cref="IInsuranceCover"/>; the risk controller moves this engine's levers through <see cref="IPerpsLevers"/>.
/// See docs/lih.md.
/// </summary>
public sealed class PerpsModule(PerpsParameters? parameters = null) : IModule
{
    public const string ModuleName = "perps";
    /// <summary>The lenders' vault: their TAO plus every open position's margin.</summary>
    public const string VaultAccount = "perps:vault";

    /// <summary>
    /// The largest virtual base reserve B at creation: 1e9. Trades keep k = X·Y; the controller's depth scale s ≤ 4
    /// multiplies both reserves, so k ≤ 16·B² = 1.6e19, a tenth of the Fixed range (≈ 1.7e20). See docs/lih.md.
    /// </summary>
    public static readonly Fixed MaxBaseReserve = Fixed.FromInt(1_000_000_000);

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
        .Provide<IPerpsLevers>(new PerpsLevers())
        // The hook's liquidations claim on the pool before the pool's own hook closes the block (epoch, stream).
        .Require<IInsuranceCover>(HookOrder.BeforeProvider)
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
                $"a base reserve is at most {MaxBaseReserve}: at the controller's 4x depth k = 16·B² must stay far inside 128-bit fixed point (docs/lih.md); got {tx.BaseReserve}");
        r = ctx.Prices.TryGetSpot(tx.IndexSource, ctx.Height, out var index);
        if (!r.Accepted) return r;
        if (tx.GuardSource is { } guard)
        {
            r = ctx.Prices.TryGetSpot(guard, ctx.Height, out _);
            if (!r.Accepted) return r;
        }
        // The mark (peg·Y/X) before anything is written: an absurd index or reserve overflows here, as a refusal.
        var mark = index.Mul(tx.BaseReserve, Rounding.Down).Div(tx.BaseReserve, Rounding.Down);
        var market = new PerpMarket
        {
            Id = tx.Market, IndexSource = tx.IndexSource, GuardSource = tx.GuardSource, QuoteIsTao = tx.QuoteIsTao, MarkSource = $"perps:{tx.Market}:mark",
            BaseReserve = tx.BaseReserve, QuoteReserve = tx.BaseReserve, Peg = index, LastFundingBlock = ctx.Height,
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
        if (state.LeverageHalted)
            return TxResult.Reject(PerpsErrors.LeverageHalted, "new leverage is paused: insurance coverage is below 30% of the required VaR");
        if (!state.Markets.TryGetValue(tx.Market ?? "", out var market))
            return TxResult.Reject(PerpsErrors.UnknownMarket, $"no market '{tx.Market}'");
        if (tx.Side is not (PerpSide.Long or PerpSide.Short))
            return TxResult.Reject(PerpsErrors.InvalidSide, $"a side is long or short; got {(int)tx.Side}");
        r = EngineContext.CheckAmount(tx.Margin, "margin");
        if (!r.Accepted) return r;
        if (tx.Margin.Units < (UInt128)p.MinMarginRao)
            return TxResult.Reject(PerpsErrors.MarginBelowMinimum, $"margin is at least {new Amount((UInt128)p.MinMarginRao).ToTokenString()} TAO; got {tx.Margin.ToTokenString()}");
        if (tx.Leverage < Fixed.One)
            return TxResult.Reject(PerpsErrors.LeverageBelowOne, $"leverage is at least 1x; got {tx.Leverage}x");
        if (tx.Leverage > state.MaxLeverage)
            return TxResult.Reject(PerpsErrors.LeverageAboveCap, $"requested {tx.Leverage}x, L_max is {state.MaxLeverage}x now");
        r = CheckIndex(ctx, market, p, out var index);
        if (!r.Accepted) return r;

        bool isLong = tx.Side == PerpSide.Long;
        var notionalTao = TaoToFixed(tx.Margin).Mul(tx.Leverage, Rounding.Down);
        var notional = TaoToQuote(market, notionalTao, index);
        var k = market.K;
        var units = notional.Div(index, Rounding.Down); // normalised at the peg
        var newQuote = isLong ? market.QuoteReserve + units : market.QuoteReserve - units;
        if (!newQuote.IsPositive || newQuote < market.QuoteReserve.DivInt(100, Rounding.Down) || newQuote > market.QuoteReserve.MulInt(100))
            return TxResult.Reject(PerpsErrors.TradeTooLarge, $"a {notional} quote trade is too large for market {market.Id}'s depth");
        var newBase = k.Div(newQuote, Rounding.Up);
        var size = isLong ? market.BaseReserve - newBase : -(newBase - market.BaseReserve);
        if (size.IsZero) return TxResult.Reject(PerpsErrors.TradeTooLarge, "the trade buys no base");
        var fee = TradingFee(p, FixedToTao(notionalTao), tx.Leverage);
        var premium = Premium(p, tx.Margin, tx.Leverage);
        // Everything the writes need is computed before the first write: absurd input overflows here, as a refusal.
        var entry = notional.Div(size.Abs(), Rounding.Down);
        var liquidationPrice = LiquidationPrice(p, index, tx.Leverage, isLong);
        var (totalMargin, feesToLenders) = (state.TotalMargin + tx.Margin, state.FeesToLenders + fee);
        var (longSize, shortSize) = isLong ? (market.LongSize + size, market.ShortSize) : (market.LongSize, market.ShortSize - size);
        var (openNotional, leverageNotional) = (market.OpenNotional + notional, market.LeverageNotional + notional.Mul(tx.Leverage, Rounding.Down));
        var mark = index.Mul(newQuote, Rounding.Down).Div(newBase, Rounding.Down);
        var paid = tx.Margin + fee;

        var vault = ctx.Ledger.GetOrCreateModuleAccount(VaultAccount);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, vault, ctx.Tao, paid))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, paid + premium);
        if (!ctx.Port<IInsuranceCover>().PayPremium(ctx, ctx.SenderId, premium))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, paid + premium); // the margin and fee moved above are rolled back

        market.Peg = index;
        market.QuoteReserve = newQuote;
        market.BaseReserve = newBase;
        var position = new PerpPosition
        {
            Id = state.NextPositionId++, Trader = ctx.Sender, Market = market.Id, Size = size, OpenNotional = notional,
            Margin = tx.Margin, Leverage = tx.Leverage, EntryPrice = entry, FundingAtOpen = market.CumulativeFunding,
            OpenedAt = ctx.Height, LiquidationPrice = liquidationPrice,
        };
        state.Positions.Add(position.Id, position);
        state.TotalMargin = totalMargin;
        state.FeesToLenders = feesToLenders;
        (market.LongSize, market.ShortSize) = (longSize, shortSize);
        market.OpenNotional = openNotional;
        market.LeverageNotional = leverageNotional;
        market.Book.Add(position);
        ctx.Prices.Record(market.MarkSource, ctx.Height, mark);
        ctx.Emit(new PerpOpened(position.Id, ctx.Sender, market.Id, tx.Side, tx.Margin, tx.Leverage, size, entry, position.LiquidationPrice, fee, premium));
        return TxResult.Ok;
    }

    private static TxResult CheckIndex(EngineView view, PerpMarket market, PerpsParameters p, out Fixed index)
    {
        var r = Index(view, market, out index);
        if (!r.Accepted || market.GuardSource is null) return r;
        r = view.Prices.TryGetSpot(market.GuardSource, view.Height, out var guard);
        if (!r.Accepted) return r;
        var deviation = (index - guard).Abs().Div(guard, Rounding.Up);
        return deviation > p.GuardMaxDeviationBps.ToFixed()
            ? TxResult.Reject(PerpsErrors.IndexDeviation, $"index {index} and guard {guard} differ by {deviation.Mul(Fixed.FromInt(100), Rounding.Up)}%, above {p.GuardMaxDeviationBps} bps")
            : TxResult.Ok;
    }

    private static void Remove(PerpsState state, PerpMarket market, PerpPosition position, Settlement s)
    {
        market.BaseReserve = s.NewBase;
        market.QuoteReserve = s.NewQuote;
        if (position.IsLong) market.LongSize -= position.Size; else market.ShortSize += position.Size;
        market.OpenNotional -= position.OpenNotional;
        market.LeverageNotional -= position.OpenNotional.Mul(position.Leverage, Rounding.Down);
        state.Positions.Remove(position.Id);
        state.TotalMargin -= position.Margin;
        state.FundingFromTradersRao += s.FundingRao;
        market.Book.Remove(position);
    }

    private static TxResult Apply(EngineContext ctx, ClosePerp tx)
    {
        var state = ctx.State<PerpsState>();
        var p = ctx.Params<PerpsParameters>();
        if (!state.Positions.TryGetValue(tx.PositionId, out var position))
            return TxResult.Reject(PerpsErrors.UnknownPerpPosition, $"no open perp position {tx.PositionId}");
        if (position.Trader != ctx.Sender)
            return TxResult.Reject(PerpsErrors.NotPerpOwner, $"perp position {position.Id} belongs to {position.Trader}");
        var market = state.Markets[position.Market];
        var r = Index(ctx, market, out var index);
        if (!r.Accepted) return r;
        if (!TrySettle(market, position, p, index, out var s))
            return TxResult.Reject(PerpsErrors.TradeTooLarge, $"closing position {position.Id} exceeds market {market.Id}'s depth");
        if (s.EquityRao < 0)
            return TxResult.Reject(PerpsErrors.PositionUnderwater, $"position {position.Id}'s equity is {s.EquityRao} rao: it can only be liquidated");
        // Profits come out of the lenders' assets, never out of other traders' margins.
        var payable = Vault(ctx).SaturatingSub(state.TotalMargin - position.Margin);
        var equity = new Amount((UInt128)s.EquityRao);
        var paid = Amount.Min(equity, payable);
        market.Peg = index;
        Remove(state, market, position, s);
        state.FeesToLenders += s.Fee;
        state.UnpaidProfit += equity - paid;
        if (!paid.IsZero) ctx.Ledger.TryTransfer(ctx.Ledger.GetOrCreateModuleAccount(VaultAccount), ctx.SenderId, ctx.Tao, paid);
        ctx.Prices.Record(market.MarkSource, ctx.Height, market.Mark);
        ctx.Emit(new PerpClosed(position.Id, position.Trader, s.Exit, new Amount(FullMath.Abs(s.PnlRao)), s.PnlRao >= 0,
            new Amount(FullMath.Abs(s.FundingRao)), s.FundingRao >= 0, s.Fee, paid));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, LiquidatePerp tx)
    {
        var state = ctx.State<PerpsState>();
        if (!state.Positions.TryGetValue(tx.PositionId, out var position))
            return TxResult.Reject(PerpsErrors.UnknownPerpPosition, $"no open perp position {tx.PositionId}");
        var market = state.Markets[position.Market];
        var r = Index(ctx, market, out var index);
        if (!r.Accepted) return r;
        bool triggered = position.IsLong ? index <= position.LiquidationPrice : index >= position.LiquidationPrice;
        if (!triggered)
            return TxResult.Reject(PerpsErrors.NotLiquidatable, $"position {position.Id} liquidates at index {position.LiquidationPrice}; the index is {index}");
        Liquidate(ctx, state, ctx.Params<PerpsParameters>(), market, position, index);
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
            s = new Settlement(market.BaseReserve, market.QuoteReserve, Fixed.Zero, -(Int128)position.Margin.Units, 0, Amount.Zero, 0);
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
        foreach (var market in state.Markets.Values)
        {
            if (!Index(ctx, market, out var index).Accepted) continue;
            market.Peg = index;
            if (ctx.Height - market.LastFundingBlock >= p.FundingIntervalBlocks) SettleFunding(ctx, market, p);
            var book = market.Book;
            if (book.Count > 0)
                foreach (var id in book.Triggered(index))
                    Liquidate(ctx, state, p, market, state.Positions[id], index);
            ctx.Prices.Record(market.MarkSource, ctx.Height, market.Mark);
        }
    }

    /// <summary>Funding per interval: clamp((mark TWAP − index TWAP)/index TWAP / divisor); longs pay shorts when positive.</summary>
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
        market.CumulativeFunding += rate.Mul(index, Rounding.Down);
        ctx.Emit(new FundingSettled(market.Id, mark, index, rate, market.CumulativeFunding));
    }
}
