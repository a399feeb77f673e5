namespace Ballast.Core.Blocks;

/// <summary>Rejection codes of the engine core: signers, accounts, tokens, amounts, arithmetic.</summary>
public static class CoreErrors
{
    public static readonly ErrorCode UnknownTransaction = new("UnknownTransaction");
    public static readonly ErrorCode UnknownAccount = new("UnknownAccount");
    public static readonly ErrorCode AccountExists = new("AccountExists");
    public static readonly ErrorCode InvalidAccountName = new("InvalidAccountName");
    public static readonly ErrorCode SenderNotSigner = new("SenderNotSigner");
    public static readonly ErrorCode UnknownToken = new("UnknownToken");
    public static readonly ErrorCode ZeroAmount = new("ZeroAmount");
    public static readonly ErrorCode AmountTooLarge = new("AmountTooLarge");
    public static readonly ErrorCode InsufficientBalance = new("InsufficientBalance");
    public static readonly ErrorCode GenesisOnly = new("GenesisOnly");
    public static readonly ErrorCode ArithmeticOverflow = new("ArithmeticOverflow");
    public static readonly ErrorCode MalformedTransaction = new("MalformedTransaction");
}
