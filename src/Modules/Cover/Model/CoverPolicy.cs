using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Cover.Model;

/// <summary>Where a cover stands.</summary>
public enum CoverStatus
{
    /// <summary>In force until its project settles.</summary>
    Active,
    /// <summary>Settled with a payout (in full or, when fund and loan fell short, in part).</summary>
    PaidOut,
    /// <summary>Settled at or above the IDO price: nothing owed.</summary>
    Expired,
    /// <summary>Paid by an approved claim (the assessment decided what the parametric settlement could not).</summary>
    ClaimPaid,
}

/// <summary>
/// Cover on <see cref="Tokens"/> of a buyer's allocation: at settlement the fund owes Tokens·max(0, IDO − average)
/// in the base token; the sum insured is Tokens·IDO, the most it can pay.
/// </summary>
internal sealed class CoverPolicy : StateObject
{
    public required long Id { get; init; }
    public required long ProjectId { get; init; }
    public required string Owner { get; init; }
    public required Amount Tokens { get; init; }
    public required Amount SumInsured { get; init; }
    /// <summary>The cost of cover in the platform token.</summary>
    public required Amount PremiumPlatform { get; init; }
    /// <summary>The cost of cover in the base token (what the platform tokens were worth at purchase).</summary>
    public required Amount PremiumBase { get; init; }
    public required long BoughtAt { get; init; }
    public CoverStatus Status { get; set => Set(ref field, value); }
    public Amount Payout { get; set => Set(ref field, value); }
    public Amount Unpaid { get; set => Set(ref field, value); }
}
