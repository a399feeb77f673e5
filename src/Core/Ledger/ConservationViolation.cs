using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

/// <summary>A token whose balances do not add up to minted − burned, or to the total the ledger keeps incrementally.</summary>
public sealed record ConservationViolation(string Token, Amount SumOfBalances, Amount Minted, Amount Burned)
{
    /// <summary>The ledger's incrementally kept total, when the full scan found it differs from the balances' sum.</summary>
    public Amount? TrackedTotal { get; init; }

    public override string ToString() =>
        $"{Token}: balances sum to {SumOfBalances}{(TrackedTotal is { } t ? $" (the ledger's kept total: {t})" : "")} but minted − burned = {Minted} − {Burned}";
}
