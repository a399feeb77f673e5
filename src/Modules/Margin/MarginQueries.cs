using Ballast.Margin.Liquidation;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Lending;
using Ballast.Margin.Model;

namespace Ballast.Margin;

/// <summary>
/// The declared queries' implementations (registered in <see cref="MarginModule.Configure"/>), for traders, LPs,
/// keepers and risk teams: a position's health, liquidation price, fees and P&amp;L; the pool's utilisation and rates;
/// LP value; a user's tier; liquidation candidates; solvency. They run on the read-only view and write nothing: the
/// liquidation index they read is kept by the writers.
/// </summary>
internal static class MarginQueries
{
    public static PositionView? Position(EngineView view, PositionQuery q)
    {
        var state = view.State<MarginState>();
        return state.Positions.TryGetValue(q.PositionId, out var position) ? View(view, state, view.Params<MarginParameters>(), position) : null;
    }

    public static PositionList Positions(EngineView view, PositionsQuery q)
    {
        var state = view.State<MarginState>();
        var p = view.Params<MarginParameters>();
        return new PositionList(q.Owner, state.Positions.Values.Where(x => x.Owner == q.Owner).Select(x => View(view, state, p, x)).ToList());
    }

    public static LpView? Lp(EngineView view, LpQuery q)
    {
        var state = view.State<MarginState>();
        return state.Lps.TryGetValue(q.Lp ?? "", out var lp) ? View(state, view.Params<MarginParameters>(), q.Lp!, lp) : null;
    }

    public static PairView? Pair(EngineView view, PairQuery q)
    {
        var state = view.State<MarginState>();
        return state.Pairs.TryGetValue(q.Netuid, out var pair) ? View(view, state, pair) : null;
    }

    public static TierView Tier(EngineView view, TierQuery q)
    {
        var state = view.State<MarginState>();
        var p = view.Params<MarginParameters>();
        var user = q.User ?? "";
        var max = Books.MaxLeverage(view, state, p, user, out var tier);
        return new TierView(user, tier, Books.StakedForTier(view, state, p, user), state.Crowdloan.GetValueOrDefault(user), max,
            Books.Discount(view, state, p, user, out _));
    }

    public static ClaimsView Claims(EngineView view, ClaimsQuery q)
    {
        var state = view.State<MarginState>();
        var account = q.Account ?? "";
        return new ClaimsView(account, state.LiquidatorRewards.GetValueOrDefault(account), state.UserClaims.GetValueOrDefault(account),
            state.Crowdloan.GetValueOrDefault(account));
    }

    /// <summary>TAO one LP share is worth, 18 decimals.</summary>
    public static Fixed LpShareValue(MarginState state) =>
        state.TotalLpShares == 0 ? Fixed.One : Fixed.Ratio(state.LpAssets, new Amount(state.TotalLpShares), Rounding.Down);

    /// <summary>The borrow rate per accrual period at the current utilisation.</summary>
    public static Ppb BorrowRate(EngineView view) =>
        BorrowRateModel.Rate(Books.Utilization(view.State<MarginState>()), view.Params<MarginParameters>());

    /// <summary>Positions of the pair that are liquidatable now, found through the liquidation index (O(k log n)).</summary>
    public static IReadOnlyList<long> LiquidationCandidates(EngineView view, int netuid)
    {
        var state = view.State<MarginState>();
        var p = view.Params<MarginParameters>();
        var markets = Books.Markets(view);
        if (!state.Pairs.TryGetValue(netuid, out var pair) || !markets.TryGetSubnet(view, netuid, out _).Accepted) return [];
        var index = state.IndexOf(pair);
        if (index.Count == 0) return [];
        // What selling returns is concave in the amount sold (constant-product and weighted pools alike), so selling
        // a ≤ a_max returns at least a·quote(a_max)/a_max: below that price floor every position is healthy. (The
        // spot bound spot·A/(A + a_max) holds for x·y = k only; a pool heavier in alpha than in TAO returns less.)
        // One rao off the quote covers the weighted pool's rounding of its power.
        var largest = markets.SimSwapAlphaForTao(view, netuid, index.MaxAlpha);
        var floor = Fixed.Ratio(largest.SaturatingSub(new Amount(1)), index.MaxAlpha, Rounding.Down);
        // Health values the sale rescaled to the valuation price (ValuationScale); the floor scales with it.
        var (num, den) = Books.ValuationScale(view, p, netuid, p.HealthValuation);
        if (num != den) floor = new Fixed((Int128)FullMath.MulDiv((UInt128)floor.Raw, num, den, Rounding.Down));
        var found = new List<long>();
        bool stale = index.KeyedAtIndex != state.BorrowIndex;
        foreach (var id in index.AtOrAbove(floor, state.BorrowIndex))
        {
            var position = state.Positions[id];
            // A key written at an earlier accumulator is a bound: the exact liquidation price now decides, as a fresh key would.
            if (stale && LiquidationIndex.LiquidationPrice(position, pair.LiquidationThreshold, state.BorrowIndex) < floor) continue;
            // The sale's value once; a health on the undiscounted debt at or above the threshold proves the position
            // healthy without the owner's tier and crowdloan lookups (most positions the scan visits are).
            var value = Books.HealthValue(view, p, position);
            if (Books.HealthPpb(value, position.AddedCollateral, Books.UndiscountedDebt(state, position)) >= pair.LiquidationThreshold.Value) continue;
            var debt = position.Borrowed + Books.OwedBorrowFee(view, state, p, position);
            if (Books.HealthPpb(value, position.AddedCollateral, debt) < pair.LiquidationThreshold.Value) found.Add(id);
        }
        found.Sort();
        return found;
    }

    /// <summary>
    /// The vault's TAO against everything the books say it owes: free LP liquidity, added collateral, pending LP
    /// fees, protocol fees, the buyback pool, liquidator rewards and owners' claims. Rounding leaves a surplus.
    /// </summary>
    public static SolvencyView Solvency(EngineView view)
    {
        var state = view.State<MarginState>();
        var held = Books.TaoOf(view, MarginModule.VaultAccount);
        var owed = Books.FreeLiquidity(state) + state.TotalAddedCollateral + state.PendingLpFees
            + state.ProtocolFees + state.BuybackPool;
        foreach (var r in state.LiquidatorRewards.Values) owed += r;
        foreach (var c in state.UserClaims.Values) owed += c;
        return new SolvencyView(held, owed, held.SaturatingSub(owed), held >= owed && state.LpAssets >= state.TotalBorrowed + state.InterestReceivable);
    }

    public static MarginSummary Summary(EngineView view)
    {
        var state = view.State<MarginState>();
        var p = view.Params<MarginParameters>();
        return new MarginSummary(Pool(state, p), Fees(state), Insurance(view, state), Buyback(state), Solvency(view), state.Liquidations,
            state.Pairs.Count, state.Positions.Count, state.Lps.Count);
    }

    /// <summary>What <c>ballast exec</c> shows of the margin module: the summary, every pair, position, LP, claim and tier.</summary>
    public static MarginView Describe(EngineView view, MarginState state)
    {
        var p = view.Params<MarginParameters>();
        var users = state.Positions.Values.Select(x => x.Owner).Concat(state.Crowdloan.Keys).Distinct().Order(StringComparer.Ordinal);
        return new MarginView(
            Pool(state, p), Fees(state), Insurance(view, state), Buyback(state), Solvency(view), state.Liquidations,
            state.Pairs.Values.Select(x => View(view, state, x)).ToList(),
            state.Positions.Values.Select(x => View(view, state, p, x)).ToList(),
            state.Lps.Where(kv => kv.Value.Shares != 0 || !kv.Value.PendingFees.IsZero || !kv.Value.PendingEmission.IsZero)
                .Select(kv => View(state, p, kv.Key, kv.Value)).ToList(),
            Copy(state.LiquidatorRewards), Copy(state.UserClaims), Copy(state.Crowdloan),
            users.Select(u => Tier(view, new TierQuery(u))).ToList());
    }

    // ---------- views ----------

    private static PoolView Pool(MarginState state, MarginParameters p)
    {
        var u = Books.Utilization(state);
        return new PoolView(state.LpAssets, state.TotalLpShares, LpShareValue(state), state.TotalBorrowed, Books.FreeLiquidity(state),
            u, BorrowRateModel.Rate(u, p), state.BorrowIndex, state.LastAccrualBlock, state.BreakerTripped);
    }

    private static FeesView Fees(MarginState state) => new(state.PendingLpFees, state.PendingLpEmission, state.ProtocolFees, state.BuybackPool,
        state.TotalTradingFees, state.TotalBorrowingFees, state.TotalLiquidationFees);

    private static InsuranceView Insurance(EngineView view, MarginState state) => new(Books.TaoOf(view, MarginModule.InsuranceAccount),
        state.InsuranceReceived, state.InsuranceDrawn, state.BadDebtCovered, state.BadDebtUncovered);

    private static BuybackView Buyback(MarginState state) => new(state.TaoSpentOnBuybacks, state.AlphaBoughtBack, state.AlphaBurned,
        state.LastBuybackBlock < 0 ? null : state.LastBuybackBlock);

    private static PairView View(EngineView view, MarginState state, AlphaPair pair) => new(pair.Netuid, pair.MaxLeverage,
        pair.LiquidationThreshold, pair.MaxSlippage, pair.Active, pair.TotalCollateral, pair.TotalBorrowed, pair.TotalAlpha,
        state.IndexOf(pair).Count, Books.Markets(view).SpotPrice(view, pair.Netuid));

    private static LpView View(MarginState state, MarginParameters p, string name, LiquidityProvider lp)
    {
        var (fees, emission) = Books.Claimable(state, lp);
        var value = state.TotalLpShares == 0 ? Amount.Zero : new Amount(FullMath.MulDiv(lp.Shares, state.LpAssets.Units, state.TotalLpShares, Rounding.Down));
        return new LpView(name, lp.Shares, value, fees, emission, lp.LastActionBlock, lp.LastActionBlock + p.LpCooldownBlocks);
    }

    private static PositionView View(EngineView view, MarginState state, MarginParameters p, Position position)
    {
        var pair = state.Pairs[position.Netuid];
        var health = Books.HealthPpb(view, state, p, position, out var value, out var debt);
        var fee = debt - position.Borrowed;
        var pnl = (Int128)value.Units - (Int128)debt.Units - (Int128)position.InitialCollateral.Units;
        state.Windows.TryGetValue(position.Id, out var window);
        // Between blocks at height h the next call is in block h + 1: whether it continues the window is the handler's rule.
        int calls = window is not null && !window.RestartsAt(view.Height + 1, p) ? window.Callers.Length : 0;
        return new PositionView(position.Id, position.Owner, position.Netuid, position.Alpha, position.InitialCollateral,
            position.AddedCollateral, position.Borrowed, position.Leverage, position.EntryPrice, position.OpenedAt, fee, value, debt, health,
            pair.LiquidationThreshold, health < pair.LiquidationThreshold.Value,
            LiquidationPrice(view, position, pair.LiquidationThreshold, debt), pnl, calls);
    }

    /// <summary>
    /// The pool price (TAO per alpha) at which the position's health reaches its threshold, for a constant-product
    /// pool whose k stays as it is now: solves T·a/(A + a) = threshold·debt − added with T·A = k. A display
    /// figure (double precision, nine decimals), not used by the engine.
    /// </summary>
    private static Fixed? LiquidationPrice(EngineView view, Position position, Ppb threshold, Amount debt)
    {
        var markets = Books.Markets(view);
        if (!markets.TryGetSubnet(view, position.Netuid, out _).Accepted) return null;
        var (tao, alpha) = markets.Reserves(view, position.Netuid);
        double k = (double)tao.Units / 1e9 * ((double)alpha.Units / 1e9);
        double a = (double)position.Alpha.Units / 1e9;
        double v = (double)debt.Units / 1e9 * threshold.Value / 1e9 - (double)position.AddedCollateral.Units / 1e9;
        if (v <= 0 || a <= 0 || k <= 0) return Fixed.Zero;
        double sk = Math.Sqrt(k);
        double s = (v * a + Math.Sqrt(v * v * a * a + 4 * k * a * v)) / (2 * sk * a);
        return Fixed.TryParse((s * s).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture), out var price) ? price : null;
    }

    private static SortedDictionary<string, Amount> Copy(Core.State.StateMap<string, Amount> map)
    {
        var copy = new SortedDictionary<string, Amount>(StringComparer.Ordinal);
        foreach (var (k, v) in map) copy.Add(k, v);
        return copy;
    }
}
