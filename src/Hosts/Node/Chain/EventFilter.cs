namespace Ballast.Node.Chain;

/// <summary>Which events a reader wants: a block range, a set of declared names, an account they name. Null: any.</summary>
public sealed record EventFilter(long? FromBlock, long? ToBlock, IReadOnlySet<string>? Types, string? Account)
{
    public static readonly EventFilter All = new(null, null, null, null);

    public bool Matches(NodeEvent e) =>
        (FromBlock is null || e.Block >= FromBlock) &&
        (ToBlock is null || e.Block <= ToBlock) &&
        (Types is null || Types.Contains(e.Name)) &&
        (Account is null || Array.IndexOf(e.Accounts, Account) >= 0);
}
