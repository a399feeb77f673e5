using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

public enum PerpSide { Long, Short }

/// <summary>
/// Creates a market (governor): a vAMM with <paramref name="BaseReserve"/> virtual base units priced at the index now,
/// the index source (e.g. <c>subnet:3</c> or <c>TAO/USD</c>) and an optional guard source for the manipulation check.
/// </summary>
public sealed record CreateMarket(string Market, string IndexSource, Fixed BaseReserve, bool QuoteIsTao = true, string? GuardSource = null) : ITransaction;

/// <summary>Opens a position with <paramref name="Margin"/> TAO at <paramref name="Leverage"/>; pays the trading fee and the premium ψ(L) on top.</summary>
public sealed record OpenPerp(string Market, PerpSide Side, Amount Margin, Fixed Leverage) : ITransaction;

/// <summary>Closes the sender's position on the vAMM at the index now: pays margin + PnL − funding − close fee (refused when underwater: it can only be liquidated).</summary>
public sealed record ClosePerp(long PositionId) : ITransaction;

/// <summary>Liquidates a position whose adverse index move reached (1 − μ)/L (anyone; the block hook also does it).</summary>
public sealed record LiquidatePerp(long PositionId) : ITransaction;

/// <summary>Lenders back traders' profits and take losses beyond the Insurance Pool; they earn trading fees.</summary>
public sealed record DepositPerpLiquidity(Amount Amount) : ITransaction;
/// <summary>A lender takes TAO out of the vault, burning shares, while the lenders' assets stay above MinLpCoveragePpb of open interest.</summary>
public sealed record WithdrawPerpLiquidity(Amount Amount) : ITransaction;

/// <summary>Unlocks the next leverage cap (governor) when the insurance reserve and the risk controller allow it.</summary>
public sealed record UnlockLeverageCap() : ITransaction;

/// <summary><c>perps.marketCreated</c>: a vAMM market on an index source, with its virtual reserves.</summary>
public sealed record MarketCreated(string Market, string IndexSource, Fixed BaseReserve, Fixed QuoteReserve) : IEvent;
/// <summary><c>perps.opened</c>: a position with its size, entry and liquidation price, the trading fee (to lenders) and the premium ψ(L) (to the Insurance Pool).</summary>
public sealed record PerpOpened(long PositionId, string Trader, string Market, PerpSide Side, Amount Margin, Fixed Leverage, Fixed Size, Fixed EntryPrice, Fixed LiquidationPrice, Amount Fee, Amount Premium) : IEvent;
/// <summary><c>perps.closed</c>: PnL and funding as magnitudes with their sign (<c>Profit</c>, <c>FundingPaid</c>), the close fee and what the trader was paid.</summary>
public sealed record PerpClosed(long PositionId, string Trader, Fixed ExitNotional, Amount Pnl, bool Profit, Amount Funding, bool FundingPaid, Amount Fee, Amount Paid) : IEvent;
/// <summary><c>perps.liquidated</c>: a loss beyond the margin (paid by the pool and on the lenders), or the penalty and what was returned.</summary>
public sealed record PerpLiquidated(long PositionId, string Trader, Fixed Index, Amount Loss, Amount InsurancePaid, Amount LenderLoss, Amount Penalty, Amount Returned) : IEvent;
/// <summary><c>perps.fundingSettled</c>: one interval's funding rate from the mark and index TWAPs (longs pay when positive) and the cumulative funding per unit.</summary>
public sealed record FundingSettled(string Market, Fixed MarkTwap, Fixed IndexTwap, Fixed Rate, Fixed Cumulative) : IEvent;
/// <summary><c>perps.capUnlocked</c>: unlock step <c>Step</c> (2–4) and its cap.</summary>
public sealed record LeverageCapUnlocked(int Step, Fixed Cap) : IEvent;
/// <summary><c>perps.liquidityChanged</c>: a lender's deposit (shares minted) or withdrawal (shares burned).</summary>
public sealed record PerpLiquidityChanged(string Lender, Amount Amount, UInt128 Shares, bool Deposit) : IEvent;
