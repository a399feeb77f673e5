using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Cover.Model;

/// <summary>
/// A loan from the DAO treasury to the fund, taken when a settlement's payouts exceeded the fund's base token. Its
/// terms: principal in the base token, simple interest at <see cref="RateBps"/> a year from <see cref="LentAt"/>;
/// later premiums repay it first (oldest loan first), valued at the platform token's price.
/// </summary>
internal sealed class DaoLoan : StateObject
{
    public required long Id { get; init; }
    public required long ProjectId { get; init; }
    public required Amount Principal { get; init; }
    public required long RateBps { get; init; }
    public required long LentAt { get; init; }
    /// <summary>Base-token value repaid so far.</summary>
    public Amount Repaid { get; set => Set(ref field, value); }
    /// <summary>Platform tokens that repaid it.</summary>
    public Amount RepaidPlatform { get; set => Set(ref field, value); }
    public long ClosedAt { get; set => Set(ref field, value); } = -1;
}
