using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// The perps engine's public surface for the risk controller and for queries: prices, open interest, average
/// leverage, the lenders' assets, and the levers the controller moves (L_max, the new-leverage halt, vAMM depth).
/// </summary>
public static class PerpsBook
{
    public const string VaultAccount = "perps:vault";
    public const long Ppb = PerpsParameters.Ppb;

    public static Fixed TaoToFixed(Amount rao) => new((Int128)rao.Units * 1_000_000_000);
    public static Amount FixedToTao(Fixed value) => value.IsPositive ? new Amount((UInt128)(value.Raw / 1_000_000_000)) : Amount.Zero;

    /// <summary>
    /// The index price of the market now: an external feed's latest post (fresh, posted by its feeders), or a module
    /// pool's TWAP over <see cref="PerpsParameters.TwapBlocks"/> (the history it has, while shorter), so one block's
    /// trade in a subnet pool cannot move the index.
    /// </summary>
    public static TxResult Index(EngineContext ctx, PerpMarket market, out Fixed index)
    {
        var r = ctx.Prices.TryGetSpot(market.IndexSource, ctx.Height, out index);
        if (!r.Accepted || !ctx.Prices.TryGetSource(market.IndexSource, out var source) || source.Kind != Ballast.Core.Prices.PriceSourceKind.Pool)
            return r;
        long window = Math.Min(ctx.Params<PerpsParameters>().TwapBlocks, ctx.Height - source.Accumulator.FirstHeight);
        return window < 1 ? r : ctx.Prices.TryGetTwap(market.IndexSource, ctx.Height, window, out index);
    }

    /// <summary>Quote → TAO at the index (identity for TAO-quoted markets).</summary>
    public static Fixed QuoteToTao(PerpMarket market, Fixed quote, Fixed index) =>
        market.QuoteIsTao ? quote : quote.Div(index, Rounding.Down);

    public static Fixed TaoToQuote(PerpMarket market, Fixed tao, Fixed index) =>
        market.QuoteIsTao ? tao : tao.Mul(index, Rounding.Down);

    public static Amount Vault(EngineContext ctx) =>
        ctx.Ledger.TryGetAccount(VaultAccount, out var v) ? ctx.Ledger.BalanceOf(v, ctx.Tao) : Amount.Zero;

    /// <summary>What lenders own: the vault less every open position's margin (zero when losses exceed it).</summary>
    public static Amount LenderAssets(EngineContext ctx) => Vault(ctx).SaturatingSub(ctx.State<PerpsState>().TotalMargin);

    /// <summary>Open notional of all markets in TAO at their index: V_o.</summary>
    public static Fixed OpenInterestTao(EngineContext ctx)
    {
        var total = Fixed.Zero;
        foreach (var m in ctx.State<PerpsState>().Markets.Values)
            if (Index(ctx, m, out var index).Accepted) total += QuoteToTao(m, m.OpenNotional, index);
        return total;
    }

    /// <summary>Notional-weighted average open leverage L̄ (1 when nothing is open).</summary>
    public static Fixed AverageLeverage(EngineContext ctx)
    {
        Fixed notional = Fixed.Zero, weighted = Fixed.Zero;
        foreach (var m in ctx.State<PerpsState>().Markets.Values) { notional += m.OpenNotional; weighted += m.LeverageNotional; }
        return notional.IsZero ? Fixed.One : weighted.Div(notional, Rounding.Down);
    }

    public static Fixed UnlockedCap(PerpsParameters p, int step) => step switch { <= 1 => p.Cap1, 2 => p.Cap2, 3 => p.Cap3, _ => p.Cap4 };

    /// <summary>The controller sets L_max, never above the unlocked cap nor below 1×.</summary>
    public static void SetMaxLeverage(EngineContext ctx, Fixed leverage)
    {
        var state = ctx.State<PerpsState>();
        var cap = UnlockedCap(ctx.Params<PerpsParameters>(), state.UnlockedCaps);
        state.MaxLeverage = Fixed.Max(Fixed.One, Fixed.Min(leverage, cap));
    }

    public static void SetLeverageHalted(EngineContext ctx, bool halted) => ctx.State<PerpsState>().LeverageHalted = halted;

    /// <summary>The controller sizes the virtual buffers: scales the reserves to <paramref name="scale"/>× their size at creation, keeping the mark.</summary>
    public static void SetDepth(EngineContext ctx, string market, Fixed scale)
    {
        var m = ctx.State<PerpsState>().Markets[market];
        if (scale == m.DepthScale || !scale.IsPositive) return;
        var factor = scale.Div(m.DepthScale, Rounding.Down);
        m.BaseReserve = m.BaseReserve.Mul(factor, Rounding.Down);
        m.QuoteReserve = m.QuoteReserve.Mul(factor, Rounding.Down);
        m.DepthScale = scale;
    }

    /// <summary>Trading fee: notional·(base + perLeverage·L) ppb, rounded up.</summary>
    public static Amount TradingFee(PerpsParameters p, Amount notionalTao, Fixed leverage)
    {
        var ratePpb = p.BaseFeePpb + p.FeePpbPerLeverage * (long)(leverage.Raw / Fixed.ScaleRaw);
        return notionalTao.MulDiv((UInt128)ratePpb, Ppb, Rounding.Up);
    }

    /// <summary>Premium ψ(L) = ψ0·L^φ of the margin (capped at the margin), rounded up.</summary>
    public static Amount Premium(PerpsParameters p, Amount margin, Fixed leverage)
    {
        var psi = Fixed.Ratio(p.PremiumPsi0Ppb, Ppb, Rounding.Up).Mul(FixedMath.Pow(leverage, p.PremiumPhi), Rounding.Up);
        return Amount.Min(margin, psi.MulAmount(margin, Rounding.Up));
    }

    /// <summary>Liquidation trigger of the seed: |Δp/p0| = (1 − μ)/L against the position.</summary>
    public static Fixed LiquidationPrice(PerpsParameters p, Fixed index, Fixed leverage, bool isLong)
    {
        var move = Fixed.Ratio(Ppb - p.MaintenanceMarginPpb, Ppb, Rounding.Down).Div(leverage, Rounding.Down);
        return isLong ? index.Mul(Fixed.One - move, Rounding.Up) : index.Mul(Fixed.One + move, Rounding.Down);
    }

    internal static LiquidationBook Book(PerpsState state, string market)
    {
        if (!state.Books.TryGetValue(market, out var book))
        {
            book = new LiquidationBook();
            foreach (var p in state.Positions.Values)
                if (p.Market == market) book.Add(p);
            state.Books[market] = book;
        }
        return book;
    }

    internal static object Describe(EngineContext ctx, PerpsState state)
    {
        var p = ctx.Params<PerpsParameters>();
        return new
        {
            maxLeverage = state.MaxLeverage,
            unlockedCap = UnlockedCap(p, state.UnlockedCaps),
            leverageHalted = state.LeverageHalted,
            vault = Vault(ctx),
            lenderAssets = LenderAssets(ctx),
            lenderShares = state.LenderShares,
            totalMargin = state.TotalMargin,
            openInterestTao = OpenInterestTao(ctx),
            averageLeverage = AverageLeverage(ctx),
            totals = new { feesToLenders = state.FeesToLenders, lenderLosses = state.LenderLosses, insurancePaid = state.InsurancePaid, unpaidProfit = state.UnpaidProfit, fundingFromTraders = state.FundingFromTradersRao, liquidations = state.Liquidations },
            markets = state.Markets.Values.Select(m => new
            {
                m.Id, m.IndexSource, m.GuardSource, m.QuoteIsTao, mark = m.Mark, peg = m.Peg, depthScale = m.DepthScale, index = Index(ctx, m, out var i).Accepted ? i.ToString() : "unavailable",
                m.BaseReserve, m.QuoteReserve, m.CumulativeFunding, m.LastFundingRate, m.LongSize, m.ShortSize, m.OpenNotional,
            }).ToList(),
            positions = state.Positions.Values.Select(x => PerpsModule.View(ctx, state, p, x)).ToList(),
        };
    }
}
