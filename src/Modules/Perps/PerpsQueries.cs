using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary><c>perps.position</c>: one open position, or null.</summary>
public sealed record PerpPositionQuery(long PositionId) : IQuery<PerpPositionView?>;

/// <summary><c>perps.positions</c>: the open positions, all or one trader's, by id.</summary>
public sealed record PerpPositionsQuery(string? Trader = null) : IQuery<PerpPositionsView>;

/// <summary><c>perps.market</c>: one market, or null.</summary>
public sealed record PerpMarketQuery(string Market) : IQuery<PerpMarketView?>;

/// <summary><c>perps.lender</c>: one lender's shares and what they are worth now.</summary>
public sealed record PerpLenderQuery(string Lender) : IQuery<PerpLenderView>;

/// <summary><c>perps.vault</c>: the lenders' vault.</summary>
public sealed record PerpVaultQuery : IQuery<PerpVaultView>;

/// <summary><c>perps.summary</c>: leverage state, vault, totals and markets (everything but the positions).</summary>
public sealed record PerpsSummaryQuery : IQuery<PerpsSummaryView>;

/// <summary>
/// An account's net position in a market: its terms, and — when the index is available and the vAMM can take the
/// exit — its equity if closed now (margin + PnL through the vAMM − funding − close fee, signed rao; for an underwater
/// position the fee it would owe is counted), the funding it owes (signed rao; negative: it is owed funding), its
/// maintenance requirement (rao) and whether it is liquidatable now.
/// </summary>
public sealed record PerpPositionView(
    long Id, string Trader, string Market, PerpSide Side, Fixed Size, Fixed OpenNotional, Amount Margin, Fixed Leverage,
    Fixed EntryPrice, long OpenedAt, Int128? EquityRao, Int128? FundingOwedRao, Amount? Maintenance, bool Liquidatable);

public sealed record PerpPositionsView(IReadOnlyList<PerpPositionView> Positions);

/// <summary>
/// A market: its vAMM (depth, net size, reserves, peg, mark, depth scale), its index now (null when unavailable), the
/// controller's σ, funding, open interest and each side's cap under the price band.
/// </summary>
public sealed record PerpMarketView(
    string Id, string IndexSource, string? GuardSource, bool QuoteIsTao, Fixed Mark, Fixed Peg, Fixed DepthScale, Fixed? Index,
    Fixed Depth, Fixed NetSize, Fixed BaseReserve, Fixed QuoteReserve, Fixed SigmaPerBlock, Fixed CumulativeFunding, Fixed LastFundingRate, long LastFundingBlock,
    Fixed LongSize, Fixed ShortSize, Fixed MaxLongSize, Fixed MaxShortSize, Fixed OpenNotional, int OpenPositions);

/// <summary>A lender's shares of the vault and their value: shares·lenders' assets/all shares, rounded down.</summary>
public sealed record PerpLenderView(string Lender, UInt128 Shares, Amount Value);

/// <summary>
/// The vault: its TAO (lenders' assets plus open margins), the lenders' assets and shares, the open interest in TAO,
/// and the lenders' assets that must stay while it is open (MinLpCoveragePpb of it).
/// </summary>
public sealed record PerpVaultView(Amount Vault, Amount LenderAssets, UInt128 LenderShares, Amount TotalMargin, Fixed OpenInterestTao, Amount MinLenderAssets);

/// <summary>What the engine has done since genesis: fees earned by lenders, losses on them, pool payouts, unpaid profit, net funding from traders (signed rao) and liquidations.</summary>
public sealed record PerpsTotals(Amount FeesToLenders, Amount LenderLosses, Amount InsurancePaid, Amount UnpaidProfit, Int128 FundingFromTraders, long Liquidations);

/// <summary>The engine now: L_max within the unlocked cap, the halt, the vault, V_o and L̄, totals and markets.</summary>
public sealed record PerpsSummaryView(
    Fixed MaxLeverage, Fixed UnlockedCap, int UnlockedCaps, bool LeverageHalted, Amount Vault, Amount LenderAssets, UInt128 LenderShares,
    Amount TotalMargin, Fixed OpenInterestTao, Fixed AverageLeverage, int OpenPositions, PerpsTotals Totals, IReadOnlyList<PerpMarketView> Markets);

/// <summary>The module's state as <c>ballast exec</c> shows it: the summary, the lenders and every open position.</summary>
public sealed record PerpsView(PerpsSummaryView Summary, IReadOnlyList<PerpLenderView> Lenders, IReadOnlyList<PerpPositionView> Positions);

internal static class PerpsQueries
{
    public static PerpPositionView? Position(EngineView view, long id)
    {
        var state = view.State<PerpsState>();
        return state.Positions.TryGetValue(id, out var p) ? PositionView(view, state, view.Params<PerpsParameters>(), p) : null;
    }

    public static PerpPositionsView Positions(EngineView view, string? trader)
    {
        var state = view.State<PerpsState>();
        var p = view.Params<PerpsParameters>();
        return new PerpPositionsView(state.Positions.Values.Where(x => trader is null || x.Trader == trader).Select(x => PositionView(view, state, p, x)).ToList());
    }

    public static PerpMarketView? Market(EngineView view, string id) =>
        view.State<PerpsState>().Markets.TryGetValue(id ?? "", out var m) ? MarketView(view, m) : null;

    public static PerpLenderView Lender(EngineView view, string lender)
    {
        var state = view.State<PerpsState>();
        var shares = state.Lenders.GetValueOrDefault(lender ?? "");
        var value = shares == 0 ? Amount.Zero : new Amount(FullMath.MulDiv(shares, PerpsBook.LenderAssets(view).Units, state.LenderShares, Rounding.Down));
        return new PerpLenderView(lender ?? "", shares, value);
    }

    public static PerpVaultView Vault(EngineView view)
    {
        var state = view.State<PerpsState>();
        var openInterest = PerpsBook.OpenInterestTao(view);
        var required = view.Params<PerpsParameters>().MinLpCoveragePpb.Of(PerpsBook.FixedToTao(openInterest), Rounding.Up);
        return new PerpVaultView(PerpsBook.Vault(view), PerpsBook.LenderAssets(view), state.LenderShares, state.TotalMargin, openInterest, required);
    }

    public static PerpsSummaryView Summary(EngineView view)
    {
        var state = view.State<PerpsState>();
        var p = view.Params<PerpsParameters>();
        return new PerpsSummaryView(
            MaxLeverage: state.MaxLeverage,
            UnlockedCap: PerpsBook.UnlockedCap(p, state.UnlockedCaps),
            UnlockedCaps: state.UnlockedCaps,
            LeverageHalted: state.LeverageHalted,
            Vault: PerpsBook.Vault(view),
            LenderAssets: PerpsBook.LenderAssets(view),
            LenderShares: state.LenderShares,
            TotalMargin: state.TotalMargin,
            OpenInterestTao: PerpsBook.OpenInterestTao(view),
            AverageLeverage: PerpsBook.AverageLeverage(view),
            OpenPositions: state.Positions.Count,
            Totals: new PerpsTotals(state.FeesToLenders, state.LenderLosses, state.InsurancePaid, state.UnpaidProfit, state.FundingFromTradersRao, state.Liquidations),
            Markets: state.Markets.Values.Select(m => MarketView(view, m)).ToList());
    }

    public static PerpsView State(EngineView view)
    {
        var state = view.State<PerpsState>();
        var p = view.Params<PerpsParameters>();
        return new PerpsView(
            Summary(view),
            state.Lenders.Keys.Select(l => Lender(view, l)).ToList(),
            state.Positions.Values.Select(x => PositionView(view, state, p, x)).ToList());
    }

    private static PerpMarketView MarketView(EngineView view, PerpMarket m)
    {
        var (maxLong, maxShort) = PerpsBook.SideCaps(view.Params<PerpsParameters>(), m.CreationDepth);
        return new(m.Id, m.IndexSource, m.GuardSource, m.QuoteIsTao, m.Mark, m.Peg, m.DepthScale,
            PerpsBook.Index(view, m, out var index).Accepted ? index : null,
            m.Depth, m.NetSize, m.BaseReserve, m.QuoteReserve, m.SigmaPerBlock, m.CumulativeFunding, m.LastFundingRate, m.LastFundingBlock,
            m.LongSize, m.ShortSize, maxLong, maxShort, m.OpenNotional, m.OpenIds.Count);
    }

    private static PerpPositionView PositionView(EngineView view, PerpsState state, PerpsParameters p, PerpPosition position)
    {
        var market = state.Markets[position.Market];
        Int128? equity = null, funding = null;
        Amount? maintenance = null;
        bool liquidatable = false;
        if (PerpsBook.Index(view, market, out var index).Accepted)
        {
            liquidatable = PerpsBook.IsLiquidatable(market, position, p, index, out var s);
            if (PerpsBook.TrySettle(market, position, p, index, out s))
                (equity, funding, maintenance) = (s.EquityRao, s.FundingRao, PerpsBook.Maintenance(p, position.Margin, s.ExitTao));
        }
        return new PerpPositionView(position.Id, position.Trader, position.Market, position.Side, position.Size, position.OpenNotional,
            position.Margin, position.Leverage, position.EntryPrice, position.OpenedAt, equity, funding, maintenance, liquidatable);
    }
}
