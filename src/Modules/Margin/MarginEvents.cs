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

/// <summary>
/// The manager listed subnet <paramref name="Netuid"/>'s alpha as a pair: leverage up to
/// <paramref name="MaxLeverage"/>×, liquidation below health <paramref name="LiquidationThresholdPpb"/> (ppb), slippage
/// limits of open and close up to <paramref name="MaxSlippageBps"/> (bps).
/// </summary>
public sealed record PairAdded(int Netuid, Fixed MaxLeverage, Ppb LiquidationThresholdPpb, Bps MaxSlippageBps) : IEvent;
/// <summary>
/// The manager changed pair <paramref name="Netuid"/>'s terms (as in <see cref="PairAdded"/>); while
/// <paramref name="Active"/> is false it opens no new positions.
/// </summary>
public sealed record PairUpdated(int Netuid, Fixed MaxLeverage, Ppb LiquidationThresholdPpb, Bps MaxSlippageBps, bool Active) : IEvent;
/// <summary>
/// <paramref name="Lp"/> deposited <paramref name="Amount"/> TAO into the lending pool for <paramref name="Shares"/> LP
/// shares at the current share value.
/// </summary>
public sealed record LiquidityDeposited(string Lp, Amount Amount, UInt128 Shares) : IEvent;
/// <summary>
/// <paramref name="Lp"/> withdrew <paramref name="Amount"/> TAO from the lending pool, burning
/// <paramref name="Shares"/> LP shares.
/// </summary>
public sealed record LiquidityWithdrawn(string Lp, Amount Amount, UInt128 Shares) : IEvent;
/// <summary><paramref name="Lp"/> was paid <paramref name="Amount"/> TAO, its accrued share of the LP fees.</summary>
public sealed record LpFeesClaimed(string Lp, Amount Amount) : IEvent;
/// <summary>
/// <paramref name="Lp"/> was paid <paramref name="Amount"/> of <paramref name="Token"/> (the protocol subnet's alpha),
/// its accrued share of the LP emissions.
/// </summary>
public sealed record LpEmissionsClaimed(string Lp, string Token, Amount Amount) : IEvent;
/// <summary>
/// <paramref name="Owner"/> opened long position <paramref name="PositionId"/> on subnet <paramref name="Netuid"/>:
/// <paramref name="Collateral"/> TAO plus <paramref name="Borrowed"/> TAO, less the <paramref name="TradingFee"/>
/// (TAO), bought <paramref name="Alpha"/> at <paramref name="Leverage"/>×. The fee was reduced by
/// <paramref name="DiscountPpb"/> (ppb: the discount of the owner's tier <paramref name="Tier"/> plus its crowdloan
/// discount, capped).
/// </summary>
public sealed record PositionOpened(long PositionId, string Owner, int Netuid, Amount Collateral, Amount Borrowed, Amount Alpha, Fixed Leverage, Amount TradingFee, int Tier, Ppb DiscountPpb) : IEvent;
/// <summary>
/// The owner added <paramref name="Amount"/> TAO of collateral to position <paramref name="PositionId"/>.
/// </summary>
public sealed record CollateralAdded(long PositionId, Amount Amount) : IEvent;
/// <summary>
/// Position <paramref name="PositionId"/> sold <paramref name="Alpha"/> for <paramref name="Proceeds"/> TAO, repaid
/// <paramref name="Repaid"/> of principal, paid <paramref name="BorrowingFee"/> and <paramref name="TradingFee"/>, gave
/// <paramref name="InsuranceCut"/> of its profit to insurance and paid the owner <paramref name="PaidOut"/>, released
/// added collateral included (all TAO); <paramref name="Full"/> when the whole position was closed.
/// </summary>
public sealed record PositionClosed(long PositionId, Amount Alpha, Amount Proceeds, Amount Repaid, Amount BorrowingFee, Amount TradingFee, Amount InsuranceCut, Amount PaidOut, bool Full) : IEvent;
/// <summary>
/// <paramref name="Caller"/> made consecutive-block liquidation call <paramref name="Confirmation"/> of the
/// <paramref name="Needed"/> that liquidate position <paramref name="PositionId"/>, whose health ((sale value + added
/// collateral)/debt) was <paramref name="HealthPpb"/> ppb.
/// </summary>
public sealed record LiquidationCalled(long PositionId, string Caller, int Confirmation, int Needed, long HealthPpb) : IEvent;
/// <summary>
/// <paramref name="Owner"/>'s position <paramref name="PositionId"/> was liquidated: its <paramref name="Proceeds"/>
/// (alpha sale + added collateral, TAO) repaid <paramref name="DebtRepaid"/> of principal and
/// <paramref name="InterestPaid"/> of interest, paid <paramref name="LiquidationFee"/> and left
/// <paramref name="ToOwner"/> as the owner's claim; <paramref name="Shortfall"/> is principal left unpaid.
/// </summary>
public sealed record PositionLiquidated(long PositionId, string Owner, Amount Proceeds, Amount DebtRepaid, Amount InterestPaid, Amount LiquidationFee, Amount ToOwner, Amount Shortfall) : IEvent;
/// <summary>
/// <paramref name="Liquidator"/>, a caller of position <paramref name="PositionId"/>'s liquidation, was credited
/// <paramref name="Reward"/> TAO of the liquidation fee (claimed with <c>margin.claimLiquidatorRewards</c>).
/// </summary>
public sealed record LiquidatorRewarded(long PositionId, string Liquidator, Amount Reward) : IEvent;
/// <summary>
/// Liquidating position <paramref name="PositionId"/> left <paramref name="Shortfall"/> TAO of principal unpaid: the
/// insurance fund covered <paramref name="CoveredByInsurance"/> and <paramref name="Uncovered"/> was written off the
/// LPs' assets.
/// </summary>
public sealed record BadDebt(long PositionId, Amount Shortfall, Amount CoveredByInsurance, Amount Uncovered) : IEvent;
/// <summary>
/// <paramref name="Liquidator"/> was paid <paramref name="Amount"/> TAO, its accrued liquidator rewards.
/// </summary>
public sealed record LiquidatorRewardsClaimed(string Liquidator, Amount Amount) : IEvent;
/// <summary>
/// <paramref name="Owner"/> was paid <paramref name="Amount"/> TAO that liquidations had left to its positions.
/// </summary>
public sealed record ProceedsClaimed(string Owner, Amount Amount) : IEvent;
/// <summary>
/// A <paramref name="Kind"/> fee of <paramref name="Fee"/> TAO was split: <paramref name="ToLps"/> to the LPs,
/// <paramref name="ToInsurance"/> to insurance (cut from the LP share), <paramref name="ToProtocol"/> to protocol fees;
/// what is left of a liquidation fee goes to its liquidators.
/// </summary>
public sealed record FeeDistributed(FeeKind Kind, Amount Fee, Amount ToLps, Amount ToInsurance, Amount ToProtocol) : IEvent;
/// <summary>
/// The borrow accumulator advanced one period by <paramref name="RatePpb"/> (ppb of principal), the rate utilisation
/// <paramref name="UtilizationPpb"/> (ppb) gives; <paramref name="BorrowIndex"/> is the cumulative rate in ppb.
/// </summary>
public sealed record BorrowFeesAccrued(Ppb UtilizationPpb, Ppb RatePpb, UInt128 BorrowIndex) : IEvent;
/// <summary>
/// The manager routed <paramref name="Total"/> TAO of accrued protocol fees: <paramref name="ToOwner"/> to the owner
/// multisig, <paramref name="ToBuyback"/> to the buyback pool, <paramref name="ToInsurance"/> to insurance and
/// <paramref name="ToTreasury"/> to the treasury.
/// </summary>
public sealed record ProtocolFeesWithdrawn(Amount Total, Amount ToOwner, Amount ToBuyback, Amount ToInsurance, Amount ToTreasury) : IEvent;
/// <summary>
/// The buyback pool's <paramref name="Tao"/> TAO bought <paramref name="Alpha"/> of the protocol subnet's alpha, held
/// until it is burned.
/// </summary>
public sealed record BuybackExecuted(Amount Tao, Amount Alpha) : IEvent;
/// <summary><paramref name="Alpha"/> of bought-back protocol-subnet alpha was burned.</summary>
public sealed record BoughtAlphaBurned(Amount Alpha) : IEvent;
/// <summary>
/// The manager <paramref name="By"/> moved <paramref name="Amount"/> TAO from the insurance fund into the LP pool.
/// </summary>
public sealed record InsuranceDrawn(Amount Amount, string By) : IEvent;
/// <summary><paramref name="Contributor"/> locked <paramref name="Amount"/> TAO in the crowdloan.</summary>
public sealed record CrowdloanContributed(string Contributor, Amount Amount) : IEvent;
/// <summary>
/// <paramref name="Contributor"/> took back its whole crowdloan contribution, <paramref name="Amount"/> TAO.
/// </summary>
public sealed record CrowdloanWithdrawn(string Contributor, Amount Amount) : IEvent;
/// <summary>
/// The circuit breaker tripped (<paramref name="Tripped"/>: LP liquidity below the minimum or utilisation above the
/// cap, which halts opening, claims, buybacks and burns) or reset; <paramref name="Reason"/> says why.
/// </summary>
public sealed record CircuitBreaker(bool Tripped, string Reason) : IEvent;
/// <summary>
/// Protocol-subnet alpha that reached <c>margin:emissions</c> was split at block end: <paramref name="ToLps"/> to the
/// LPs (claimed with <c>margin.claimLpEmissions</c>), <paramref name="ToInsurance"/> to insurance.
/// </summary>
public sealed record EmissionsReceived(Amount ToLps, Amount ToInsurance) : IEvent;

/// <summary>Protocol-subnet alpha locked for tiers.</summary>
public sealed record TierAlphaLocked(string User, Amount Alpha, Amount TotalLocked) : IEvent;

/// <summary>Locked tier alpha returned to its owner.</summary>
public sealed record TierAlphaUnlocked(string User, Amount Alpha, Amount TotalLocked) : IEvent;

/// <summary>
/// Per-accrual LP interest: the period's interest on open loans (<paramref name="Interest"/>), of which the LP part
/// net of the insurance cut (<paramref name="ToLps"/>) was added to LP assets as a receivable.
/// </summary>
public sealed record LpInterestCredited(Amount Interest, Amount ToLps, Amount Receivable) : IEvent;
