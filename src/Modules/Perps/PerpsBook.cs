using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// The perps engine's formulas and reads, shared by handlers, the block hook, queries and the levers port: the vAMM's
/// trades and exits, a position's settlement (exit value, funding owed, exit fee: its equity) against its maintenance
/// requirement, the open-interest caps of the price band, fees, the premium, open interest and the lenders' assets.
/// Reads take a view (a handler's context is one), so every caller uses the same code. Every rounding is in the
/// vault's favour.
/// </summary>
internal static class PerpsBook
{
    public static Fixed TaoToFixed(Amount rao) => new((Int128)rao.Units * 1_000_000_000);
    public static Amount FixedToTao(Fixed value) => value.IsPositive ? new Amount((UInt128)(value.Raw / 1_000_000_000)) : Amount.Zero;
    public static Amount FixedToTaoUp(Fixed value) =>
        value.IsPositive ? new Amount((UInt128)((value.Raw + 999_999_999) / 1_000_000_000)) : Amount.Zero;

    /// <summary>
    /// The index price of the market now: an external feed's latest post (fresh, posted by its feeders), or a module
    /// pool's TWAP over <see cref="PerpsParameters.TwapBlocks"/> (the history it has, while shorter) — held within
    /// <see cref="PerpsParameters.GuardMaxDeviationBps"/> of the guard source when the guard has a fresh price (the
    /// bound check). Opens are refused outright while the two disagree; closes and liquidations are valued at the
    /// bounded index, so pushing a pool's price past the guard's band gains nothing (docs/lih.md).
    /// </summary>
    public static TxResult Index(EngineView view, PerpMarket market, out Fixed index)
    {
        var r = RawIndex(view, market, out index);
        if (!r.Accepted || market.GuardSource is null || !view.Prices.TryGetSpot(market.GuardSource, view.Height, out var guard).Accepted || !guard.IsPositive)
            return r;
        var band = view.Params<PerpsParameters>().GuardMaxDeviationBps.ToFixed();
        var low = guard.Mul(Fixed.One - band, Rounding.Up);
        var high = guard.Mul(Fixed.One + band, Rounding.Down);
        index = Fixed.Min(high, Fixed.Max(low, index));
        return r;
    }

    /// <summary>The index source's own price: a feed's post or a pool's TWAP (what the bound check compares with the guard).</summary>
    public static TxResult RawIndex(EngineView view, PerpMarket market, out Fixed index)
    {
        var r = view.Prices.TryGetSpot(market.IndexSource, view.Height, out index);
        if (!r.Accepted || !view.Prices.TryGetSource(market.IndexSource, out var source) || source.Kind != Ballast.Core.Prices.PriceSourceKind.Pool)
            return r;
        long window = Math.Min(view.Params<PerpsParameters>().TwapBlocks, view.Height - source.Accumulator.FirstHeight);
        return window < 1 ? r : view.Prices.TryGetTwap(market.IndexSource, view.Height, window, out index);
    }

    /// <summary>
    /// Quote → TAO at the index (identity for TAO-quoted markets). Saturates at ±<see cref="MaxTaoValue"/>: a value
    /// beyond it (an index that fell by 1e18 under a position quoted in USD) is more TAO than will ever exist, and
    /// the claim it makes is capped by the pool's reserve and the lenders' assets anyway.
    /// </summary>
    public static Fixed QuoteToTao(PerpMarket market, Fixed quote, Fixed index)
    {
        if (market.QuoteIsTao) return quote;
        if (quote.Abs().Div(MaxTaoValue, Rounding.Down) >= index)
            return quote.IsNegative ? -MaxTaoValue : MaxTaoValue;
        return quote.Div(index, Rounding.Down);
    }

    /// <summary>1e15 TAO: far above the 21 million that can exist, far below Fixed's range (≈ 1.7e20).</summary>
    public static readonly Fixed MaxTaoValue = Fixed.FromInt(1_000_000_000_000_000);

    public static Fixed TaoToQuote(PerpMarket market, Fixed tao, Fixed index) =>
        market.QuoteIsTao ? tao : tao.Mul(index, Rounding.Down);

    // ---------- the vAMM ----------

    /// <summary>Y = D²/X with one rounding (raw D·D/X).</summary>
    public static Fixed QuoteReserve(Fixed depth, Fixed baseReserve, Rounding rounding = Rounding.Down) =>
        new(FullMath.MulDiv(depth.Raw, depth.Raw, baseReserve.Raw, rounding));

    /// <summary>
    /// The base size a trade of <paramref name="quoteUnits"/> normalised quote units buys (long, positive) or sells
    /// (short, negative) at net size n: X' = D²/(Y ± u) rounded up, size = X − X'. False when the trade would leave a
    /// reserve at or below zero.
    /// </summary>
    public static bool TryTrade(Fixed depth, Fixed netSize, bool isLong, Fixed quoteUnits, out Fixed size)
    {
        size = Fixed.Zero;
        var x = depth - netSize;
        if (!x.IsPositive) return false;
        var y = QuoteReserve(depth, x);
        var yAfter = isLong ? y + quoteUnits : y - quoteUnits;
        if (!yAfter.IsPositive) return false;
        var xAfter = QuoteReserve(depth, yAfter, Rounding.Up); // D²/Y' (the same one-rounding product)
        size = x - xAfter;
        return true;
    }

    /// <summary>
    /// The quote (in normalised units, before the peg) released by selling <paramref name="size"/> (long) or paid to buy
    /// back −size (short) at net size n: |Y − D²/(X + size)|, rounded against the trader. False when the exit would
    /// take the base reserve to zero.
    /// </summary>
    public static bool TryExitUnits(Fixed depth, Fixed netSize, Fixed size, out Fixed units)
    {
        units = Fixed.Zero;
        var x = depth - netSize;
        var xAfter = x + size;
        if (!x.IsPositive || !xAfter.IsPositive) return false;
        var y = QuoteReserve(depth, x);
        var yAfter = QuoteReserve(depth, xAfter, Rounding.Up);
        units = size.IsPositive ? Fixed.Max(Fixed.Zero, y - yAfter) : yAfter - y;
        return true;
    }

    /// <summary>
    /// The open-interest caps of each side, in base units, sized on the depth at creation B so that no reachable net
    /// size moves the mark more than b/2 from the peg: Y/X − 1 = B²/(B − n)² − 1 ≤ b/2 gives
    /// n_long ≤ B·(1 − 1/√(1 + b/2)), and 1 − B²/(B + n)² ≤ b/2 gives n_short ≤ B·(1/√(1 − b/2) − 1). A deeper vAMM
    /// (the controller's scale ≥ 1) only makes the skew smaller.
    /// </summary>
    public static (Fixed MaxLong, Fixed MaxShort) SideCaps(PerpsParameters p, Fixed creationDepth)
    {
        var half = Fixed.Ratio(p.MarkBandPpb.Value, 2 * Ppb.Scale, Rounding.Down);
        var upRoot = FixedMath.Sqrt(Fixed.One + half);
        var downRoot = FixedMath.Sqrt(Fixed.One - half);
        var maxLong = creationDepth.Mul(Fixed.One - Fixed.One.Div(upRoot, Rounding.Up), Rounding.Down);
        var maxShort = creationDepth.Mul(Fixed.One.Div(downRoot, Rounding.Down) - Fixed.One, Rounding.Down);
        return (Fixed.Max(Fixed.Zero, maxLong), Fixed.Max(Fixed.Zero, maxShort));
    }

    /// <summary>
    /// The share of notional the maintenance requirement keeps against one block: (2b + f)·11/10, with b the band
    /// (the index's move and the skew's swing in a block) and f the per-block funding cap (cap per interval /
    /// interval). The tenth on top covers the second-order terms (the exit fee's drift, the impact's curvature).
    /// </summary>
    public static Fixed BandBudget(PerpsParameters p)
    {
        var perBlockFunding = Fixed.Ratio(p.MaxFundingRatePpb.Value, Ppb.Scale, Rounding.Up).DivInt(p.FundingIntervalBlocks, Rounding.Up);
        var band = Fixed.Ratio(2 * p.MarkBandPpb.Value, Ppb.Scale, Rounding.Up);
        return (band + perBlockFunding).MulInt(11).DivInt(10, Rounding.Up);
    }

    /// <summary>The maintenance requirement: max(μ·margin, band budget·exit notional), in rao (rounded up).</summary>
    public static Amount Maintenance(PerpsParameters p, Amount margin, Fixed exitTao)
    {
        var byMargin = p.MaintenanceMarginPpb.Of(margin, Rounding.Up);
        var byBand = FixedToTaoUp(BandBudget(p).Mul(exitTao, Rounding.Up));
        return Amount.Max(byMargin, byBand);
    }

    // ---------- fees and premium ----------

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

    /// <summary>
    /// The premium rate ψ(L) on notional: the larger of the floor ψ0·L^φ and the expected loss beyond the margin of a
    /// position held until it is liquidated, under Laplace returns at the controller's σ: with scale β = σ/√2 the
    /// overshoot past the liquidation line is exponential with mean β (memoryless tails), so the loss beyond zero
    /// equity, per unit of notional, has mean β·e^(−m/β), m = maintenance/notional the distance from the line to zero.
    /// </summary>
    public static Fixed PremiumRate(PerpsParameters p, Fixed leverage, Fixed sigmaPerBlock)
    {
        var floor = Fixed.Ratio(p.PremiumPsi0Ppb.Value, Ppb.Scale, Rounding.Up).Mul(FixedMath.Pow(leverage, p.PremiumPhi), Rounding.Up);
        if (!sigmaPerBlock.IsPositive) return floor;
        var beta = sigmaPerBlock.Div(Sqrt2, Rounding.Up);
        var byMargin = Fixed.Ratio(p.MaintenanceMarginPpb.Value, Ppb.Scale, Rounding.Down).Div(leverage, Rounding.Down);
        var distance = Fixed.Max(byMargin, BandBudget(p));
        // e^(−m/β): m/β beyond 100 is below the 1e-18 grid (and Exp returns zero from −69 down anyway).
        var ratio = distance.Div(beta, Rounding.Down);
        var tail = ratio > Fixed.FromInt(100) ? Fixed.Zero : beta.Mul(FixedMath.Exp(-ratio), Rounding.Up);
        return Fixed.Max(floor, tail);
    }

    private static readonly Fixed Sqrt2 = FixedMath.Sqrt(Fixed.FromInt(2));

    /// <summary>The premium on <paramref name="notionalTao"/>, rounded up.</summary>
    public static Amount Premium(PerpsParameters p, Amount notionalTao, Fixed leverage, Fixed sigmaPerBlock) =>
        PremiumRate(p, leverage, sigmaPerBlock).MulAmount(notionalTao, Rounding.Up);

    // ---------- settlement ----------

    /// <summary>What closing the position on the vAMM now would give: equity in rao (signed) and its parts.</summary>
    internal readonly record struct Settlement(Fixed NewNetSize, Fixed Exit, Int128 PnlRao, Int128 FundingRao, Amount Fee, Int128 EquityRao, Fixed ExitTao);

    /// <summary>
    /// Values <paramref name="position"/> by closing it through the vAMM now, at the peg <paramref name="index"/>: exit
    /// value (impact included) less the open notional, less funding owed, less the exit fee, added to the margin.
    /// False when the exit would exhaust the vAMM's reserve.
    /// </summary>
    public static bool TrySettle(PerpMarket market, PerpPosition position, PerpsParameters p, Fixed index, out Settlement s) =>
        TrySettle(market, market.NetSize, position, p, index, out s);

    /// <summary>The same, on the market as it would be at net size <paramref name="netSize"/> (an open values its position after its own trade, before writing it).</summary>
    public static bool TrySettle(PerpMarket market, Fixed netSize, PerpPosition position, PerpsParameters p, Fixed index, out Settlement s)
    {
        s = default;
        if (!TryExitUnits(market.Depth, netSize, position.Size, out var units)) return false;
        Fixed exit, pnlQuote;
        if (position.IsLong)
        {
            exit = units.Mul(index, Rounding.Down);
            pnlQuote = exit - position.OpenNotional;
        }
        else
        {
            exit = units.Mul(index, Rounding.Up);
            pnlQuote = position.OpenNotional - exit;
        }
        var fundingQuote = position.Size.Mul(market.CumulativeFunding - position.FundingAtOpen, Rounding.Up);
        var pnlTao = QuoteToTao(market, pnlQuote, index);
        var fundingTao = QuoteToTao(market, fundingQuote, index);
        var exitTao = QuoteToTao(market, exit, index);
        var fee = TradingFee(p, FixedToTaoUp(exitTao), position.Leverage);
        Int128 pnlRao = FloorRao(pnlTao), fundingRao = CeilRao(fundingTao);
        var equity = (Int128)position.Margin.Units + pnlRao - fundingRao - (Int128)fee.Units;
        s = new Settlement(netSize - position.Size, exit, pnlRao, fundingRao, fee, equity, exitTao);
        return true;
    }

    private static Int128 FloorRao(Fixed tao) => tao.Raw >= 0 ? tao.Raw / 1_000_000_000 : -((-tao.Raw + 999_999_999) / 1_000_000_000);
    private static Int128 CeilRao(Fixed tao) => -FloorRao(-tao);

    /// <summary>True when the position's equity through the vAMM is below its maintenance requirement (or it cannot exit at all).</summary>
    public static bool IsLiquidatable(PerpMarket market, PerpPosition position, PerpsParameters p, Fixed index, out Settlement s)
    {
        if (!TrySettle(market, position, p, index, out s)) return true;
        return s.EquityRao < (Int128)Maintenance(p, position.Margin, s.ExitTao).Units;
    }

    /// <summary>The part <paramref name="fraction"/> (0, 1) of a position: size, notional, margin and funding basis scaled (margin rounded down).</summary>
    public static PerpPosition Part(PerpPosition position, Fixed fraction) => position with
    {
        Size = position.Size.Mul(fraction, Rounding.Down),
        OpenNotional = position.OpenNotional.Mul(fraction, Rounding.Down),
        Margin = fraction.MulAmount(position.Margin, Rounding.Down),
    };

    // ---------- reads ----------

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
}
