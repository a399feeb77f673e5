using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// What the risk controller reads from the perps engine and the levers it moves: the markets and their index, the
/// notional-weighted average leverage L̄, the open interest V_o in TAO, the unlocked cap, L_max, the new-leverage
/// halt and the depth of each market's virtual buffers. Reads take a view; writes the hook's context.
/// </summary>
public interface IPerpsLevers
{
    /// <summary>The markets' ids, in order.</summary>
    IReadOnlyList<string> Markets(EngineView view);

    /// <summary>The market's index now (a feed's post or a pool's TWAP); refused when the source is stale or unknown, or the market is.</summary>
    TxResult TryGetIndex(EngineView view, string market, out Fixed index);

    /// <summary>L̄: notional-weighted average open leverage (1 when nothing is open).</summary>
    Fixed AverageLeverage(EngineView view);

    /// <summary>V_o: open notional of all markets in TAO at their index.</summary>
    Fixed OpenInterestTao(EngineView view);

    /// <summary>The highest cap governance has unlocked so far.</summary>
    Fixed UnlockedCap(EngineView view);

    /// <summary>L_max now.</summary>
    Fixed MaxLeverage(EngineView view);

    /// <summary>True while new leverage is halted.</summary>
    bool LeverageHalted(EngineView view);

    /// <summary>Sets L_max to <paramref name="leverage"/>, never above the unlocked cap nor below 1×.</summary>
    void SetMaxLeverage(EngineContext ctx, Fixed leverage);

    /// <summary>Halts (true) or resumes (false) new leverage: while halted, <c>perps.open</c> is refused with <c>LeverageHalted</c>.</summary>
    void SetLeverageHalted(EngineContext ctx, bool halted);

    /// <summary>Scales the market's virtual reserves to <paramref name="scale"/>× their size at creation, keeping the mark (no-op for an unknown market or a scale ≤ 0).</summary>
    void SetDepth(EngineContext ctx, string market, Fixed scale);
}

/// <summary>The perps module's implementation of <see cref="IPerpsLevers"/>, over <see cref="PerpsState"/>.</summary>
internal sealed class PerpsLevers : IPerpsLevers
{
    public IReadOnlyList<string> Markets(EngineView view) => view.State<PerpsState>().MarketIds;

    public TxResult TryGetIndex(EngineView view, string market, out Fixed index)
    {
        index = Fixed.Zero;
        return view.State<PerpsState>().Markets.TryGetValue(market ?? "", out var m)
            ? PerpsBook.Index(view, m, out index)
            : TxResult.Reject(PerpsErrors.UnknownMarket, $"no market '{market}'");
    }

    public Fixed AverageLeverage(EngineView view) => PerpsBook.AverageLeverage(view);
    public Fixed OpenInterestTao(EngineView view) => PerpsBook.OpenInterestTao(view);
    public Fixed UnlockedCap(EngineView view) => PerpsBook.UnlockedCap(view.Params<PerpsParameters>(), view.State<PerpsState>().UnlockedCaps);
    public Fixed MaxLeverage(EngineView view) => view.State<PerpsState>().MaxLeverage;
    public bool LeverageHalted(EngineView view) => view.State<PerpsState>().LeverageHalted;

    public void SetMaxLeverage(EngineContext ctx, Fixed leverage) =>
        ctx.State<PerpsState>().MaxLeverage = Fixed.Max(Fixed.One, Fixed.Min(leverage, UnlockedCap(ctx)));

    public void SetLeverageHalted(EngineContext ctx, bool halted) => ctx.State<PerpsState>().LeverageHalted = halted;

    public void SetDepth(EngineContext ctx, string market, Fixed scale)
    {
        if (!ctx.State<PerpsState>().Markets.TryGetValue(market ?? "", out var m)) return;
        if (scale == m.DepthScale || !scale.IsPositive) return;
        var factor = scale.Div(m.DepthScale, Rounding.Down);
        m.BaseReserve = m.BaseReserve.Mul(factor, Rounding.Down);
        m.QuoteReserve = m.QuoteReserve.Mul(factor, Rounding.Down);
        m.DepthScale = scale;
    }
}
