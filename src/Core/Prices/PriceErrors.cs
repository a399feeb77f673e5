using Ballast.Core.Blocks;

namespace Ballast.Core.Prices;

public static class PriceErrors
{
    public static readonly ErrorCode UnknownPriceSource = new("UnknownPriceSource");
    public static readonly ErrorCode PriceSourceExists = new("PriceSourceExists");
    public static readonly ErrorCode InvalidPrice = new("InvalidPrice");
    public static readonly ErrorCode StalePrice = new("StalePrice");
    public static readonly ErrorCode NoPriceYet = new("NoPriceYet");
    public static readonly ErrorCode InvalidTwapWindow = new("InvalidTwapWindow");
    public static readonly ErrorCode TwapWindowTooLong = new("TwapWindowTooLong");
}
