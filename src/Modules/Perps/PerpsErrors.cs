using Ballast.Core.Blocks;

namespace Ballast.Perps;

public static class PerpsErrors
{
    public static readonly ErrorCode UnknownMarket = new("UnknownMarket");
    public static readonly ErrorCode MarketExists = new("MarketExists");
    public static readonly ErrorCode InvalidMarket = new("InvalidMarket");
    public static readonly ErrorCode BaseReserveTooLarge = new("BaseReserveTooLarge");
    public static readonly ErrorCode LeverageAboveCap = new("LeverageAboveCap");
    public static readonly ErrorCode LeverageBelowOne = new("PerpLeverageBelowOne");
    public static readonly ErrorCode InvalidSide = new("InvalidPerpSide");
    public static readonly ErrorCode MarginBelowMinimum = new("MarginBelowMinimum");
    public static readonly ErrorCode LeverageHalted = new("LeverageHalted");
    public static readonly ErrorCode IndexDeviation = new("IndexDeviation");
    public static readonly ErrorCode TradeTooLarge = new("TradeTooLarge");
    public static readonly ErrorCode UnknownPerpPosition = new("UnknownPerpPosition");
    public static readonly ErrorCode NotPerpOwner = new("NotPerpOwner");
    public static readonly ErrorCode PositionUnderwater = new("PositionUnderwater");
    public static readonly ErrorCode NotLiquidatable = new("PerpNotLiquidatable");
    public static readonly ErrorCode AllCapsUnlocked = new("AllCapsUnlocked");
    public static readonly ErrorCode UnlockConditionsNotMet = new("UnlockConditionsNotMet");
    public static readonly ErrorCode LpCoverageTooLow = new("LpCoverageTooLow");
    public static readonly ErrorCode NotPerpLender = new("NotPerpLender");
    public static readonly ErrorCode OpenInterestCap = new("OpenInterestCap");
    public static readonly ErrorCode BelowMaintenance = new("BelowMaintenance");
    public static readonly ErrorCode GuardRequired = new("GuardRequired");
    public static readonly ErrorCode ManipulationCostCap = new("ManipulationCostCap");
}
