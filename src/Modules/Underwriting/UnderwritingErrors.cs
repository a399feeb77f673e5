using Ballast.Core.Blocks;

namespace Ballast.Underwriting;

/// <summary>The module's stable rejection codes; each rejection also carries a sentence with the figures.</summary>
public static class UnderwritingErrors
{
    public static readonly ErrorCode UnknownVault = new("UnknownVault");
    public static readonly ErrorCode UnknownInstrument = new("UnknownInstrument");
    public static readonly ErrorCode InvalidMandate = new("InvalidMandate");
    public static readonly ErrorCode InstrumentClassNotAllowed = new("InstrumentClassNotAllowed");
    public static readonly ErrorCode InvalidTerms = new("InvalidTerms");
    public static readonly ErrorCode WrongPhase = new("WrongPhase");
    public static readonly ErrorCode NotAManager = new("NotAManager");
    public static readonly ErrorCode ManagerExists = new("ManagerExists");
    public static readonly ErrorCode ReputableOnlyPhase = new("ReputableOnlyPhase");
    public static readonly ErrorCode BudgetExceeded = new("BudgetExceeded");
    public static readonly ErrorCode LeverageAboveLimit = new("LeverageAboveLimit");
    public static readonly ErrorCode NetLongCapReached = new("NetLongCapReached");
    public static readonly ErrorCode Slippage = new("Slippage");
    public static readonly ErrorCode InsufficientBonds = new("InsufficientBonds");
    public static readonly ErrorCode SaleAboveContribution = new("SaleAboveContribution");
    public static readonly ErrorCode ShortBeyondCurve = new("ShortBeyondCurve");
    public static readonly ErrorCode ShortCapExceeded = new("ShortCapExceeded");
    public static readonly ErrorCode CannotBeApproved = new("CannotBeApproved");
    public static readonly ErrorCode ValidatorsAlreadyDrawn = new("ValidatorsAlreadyDrawn");
    public static readonly ErrorCode NoEligibleValidators = new("NoEligibleValidators");
    public static readonly ErrorCode NotAValidator = new("NotAValidator");
    public static readonly ErrorCode AlreadyApproved = new("AlreadyApproved");
    public static readonly ErrorCode VaultLacksLiquidity = new("VaultLacksLiquidity");
    public static readonly ErrorCode DeadlineNotReached = new("DeadlineNotReached");
    public static readonly ErrorCode DeadlinePassed = new("DeadlinePassed");
    public static readonly ErrorCode NotTheUtilizer = new("NotTheUtilizer");
    public static readonly ErrorCode AlreadyDrawn = new("AlreadyDrawn");
    public static readonly ErrorCode NotResolvable = new("NotResolvable");
    public static readonly ErrorCode NothingToRedeem = new("NothingToRedeem");
    public static readonly ErrorCode VtLocked = new("VtLocked");
    public static readonly ErrorCode InvalidTick = new("InvalidTick");
    public static readonly ErrorCode UnknownOrder = new("UnknownOrder");
    public static readonly ErrorCode NoLiquidity = new("NoLiquidity");
    public static readonly ErrorCode ZeroShares = new("ZeroShares");
    /// <summary>A deposit while one VT unit is worth more than <c>Vaults.MaxShareValueUnits</c> asset units (an inflated share value).</summary>
    public static readonly ErrorCode ShareValueTooHigh = new("ShareValueTooHigh");
}
