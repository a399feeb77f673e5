using Ballast.Core.Blocks;

namespace Ballast.Subnets;

public static class SubnetErrors
{
    public static readonly ErrorCode UnknownSubnet = new("UnknownSubnet");
    public static readonly ErrorCode SubnetExists = new("SubnetExists");
    public static readonly ErrorCode InvalidNetuid = new("InvalidNetuid");
    public static readonly ErrorCode ReserveTooSmall = new("ReserveTooSmall");
    public static readonly ErrorCode InvalidPoolWeight = new("InvalidPoolWeight");
    public static readonly ErrorCode InvalidPrice = new("InvalidSubnetPrice");
    public static readonly ErrorCode SlippageExceeded = new("SlippageExceeded");
    public static readonly ErrorCode TradeTooSmall = new("TradeTooSmall");
    public static readonly ErrorCode InvalidHotkey = new("InvalidHotkey");
    public static readonly ErrorCode InsufficientStake = new("InsufficientStake");
    public static readonly ErrorCode NotSubnetOwner = new("NotSubnetOwner");
    /// <summary>A pool kind outside <see cref="Pools.PoolKind"/> (a script may write an enum as a number).</summary>
    public static readonly ErrorCode InvalidPoolKind = new("InvalidPoolKind");
    /// <summary>A swap direction outside <see cref="SwapDirection"/>.</summary>
    public static readonly ErrorCode InvalidSwapDirection = new("InvalidSwapDirection");
}
