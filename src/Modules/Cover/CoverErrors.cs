using Ballast.Core.Blocks;

namespace Ballast.Cover;

/// <summary>The cover module's stable rejection codes.</summary>
public static class CoverErrors
{
    public static readonly ErrorCode NotConfigured = new("CoverNotConfigured");
    public static readonly ErrorCode AlreadyConfigured = new("CoverAlreadyConfigured");
    public static readonly ErrorCode InvalidToken = new("CoverInvalidToken");
    public static readonly ErrorCode UnknownProject = new("UnknownProject");
    public static readonly ErrorCode InvalidSaleWindow = new("InvalidSaleWindow");
    public static readonly ErrorCode InvalidIdoPrice = new("InvalidIdoPrice");
    public static readonly ErrorCode InvalidVolatility = new("InvalidVolatility");
    public static readonly ErrorCode InvalidRiskAdjustment = new("InvalidRiskAdjustment");
    public static readonly ErrorCode UnknownPriceSource = new("CoverUnknownPriceSource");
    public static readonly ErrorCode SaleNotOpen = new("SaleNotOpen");
    public static readonly ErrorCode SaleSoldOut = new("SaleSoldOut");
    public static readonly ErrorCode AllocationExceeded = new("AllocationExceeded");
    public static readonly ErrorCode PlatformPriceUnavailable = new("PlatformPriceUnavailable");
    public static readonly ErrorCode PremiumAboveLimit = new("PremiumAboveLimit");
    public static readonly ErrorCode CoverHalted = new("CoverHalted");
    public static readonly ErrorCode NoCapitalRequirement = new("NoCapitalRequirement");
    public static readonly ErrorCode CapitalCurrencyMismatch = new("CapitalCurrencyMismatch");
    public static readonly ErrorCode CapacityExceeded = new("CapacityExceeded");
    public static readonly ErrorCode TooEarlyToSettle = new("TooEarlyToSettle");
    public static readonly ErrorCode AlreadySettled = new("AlreadySettled");
    public static readonly ErrorCode PriceHistoryIncomplete = new("PriceHistoryIncomplete");
    public static readonly ErrorCode UnknownCover = new("UnknownCover");
    public static readonly ErrorCode UnknownClaim = new("UnknownClaim");
    public static readonly ErrorCode ClaimNotAllowed = new("ClaimNotAllowed");
    public static readonly ErrorCode ClaimNotOpen = new("ClaimNotOpen");
    public static readonly ErrorCode AlreadyVoted = new("AlreadyVoted");
    public static readonly ErrorCode StakeInactive = new("StakeInactive");
    public static readonly ErrorCode NoStake = new("NoStake");
    public static readonly ErrorCode StakeLocked = new("StakeLocked");
    public static readonly ErrorCode VotingNotOver = new("VotingNotOver");
    public static readonly ErrorCode NotAMember = new("NotAMember");
    public static readonly ErrorCode InvalidLockBlock = new("InvalidLockBlock");
    public static readonly ErrorCode NoOpenLoan = new("NoOpenLoan");
}
