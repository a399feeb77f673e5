using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Margin;

/// <summary>The fee a <see cref="FeeDistributed"/> event splits: each kind has its own LP/liquidator/protocol split.</summary>
public enum FeeKind
{
    /// <summary>On gross notional at open and on proceeds at close.</summary>
    Trading,
    /// <summary>Interest on the borrowed TAO, paid at close or liquidation.</summary>
    Borrowing,
    /// <summary>On gross liquidation proceeds.</summary>
    Liquidation,
}

// Declared in MarginModule.Configure with their stable names (margin.opened, margin.feeDistributed, ...). Rates are
// Ppb/Bps (plain integers in JSON); LiquidationCalled.HealthPpb is a ratio that may be long.MaxValue (no debt).

public sealed record PairAdded(int Netuid, Fixed MaxLeverage, Ppb LiquidationThresholdPpb, Bps MaxSlippageBps) : IEvent;
public sealed record PairUpdated(int Netuid, Fixed MaxLeverage, Ppb LiquidationThresholdPpb, Bps MaxSlippageBps, bool Active) : IEvent;
public sealed record LiquidityDeposited(string Lp, Amount Amount, UInt128 Shares) : IEvent;
public sealed record LiquidityWithdrawn(string Lp, Amount Amount, UInt128 Shares) : IEvent;
public sealed record LpFeesClaimed(string Lp, Amount Amount) : IEvent;
public sealed record LpEmissionsClaimed(string Lp, string Token, Amount Amount) : IEvent;
public sealed record PositionOpened(long PositionId, string Owner, int Netuid, Amount Collateral, Amount Borrowed, Amount Alpha, Fixed Leverage, Amount TradingFee, int Tier, Ppb DiscountPpb) : IEvent;
public sealed record CollateralAdded(long PositionId, Amount Amount) : IEvent;
public sealed record PositionClosed(long PositionId, Amount Alpha, Amount Proceeds, Amount Repaid, Amount BorrowingFee, Amount TradingFee, Amount InsuranceCut, Amount PaidOut, bool Full) : IEvent;
public sealed record LiquidationCalled(long PositionId, string Caller, int Confirmation, int Needed, long HealthPpb) : IEvent;
public sealed record PositionLiquidated(long PositionId, string Owner, Amount Proceeds, Amount DebtRepaid, Amount InterestPaid, Amount LiquidationFee, Amount ToOwner, Amount Shortfall) : IEvent;
public sealed record LiquidatorRewarded(long PositionId, string Liquidator, Amount Reward) : IEvent;
public sealed record BadDebt(long PositionId, Amount Shortfall, Amount CoveredByInsurance, Amount Uncovered) : IEvent;
public sealed record LiquidatorRewardsClaimed(string Liquidator, Amount Amount) : IEvent;
public sealed record ProceedsClaimed(string Owner, Amount Amount) : IEvent;
public sealed record FeeDistributed(FeeKind Kind, Amount Fee, Amount ToLps, Amount ToInsurance, Amount ToProtocol) : IEvent;
public sealed record BorrowFeesAccrued(Ppb UtilizationPpb, Ppb RatePpb, UInt128 BorrowIndex) : IEvent;
public sealed record ProtocolFeesWithdrawn(Amount Total, Amount ToOwner, Amount ToBuyback, Amount ToInsurance, Amount ToTreasury) : IEvent;
public sealed record BuybackExecuted(Amount Tao, Amount Alpha) : IEvent;
public sealed record BoughtAlphaBurned(Amount Alpha) : IEvent;
public sealed record InsuranceDrawn(Amount Amount, string By) : IEvent;
public sealed record CrowdloanContributed(string Contributor, Amount Amount) : IEvent;
public sealed record CrowdloanWithdrawn(string Contributor, Amount Amount) : IEvent;
public sealed record CircuitBreaker(bool Tripped, string Reason) : IEvent;
public sealed record EmissionsReceived(Amount ToLps, Amount ToInsurance) : IEvent;
