using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>Adds TAO to the dormant treasury that streams to the pool and backs top-ups (anyone may fund it).</summary>
public sealed record FundTreasury(Amount Amount) : ITransaction;

/// <summary>Treasury Top-Up (governor): after cumulative epoch utilisation passed γ, moves up to β of the treasury to the pool.</summary>
public sealed record TreasuryTopUp(Amount Amount) : ITransaction;

public sealed record TreasuryFunded(string From, Amount Amount) : IEvent;
public sealed record TreasuryToppedUp(Amount Amount, string By) : IEvent;
public sealed record LossCovered(string Claimant, Amount Loss, Amount Paid, Amount Uncovered, long UtilizationPpb, long LambdaPpb) : IEvent;
public sealed record LambdaChanged(long FromPpb, long ToPpb, string Reason) : IEvent;
public sealed record EmissionFunded(Amount Alpha, Amount Tao) : IEvent;
