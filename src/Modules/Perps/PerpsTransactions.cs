using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

public enum PerpSide { Long, Short }

/// <summary>
/// Creates a market (governor): a vAMM of depth <paramref name="BaseReserve"/> virtual base units a side priced at the
/// index now, the index source (e.g. <c>subnet:3</c> or <c>TAO/USD</c>) and a guard source for the bound check
/// (required when the index is a subnet pool's TWAP: the seed's multi-source TWAP with a bound check).
/// </summary>
public sealed record CreateMarket(string Market, string IndexSource, Fixed BaseReserve, bool QuoteIsTao = true, string? GuardSource = null) : ITransaction;

/// <summary>
/// An order of notional <paramref name="Margin"/>·<paramref name="Leverage"/> TAO. An account holds one net position
/// per market: with none, or one on the same side, it opens or adds to it (margin, fee and the premium ψ(L) on
/// notional paid on top); against one on the other side it first reduces it (the closed fraction settled as a close,
/// no margin taken), and what is left of the order opens the other way with its share of the margin.
/// </summary>
public sealed record OpenPerp(string Market, PerpSide Side, Amount Margin, Fixed Leverage) : ITransaction;

/// <summary>Closes the sender's position on the vAMM at the index now: pays margin + PnL − funding − close fee (refused when underwater: it can only be liquidated).</summary>
public sealed record ClosePerp(long PositionId) : ITransaction;

/// <summary>Liquidates a position whose equity through the vAMM (funding and exit fee counted) is below its maintenance requirement (anyone; the block hook also does it).</summary>
public sealed record LiquidatePerp(long PositionId) : ITransaction;

/// <summary>Lenders back traders' profits and take losses beyond the Insurance Pool; they earn trading fees.</summary>
public sealed record DepositPerpLiquidity(Amount Amount) : ITransaction;
/// <summary>A lender takes TAO out of the vault, burning shares, while the lenders' assets stay above MinLpCoveragePpb of open interest.</summary>
public sealed record WithdrawPerpLiquidity(Amount Amount) : ITransaction;

/// <summary>Unlocks the next leverage cap (governor) when the insurance reserve and the risk controller allow it.</summary>
public sealed record UnlockLeverageCap() : ITransaction;

/// <summary><c>perps.marketCreated</c>: a vAMM market on an index source, with its virtual reserves.</summary>
public sealed record MarketCreated(string Market, string IndexSource, Fixed BaseReserve, Fixed QuoteReserve) : IEvent;
/// <summary>
/// <c>perps.opened</c>: an order that opened or added to a position (<c>Added</c>): the order's margin, leverage and size, the
/// position's size, entry and maintenance requirement after it, the trading fee (to lenders) and the premium ψ(L) (to the Insurance Pool).
/// </summary>
public sealed record PerpOpened(long PositionId, string Trader, string Market, PerpSide Side, Amount Margin, Fixed Leverage, Fixed Size,
    Fixed PositionSize, Fixed EntryPrice, Amount Maintenance, bool Added, Amount Fee, Amount Premium) : IEvent;
/// <summary>
/// <c>perps.closed</c>: the fraction of the position closed (1 for all of it; an order on the other side reduces it), PnL and
/// funding as magnitudes with their sign (<c>Profit</c>, <c>FundingPaid</c>), the close fee and what the trader was paid.
/// </summary>
public sealed record PerpClosed(long PositionId, string Trader, Fixed Fraction, Fixed ExitNotional, Amount Pnl, bool Profit, Amount Funding, bool FundingPaid, Amount Fee, Amount Paid) : IEvent;
/// <summary><c>perps.liquidated</c>: a loss beyond the margin (paid by the pool and on the lenders), or the penalty and what was returned.</summary>
public sealed record PerpLiquidated(long PositionId, string Trader, Fixed Index, Amount Loss, Amount InsurancePaid, Amount LenderLoss, Amount Penalty, Amount Returned) : IEvent;
/// <summary><c>perps.fundingSettled</c>: the funding rate for the next interval from the mark and index TWAPs (longs pay when positive; it accrues every block at rate/interval) and the cumulative funding per unit so far.</summary>
public sealed record FundingSettled(string Market, Fixed MarkTwap, Fixed IndexTwap, Fixed Rate, Fixed Cumulative) : IEvent;
/// <summary><c>perps.capUnlocked</c>: unlock step <c>Step</c> (2–4) and its cap.</summary>
public sealed record LeverageCapUnlocked(int Step, Fixed Cap) : IEvent;
/// <summary><c>perps.liquidityChanged</c>: a lender's deposit (shares minted) or withdrawal (shares burned).</summary>
public sealed record PerpLiquidityChanged(string Lender, Amount Amount, UInt128 Shares, bool Deposit) : IEvent;
/// <summary>
/// <c>perps.depthChanged</c>: the controller moved a market's depth to <c>Scale</c>× its depth at creation, keeping the net size;
/// the traders' aggregate exit value changed by <c>TradersValue</c> (<c>TradersGained</c>: out of the depth budget; otherwise into it).
/// </summary>
public sealed record DepthChanged(string Market, Fixed Scale, Amount TradersValue, bool TradersGained, Amount Budget) : IEvent;
