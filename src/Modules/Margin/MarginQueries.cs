using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Lending;
using Ballast.Margin.Model;
using Ballast.Subnets;

namespace Ballast.Margin;

/// <summary>
/// Read-only queries for traders, LPs, keepers and risk teams: a position's health, liquidation price, fees and
/// P&amp;L; the pool's utilisation and rates; LP share value; a user's tier; liquidation candidates; solvency.
/// </summary>
public static class MarginQueries
{
    public sealed record PositionView(
        long Id, string Owner, int Netuid, Amount Alpha, Amount InitialCollateral, Amount AddedCollateral, Amount Borrowed,
        Fixed Leverage, Fixed EntryPrice, Amount BorrowingFeeOwed, Amount Value, string Health, long HealthPpb, bool Liquidatable,
        string LiquidationPrice, string PnlTao, int LiquidationCalls);

    public sealed record TierView(string User, int Tier, Amount StakedAlpha, Amount CrowdloanContribution, Fixed MaxLeverage, long DiscountPpb);

    public sealed record SolvencyView(Amount VaultTao, Amount Obligations, Amount Surplus, bool Solvent);

    public static PositionView Position(EngineContext ctx, long id)
    {
        var state = ctx.State<MarginState>();
        return View(ctx, state, ctx.Params<MarginParameters>(), state.Positions[id]);
    }

    public static TierView Tier(EngineContext ctx, string user)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var max = Books.MaxLeverage(ctx, state, p, user, out var tier);
        return new TierView(user, tier, Books.StakedForTier(ctx, state, p, user), state.Crowdloan.GetValueOrDefault(user), max,
            Books.DiscountPpb(ctx, state, p, user, out _));
    }

    /// <summary>TAO one LP share is worth, 18 decimals.</summary>
    public static Fixed LpShareValue(MarginState state) =>
        state.TotalLpShares == 0 ? Fixed.One : Fixed.Ratio(state.LpAssets, new Amount(state.TotalLpShares), Rounding.Down);

    public static long UtilizationPpb(MarginState state) => Books.UtilizationPpb(state);

    /// <summary>The borrow rate per accrual period at the current utilisation.</summary>
    public static long BorrowRatePpb(EngineContext ctx) =>
        BorrowRateModel.RatePpb(Books.UtilizationPpb(ctx.State<MarginState>()), ctx.Params<MarginParameters>());

    /// <summary>Positions of the pair that are liquidatable now, found through the liquidation index (O(k log n)).</summary>
    public static IReadOnlyList<long> LiquidationCandidates(EngineContext ctx, int netuid)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        if (!state.Pairs.TryGetValue(netuid, out var pair) || !SubnetMarket.TryGetSubnet(ctx, netuid, out var subnet).Accepted) return [];
        var index = Books.Index(state, netuid);
        if (index.Count == 0) return [];
        // What selling returns is concave in the amount sold (constant-product and weighted pools alike), so selling
        // a ≤ a_max returns at least a·quote(a_max)/a_max: below that price floor every position is healthy. (The
        // spot bound spot·A/(A + a_max) holds for x·y = k only; a pool heavier in alpha than in TAO returns less.)
        // One rao off the quote covers the weighted pool's rounding of its power.
        var largest = SubnetMarket.SimSwapAlphaForTao(ctx, netuid, index.MaxAlpha);
        var floor = Fixed.Ratio(largest.SaturatingSub(new Amount(1)), index.MaxAlpha, Rounding.Down);
        var found = new List<long>();
        foreach (var id in index.AtOrAbove(floor))
        {
            var position = state.Positions[id];
            if (Books.HealthPpb(ctx, state, p, position, out _, out _) < pair.LiquidationThresholdPpb) found.Add(id);
        }
        found.Sort();
        return found;
    }

    /// <summary>
    /// The vault's TAO against everything the books say it owes: free LP liquidity, added collateral, pending LP
    /// fees, protocol fees, the buyback pool, liquidator rewards and owners' claims. Rounding leaves a surplus.
    /// </summary>
    public static SolvencyView Solvency(EngineContext ctx)
    {
        var state = ctx.State<MarginState>();
        ctx.Ledger.TryGetAccount(MarginModule.VaultAccount, out var vault);
        var held = ctx.Ledger.TryGetAccount(MarginModule.VaultAccount, out _) ? ctx.Ledger.BalanceOf(vault, ctx.Tao) : Amount.Zero;
        var owed = state.LpAssets.SaturatingSub(state.TotalBorrowed) + state.TotalAddedCollateral + state.PendingLpFees
            + state.ProtocolFees + state.BuybackPool;
        foreach (var r in state.LiquidatorRewards.Values) owed += r;
        foreach (var c in state.UserClaims.Values) owed += c;
        return new SolvencyView(held, owed, held.SaturatingSub(owed), held >= owed && state.LpAssets >= state.TotalBorrowed);
    }

    private static PositionView View(EngineContext ctx, MarginState state, MarginParameters p, Position position)
    {
        var pair = state.Pairs[position.Netuid];
        var health = Books.HealthPpb(ctx, state, p, position, out var value, out var debt);
        var fee = debt - position.Borrowed;
        var pnl = (Int128)(value.Units) - (Int128)debt.Units - (Int128)position.InitialCollateral.Units;
        state.Windows.TryGetValue(position.Id, out var window);
        // Between blocks at height h the next call is in block h + 1: it continues the run only if the last call was in h.
        int calls = window is not null && window.LastCallBlock >= ctx.Height ? window.Count : 0;
        return new PositionView(position.Id, position.Owner, position.Netuid, position.Alpha, position.InitialCollateral,
            position.AddedCollateral, position.Borrowed, position.Leverage, position.EntryPrice, fee, value,
            MarginModule.Percent(health), health, health < pair.LiquidationThresholdPpb,
            LiquidationPrice(ctx, position, pair.LiquidationThresholdPpb, debt), Tao(pnl), calls);
    }

    /// <summary>
    /// The pool price (TAO per alpha) at which the position's health reaches its threshold, for a constant-product
    /// pool whose k stays as it is now: solves T·a/(A + a) = threshold·debt − added with T·A = k. A display
    /// figure (double precision), not used by the engine.
    /// </summary>
    private static string LiquidationPrice(EngineContext ctx, Position position, long thresholdPpb, Amount debt)
    {
        if (!SubnetMarket.TryGetSubnet(ctx, position.Netuid, out var subnet).Accepted) return "n/a";
        var (tao, alpha) = SubnetMarket.Reserves(ctx, subnet);
        double k = (double)tao.Units / 1e9 * ((double)alpha.Units / 1e9);
        double a = (double)position.Alpha.Units / 1e9;
        double v = (double)debt.Units / 1e9 * thresholdPpb / 1e9 - (double)position.AddedCollateral.Units / 1e9;
        if (v <= 0 || a <= 0 || k <= 0) return "0";
        double sk = Math.Sqrt(k);
        double s = (v * a + Math.Sqrt(v * v * a * a + 4 * k * a * v)) / (2 * sk * a);
        return (s * s).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Tao(Int128 rao)
    {
        var sign = rao < 0 ? "-" : "";
        var magnitude = FullMath.Abs(rao);
        return sign + new Amount(magnitude).ToTokenString();
    }

    internal static object Describe(EngineContext ctx, MarginState state)
    {
        var p = ctx.Params<MarginParameters>();
        ctx.Ledger.TryGetAccount(MarginModule.InsuranceAccount, out var insurance);
        var solvency = Solvency(ctx);
        return new
        {
            pool = new
            {
                lpAssets = state.LpAssets,
                lpShares = state.TotalLpShares,
                lpShareValue = LpShareValue(state),
                totalBorrowed = state.TotalBorrowed,
                freeLiquidity = state.LpAssets.SaturatingSub(state.TotalBorrowed),
                utilization = MarginModule.Percent(UtilizationPpb(state)),
                borrowRatePer360Blocks = MarginModule.Percent(BorrowRateModel.RatePpb(UtilizationPpb(state), p)),
                borrowIndexPpb = state.BorrowIndex,
                circuitBreakerTripped = state.BreakerTripped,
            },
            fees = new
            {
                pendingLpFees = state.PendingLpFees,
                pendingLpEmission = state.PendingLpEmission,
                protocolFees = state.ProtocolFees,
                buybackPool = state.BuybackPool,
                totalTrading = state.TotalTradingFees,
                totalBorrowing = state.TotalBorrowingFees,
                totalLiquidation = state.TotalLiquidationFees,
            },
            insurance = new
            {
                balance = ctx.Ledger.TryGetAccount(MarginModule.InsuranceAccount, out _) ? ctx.Ledger.BalanceOf(insurance, ctx.Tao) : Amount.Zero,
                received = state.InsuranceReceived,
                drawn = state.InsuranceDrawn,
                badDebtCovered = state.BadDebtCovered,
                badDebtWrittenOff = state.BadDebtUncovered,
            },
            buyback = new { taoSpent = state.TaoSpentOnBuybacks, alphaBought = state.AlphaBoughtBack, alphaBurned = state.AlphaBurned, lastBlock = state.LastBuybackBlock < 0 ? (long?)null : state.LastBuybackBlock },
            solvency,
            liquidations = state.Liquidations,
            pairs = state.Pairs.Values.Select(x => new { x.Netuid, x.MaxLeverage, x.LiquidationThresholdPpb, x.MaxSlippageBps, x.Active, x.TotalCollateral, x.TotalBorrowed, x.TotalAlpha }).ToList(),
            positions = state.Positions.Values.Select(x => View(ctx, state, p, x)).ToList(),
            liquidityProviders = state.Lps.Where(kv => kv.Value.Shares != 0 || !kv.Value.PendingFees.IsZero || !kv.Value.PendingEmission.IsZero).Select(kv =>
            {
                var lp = kv.Value.Clone();
                Books.Settle(state, lp);
                return new
                {
                    lp = kv.Key,
                    shares = lp.Shares,
                    value = state.TotalLpShares == 0 ? Amount.Zero : new Amount(FullMath.MulDiv(lp.Shares, state.LpAssets.Units, state.TotalLpShares, Rounding.Down)),
                    pendingFees = lp.PendingFees,
                    pendingEmission = lp.PendingEmission,
                };
            }).ToList(),
            liquidatorRewards = state.LiquidatorRewards,
            ownerClaims = state.UserClaims,
            crowdloan = state.Crowdloan,
            tiers = state.Positions.Values.Select(x => x.Owner).Concat(state.Crowdloan.Keys).Distinct().Order(StringComparer.Ordinal).Select(u => Tier(ctx, u)).ToList(),
        };
    }
}
