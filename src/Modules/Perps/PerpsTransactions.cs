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

public sealed record ClosePerp(long PositionId) : ITransaction;

/// <summary>Liquidates a position whose adverse index move reached (1 − μ)/L (anyone; the block hook also does it).</summary>
public sealed record LiquidatePerp(long PositionId) : ITransaction;

/// <summary>Lenders back traders' profits and take losses beyond the Insurance Pool; they earn trading fees.</summary>
public sealed record DepositPerpLiquidity(Amount Amount) : ITransaction;
public sealed record WithdrawPerpLiquidity(Amount Amount) : ITransaction;

/// <summary>Unlocks the next leverage cap (governor) when the insurance reserve and the risk controller allow it.</summary>
public sealed record UnlockLeverageCap() : ITransaction;

public sealed record MarketCreated(string Market, string IndexSource, Fixed BaseReserve, Fixed QuoteReserve) : IEvent;
public sealed record PerpOpened(long PositionId, string Trader, string Market, PerpSide Side, Amount Margin, Fixed Leverage, Fixed Size, Fixed EntryPrice, Fixed LiquidationPrice, Amount Fee, Amount Premium) : IEvent;
public sealed record PerpClosed(long PositionId, string Trader, Fixed ExitNotional, Amount Pnl, bool Profit, Amount Funding, bool FundingPaid, Amount Fee, Amount Paid) : IEvent;
public sealed record PerpLiquidated(long PositionId, string Trader, Fixed Index, Amount Loss, Amount InsurancePaid, Amount LenderLoss, Amount Penalty, Amount Returned) : IEvent;
public sealed record FundingSettled(string Market, Fixed MarkTwap, Fixed IndexTwap, Fixed Rate, Fixed Cumulative) : IEvent;
public sealed record LeverageCapUnlocked(int Step, Fixed Cap) : IEvent;
public sealed record PerpLiquidityChanged(string Lender, Amount Amount, UInt128 Shares, bool Deposit) : IEvent;
