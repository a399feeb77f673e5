using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>Adds TAO to the dormant treasury that streams to the pool and backs top-ups (anyone may fund it).</summary>
public sealed record FundTreasury(Amount Amount) : ITransaction;

/// <summary>Treasury Top-Up (governor): after cumulative epoch utilisation passed γ, moves up to β of the treasury to the pool.</summary>
public sealed record TreasuryTopUp(Amount Amount) : ITransaction;

/// <summary>Why λ moved.</summary>
public enum LambdaChangeReason
{
    /// <summary>A payout's utilisation ℓ/R_pre was above θ: λ rose by one step.</summary>
    UtilizationAboveThreshold,
    /// <summary>The risk controller's PID step.</summary>
    RiskController,
}

/// <summary><c>insurance.treasuryFunded</c>: TAO added to the dormant treasury.</summary>
public sealed record TreasuryFunded(string From, Amount Amount) : IEvent;
/// <summary><c>insurance.toppedUp</c>: a governor moved treasury TAO into the pool after a bad epoch.</summary>
public sealed record TreasuryToppedUp(Amount Amount, string By) : IEvent;
/// <summary><c>insurance.lossCovered</c>: a claim ℓ, what the pool paid (min(ℓ, R)), the rest, its utilisation ℓ/R_pre and λ after it.</summary>
public sealed record LossCovered(string Claimant, Amount Loss, Amount Paid, Amount Uncovered, Ppb UtilizationPpb, Ppb LambdaPpb) : IEvent;
/// <summary><c>insurance.lambdaChanged</c>: λ moved within [λ_min, λ_max], and why.</summary>
public sealed record LambdaChanged(Ppb FromPpb, Ppb ToPpb, LambdaChangeReason Reason) : IEvent;
/// <summary><c>insurance.emissionFunded</c>: the diverted alpha sold for TAO into the reserve this block.</summary>
public sealed record EmissionFunded(Amount Alpha, Amount Tao) : IEvent;
