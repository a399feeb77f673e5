using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// The perps engine's formulas and reads, shared by handlers, the block hook, queries and the levers port: prices,
/// open interest, average leverage, the lenders' assets, fees, premium and the liquidation trigger. Reads take a
/// view (a handler's context is one), so every caller uses the same code.
/// </summary>
internal static class PerpsBook
{
    public static Fixed TaoToFixed(Amount rao) => new((Int128)rao.Units * 1_000_000_000);
    public static Amount FixedToTao(Fixed value) => value.IsPositive ? new Amount((UInt128)(value.Raw / 1_000_000_000)) : Amount.Zero;

    /// <summary>
    /// The index price of the market now: an external feed's latest post (fresh, posted by its feeders), or a module
    /// pool's TWAP over <see cref="PerpsParameters.TwapBlocks"/> (the history it has, while shorter), so one block's
    /// trade in a subnet pool cannot move the index.
    /// </summary>
    public static TxResult Index(EngineView view, PerpMarket market, out Fixed index)
    {
        var r = view.Prices.TryGetSpot(market.IndexSource, view.Height, out index);
        if (!r.Accepted || !view.Prices.TryGetSource(market.IndexSource, out var source) || source.Kind != Ballast.Core.Prices.PriceSourceKind.Pool)
            return r;
        long window = Math.Min(view.Params<PerpsParameters>().TwapBlocks, view.Height - source.Accumulator.FirstHeight);
        return window < 1 ? r : view.Prices.TryGetTwap(market.IndexSource, view.Height, window, out index);
    }

    /// <summary>Quote → TAO at the index (identity for TAO-quoted markets).</summary>
    public static Fixed QuoteToTao(PerpMarket market, Fixed quote, Fixed index) =>
        market.QuoteIsTao ? quote : quote.Div(index, Rounding.Down);

    public static Fixed TaoToQuote(PerpMarket market, Fixed tao, Fixed index) =>
        market.QuoteIsTao ? tao : tao.Mul(index, Rounding.Down);

    public static Amount Vault(EngineView view) =>
        view.Ledger.TryGetAccount(PerpsModule.VaultAccount, out var v) ? view.Ledger.BalanceOf(v, view.Tao) : Amount.Zero;

    /// <summary>What lenders own: the vault less every open position's margin (zero when losses exceed it).</summary>
    public static Amount LenderAssets(EngineView view) => Vault(view).SaturatingSub(view.State<PerpsState>().TotalMargin);

    /// <summary>Open notional of all markets in TAO at their index: V_o.</summary>
    public static Fixed OpenInterestTao(EngineView view)
    {
        var total = Fixed.Zero;
        foreach (var m in view.State<PerpsState>().Markets.Values)
            if (Index(view, m, out var index).Accepted) total += QuoteToTao(m, m.OpenNotional, index);
        return total;
    }

    /// <summary>Notional-weighted average open leverage L̄ (1 when nothing is open).</summary>
    public static Fixed AverageLeverage(EngineView view)
    {
        Fixed notional = Fixed.Zero, weighted = Fixed.Zero;
        foreach (var m in view.State<PerpsState>().Markets.Values) { notional += m.OpenNotional; weighted += m.LeverageNotional; }
        return notional.IsZero ? Fixed.One : weighted.Div(notional, Rounding.Down);
    }

    /// <summary>The cap of unlock step <paramref name="step"/> (1 = the first, open from genesis).</summary>
    public static Fixed UnlockedCap(PerpsParameters p, int step) => p.Caps[Math.Clamp(step, 1, p.Caps.Length) - 1].MaxLeverage;

    /// <summary>
    /// Trading fee: notional·(base + perLeverage·L) ppb with L exact (2.5× is 2.5, not 2), in one division rounded up:
    /// notional·(base·10^18 + perLeverage·L_raw) / 10^27, with a 256-bit intermediate.
    /// </summary>
    public static Amount TradingFee(PerpsParameters p, Amount notionalTao, Fixed leverage)
    {
        var rate = (UInt128)p.BaseFeePpb.Value * (UInt128)Fixed.ScaleRaw + (UInt128)p.FeePpbPerLeverage.Value * (UInt128)leverage.Abs().Raw;
        return notionalTao.MulDiv(rate, (UInt128)Ppb.Scale * (UInt128)Fixed.ScaleRaw, Rounding.Up);
    }

    /// <summary>
    /// The settlement of a liquidation: the fee is at most what the position's equity before the fee covers (zero when
    /// bankrupt), so a fee is never paid by the Insurance Pool or the lenders through the loss.
    /// </summary>
    public static Settlement FeeCappedByEquity(Settlement s)
    {
        var beforeFee = s.EquityRao + (Int128)s.Fee.Units;
        var fee = beforeFee <= 0 ? Amount.Zero : Amount.Min(s.Fee, new Amount((UInt128)beforeFee));
        return s with { Fee = fee, EquityRao = beforeFee - (Int128)fee.Units };
    }

    /// <summary>Premium ψ(L) = ψ0·L^φ of the margin (capped at the margin), rounded up.</summary>
    public static Amount Premium(PerpsParameters p, Amount margin, Fixed leverage)
    {
        var psi = Fixed.Ratio(p.PremiumPsi0Ppb.Value, Ppb.Scale, Rounding.Up).Mul(FixedMath.Pow(leverage, p.PremiumPhi), Rounding.Up);
        return Amount.Min(margin, psi.MulAmount(margin, Rounding.Up));
    }

    /// <summary>Liquidation trigger of the seed: |Δp/p0| = (1 − μ)/L against the position.</summary>
    public static Fixed LiquidationPrice(PerpsParameters p, Fixed index, Fixed leverage, bool isLong)
    {
        var move = Fixed.Ratio(Ppb.Scale - p.MaintenanceMarginPpb.Value, Ppb.Scale, Rounding.Down).Div(leverage, Rounding.Down);
        return isLong ? index.Mul(Fixed.One - move, Rounding.Up) : index.Mul(Fixed.One + move, Rounding.Down);
    }

    /// <summary>What closing the position on the vAMM now would give: equity in rao (signed) and its parts.</summary>
    internal readonly record struct Settlement(Fixed NewBase, Fixed NewQuote, Fixed Exit, Int128 PnlRao, Int128 FundingRao, Amount Fee, Int128 EquityRao);

    public static bool TrySettle(PerpMarket market, PerpPosition position, PerpsParameters p, Fixed index, out Settlement s)
    {
        s = default;
        var k = market.K;
        Fixed newBase, newQuote, exit, pnlQuote;
        // The exit is priced at the current peg (the index): the gap reaches every position at once.
        if (position.IsLong)
        {
            newBase = market.BaseReserve + position.Size;
            newQuote = k.Div(newBase, Rounding.Up);
            exit = (market.QuoteReserve - newQuote).Mul(index, Rounding.Down);
            pnlQuote = exit - position.OpenNotional;
        }
        else
        {
            newBase = market.BaseReserve + position.Size; // size is negative: the vAMM gives base back
            if (!newBase.IsPositive) return false;
            newQuote = k.Div(newBase, Rounding.Up);
            exit = (newQuote - market.QuoteReserve).Mul(index, Rounding.Up);
            pnlQuote = position.OpenNotional - exit;
        }
        var fundingQuote = position.Size.Mul(market.CumulativeFunding - position.FundingAtOpen, Rounding.Up);
        var pnlTao = QuoteToTao(market, pnlQuote, index);
        var fundingTao = QuoteToTao(market, fundingQuote, index);
        var fee = TradingFee(p, FixedToTao(QuoteToTao(market, exit.Abs(), index)), position.Leverage);
        Int128 pnlRao = pnlTao.Raw / 1_000_000_000, fundingRao = fundingTao.Raw / 1_000_000_000;
        var equity = (Int128)position.Margin.Units + pnlRao - fundingRao - (Int128)fee.Units;
        s = new Settlement(newBase, newQuote, exit, pnlRao, fundingRao, fee, equity);
        return true;
    }
}
