namespace Ballast.Core.Blocks;

/// <summary>
/// A stable, machine-readable rejection code (<c>InsufficientBalance</c>). Codes are declared as
/// <c>public static readonly</c> fields of a <c>…Errors</c> class per area; never renamed once released.
/// </summary>
public readonly record struct ErrorCode(string Name)
{
    public override string ToString() => Name;
}
