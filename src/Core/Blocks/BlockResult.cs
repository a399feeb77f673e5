namespace Ballast.Core.Blocks;

/// <summary>The outcome of a block: each transaction's result, in order.</summary>
public sealed record BlockResult(long Height, IReadOnlyList<TxResult> Results)
{
    public int Rejected => Results.Count(r => !r.Accepted);
}
