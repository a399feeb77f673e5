using Ballast.Core.Blocks;

namespace Ballast.Margin;

/// <summary>Rejection codes of the margin protocol (after Tenexium's TenexiumErrors, with sentences).</summary>
public static class MarginErrors
{
    public static readonly ErrorCode UnknownPair = new("UnknownPair");
    public static readonly ErrorCode PairExists = new("PairExists");
    public static readonly ErrorCode PairInactive = new("PairInactive");
    public static readonly ErrorCode InvalidPair = new("InvalidPair");
    public static readonly ErrorCode DepositBelowMinimum = new("DepositBelowMinimum");
    public static readonly ErrorCode LeverageAboveTier = new("LeverageAboveTier");
    public static readonly ErrorCode LeverageAbovePair = new("LeverageAbovePair");
    public static readonly ErrorCode LeverageBelowOne = new("LeverageBelowOne");
    public static readonly ErrorCode SlippageLimitAbovePair = new("SlippageLimitAbovePair");
    public static readonly ErrorCode PriceImpactTooHigh = new("PriceImpactTooHigh");
    public static readonly ErrorCode InsufficientLiquidity = new("InsufficientLiquidity");
    public static readonly ErrorCode UtilizationCapExceeded = new("UtilizationCapExceeded");
    public static readonly ErrorCode UserCooldown = new("UserCooldown");
    public static readonly ErrorCode LpCooldown = new("LpCooldown");
    public static readonly ErrorCode NotLiquidityProvider = new("NotLiquidityProvider");
    public static readonly ErrorCode WithdrawalAboveShare = new("WithdrawalAboveShare");
    public static readonly ErrorCode UnknownPosition = new("UnknownPosition");
    public static readonly ErrorCode NotPositionOwner = new("NotPositionOwner");
    public static readonly ErrorCode CloseAmountTooLarge = new("CloseAmountTooLarge");
    public static readonly ErrorCode CloseWouldLeaveDebt = new("CloseWouldLeaveDebt");
    public static readonly ErrorCode NotLiquidatable = new("NotLiquidatable");
    public static readonly ErrorCode LiquidationAlreadyCalled = new("LiquidationAlreadyCalled");
    public static readonly ErrorCode NothingToClaim = new("NothingToClaim");
    public static readonly ErrorCode BuybackNotDue = new("BuybackNotDue");
    public static readonly ErrorCode BuybackPoolBelowThreshold = new("BuybackPoolBelowThreshold");
    public static readonly ErrorCode NothingToBurn = new("NothingToBurn");
    public static readonly ErrorCode NoProtocolFees = new("NoProtocolFees");
    public static readonly ErrorCode InsufficientInsurance = new("InsufficientInsurance");
    public static readonly ErrorCode CircuitBreakerTripped = new("CircuitBreakerTripped");
    public static readonly ErrorCode BorrowAccrualCooldown = new("BorrowAccrualCooldown");
    public static readonly ErrorCode NoCrowdloanContribution = new("NoCrowdloanContribution");
    public static readonly ErrorCode ProtocolSubnetMissing = new("ProtocolSubnetMissing");
    public static readonly ErrorCode PriceAwayFromTwap = new("PriceAwayFromTwap");
    public static readonly ErrorCode PositionTooLarge = new("PositionTooLarge");
    public static readonly ErrorCode OpenBelowThreshold = new("OpenBelowThreshold");
    public static readonly ErrorCode TierInputsLocked = new("TierInputsLocked");
    public static readonly ErrorCode UnlockAboveLocked = new("UnlockAboveLocked");
}
