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

    /// <summary>
    /// Sets the market's depth to <paramref name="scale"/>× its depth at creation, keeping the traders' net size. The
    /// traders' aggregate exit value changes by peg·n²·(D − D')/((D' − n)(D − n)): a loss to them goes into the depth
    /// budget, a gain is paid out of it, and a change whose gain the budget cannot pay is not made (false; the
    /// controller tries again next block). False too for an unknown market or a scale ≤ 0.
    /// </summary>
    bool SetDepth(EngineContext ctx, string market, Fixed scale);

    /// <summary>The controller's per-block σ estimate of the market's index, which prices the premium's tail term.</summary>
    void SetVolatility(EngineContext ctx, string market, Fixed sigmaPerBlock);
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

    public bool SetDepth(EngineContext ctx, string market, Fixed scale)
    {
        var state = ctx.State<PerpsState>();
        if (!state.Markets.TryGetValue(market ?? "", out var m) || !scale.IsPositive) return false;
        if (scale == m.DepthScale) return true;
        var (depth, newDepth, n) = (m.Depth, m.CreationDepth.Mul(scale, Rounding.Down), m.NetSize);
        if (!(newDepth - n).IsPositive || !(depth - n).IsPositive) return false;
        // ΔV = peg·n²·(D − D')/((D' − n)(D − n)), rounded against the traders.
        bool gain = newDepth < depth && !n.IsZero;
        // Formed from ratios (n/(D' − n) and (D − D')/(D − n) are small) so nothing leaves the Fixed range at any depth.
        var up = gain ? Rounding.Up : Rounding.Down;
        var magnitude = n.Abs().Mul(n.Abs().Div(newDepth - n, up), up).Mul((depth - newDepth).Abs().Div(depth - n, up), up).Mul(m.Peg, up);
        
        var tao = m.QuoteIsTao ? magnitude : magnitude.Div(m.Peg, gain ? Rounding.Up : Rounding.Down);
        var value = gain ? PerpsBook.FixedToTaoUp(tao) : PerpsBook.FixedToTao(tao);
        if (gain)
        {
            if (value > state.DepthBudget) return false;
            state.DepthBudget -= value;
            state.DepthCostPaid += value;
        }
        else
        {
            state.DepthBudget += value;
            state.DepthGainKept += value;
        }
        m.Depth = newDepth;
        m.DepthScale = scale;
        ctx.Emit(new DepthChanged(m.Id, scale, value, gain, state.DepthBudget));
        return true;
    }

    public void SetVolatility(EngineContext ctx, string market, Fixed sigmaPerBlock)
    {
        if (ctx.State<PerpsState>().Markets.TryGetValue(market ?? "", out var m) && m.SigmaPerBlock != sigmaPerBlock) m.SigmaPerBlock = sigmaPerBlock;
    }
}
