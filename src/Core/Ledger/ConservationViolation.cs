using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

/// <summary>A token whose balances do not add up to minted − burned.</summary>
public sealed record ConservationViolation(string Token, Amount SumOfBalances, Amount Minted, Amount Burned)
{
    public override string ToString() =>
        $"{Token}: balances sum to {SumOfBalances} but minted − burned = {Minted} − {Burned}";
}
