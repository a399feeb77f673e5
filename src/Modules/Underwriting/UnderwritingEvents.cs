using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Underwriting;

// Declared in UnderwritingModule.Configure with their stable names (underwriting.vaultCreated, ...).

/// <summary>The phase an instrument's market is in.</summary>
public enum MarketPhase
{
    /// <summary>Assessment, first part: only reputable managers may buy longZCB.</summary>
    ReputableOnly,
    /// <summary>Assessment open to every manager (and shortZCB buyers).</summary>
    Assessment,
    /// <summary>Approved: the principal is in the instrument; the post-assessment market trades.</summary>
    Approved,
    /// <summary>Resolved at maturity: ω is fixed and holders redeem.</summary>
    Resolved,
    /// <summary>Closed without approval: every holder was refunded.</summary>
    Closed,
}

/// <summary>What an instrument does with the principal.</summary>
public enum InstrumentKind
{
    /// <summary>An uncollateralised loan to the utilizer: principal, interest, term, grace, default.</summary>
    CreditLine,
    /// <summary>Buys and holds a subnet's alpha; worth its sale into the subnet pool at maturity.</summary>
    Asset,
}

/// <summary><c>underwriting.vaultCreated</c>: vault <paramref name="VaultId"/> over <paramref name="Asset"/> with its VT token and mandate.</summary>
public sealed record VaultCreated(long VaultId, string Asset, string VtToken, Ppb AlphaPpb, Ppb ApprovalThresholdPpb, Fixed MaxManagerLeverage, Amount ValidatorStakeVt) : IEvent;
/// <summary><c>underwriting.deposited</c>: asset in, VT minted at the share value.</summary>
public sealed record Deposited(long VaultId, string Account, Amount Amount, Amount Vt) : IEvent;
/// <summary><c>underwriting.withdrawn</c>: VT burned, asset out at the share value.</summary>
public sealed record Withdrawn(long VaultId, string Account, Amount Vt, Amount Amount) : IEvent;
/// <summary><c>underwriting.vtLocked</c>: VT locked (positive) or unlocked with the vault; the holder's locked total after.</summary>
public sealed record VtLockChanged(long VaultId, string Account, Amount Locked, Amount Unlocked, Amount LockedTotal) : IEvent;
/// <summary><c>underwriting.managerRegistered</c>: a manager identity through the gate (or at genesis with a score).</summary>
public sealed record ManagerRegistered(string Account, Fixed Score) : IEvent;
/// <summary><c>underwriting.proposed</c>: an instrument and its assessment market; the curve's start price b and slope a.</summary>
public sealed record InstrumentProposed(long InstrumentId, long VaultId, InstrumentKind Kind, string Utilizer, Amount Principal, Amount Return, long DurationBlocks, long AssessmentDeadline, Fixed StartPrice, Fixed Slope) : IEvent;
/// <summary><c>underwriting.longBought</c>: longZCB from the curve; the supply and price after, and what the vault lent.</summary>
public sealed record LongBought(long InstrumentId, string Account, Amount Bonds, Amount Paid, Amount Borrowed, Amount NetLong, Fixed Price) : IEvent;
/// <summary><c>underwriting.longSold</c>: longZCB sold back to the curve during assessment.</summary>
public sealed record LongSold(long InstrumentId, string Account, Amount Bonds, Amount Proceeds, Amount NetLong, Fixed Price) : IEvent;
/// <summary><c>underwriting.shortBought</c>: shortZCB against the curve, with the escrow m·s − area.</summary>
public sealed record ShortBought(long InstrumentId, string Account, Amount Bonds, Amount Escrow, Amount NetLong, Fixed Price) : IEvent;
/// <summary><c>underwriting.shortSold</c>: shortZCB closed against the curve during assessment, and what the seller got back.</summary>
public sealed record ShortSold(long InstrumentId, string Account, Amount Bonds, Amount Proceeds, Amount NetLong, Fixed Price) : IEvent;
/// <summary><c>underwriting.phaseChanged</c>: the market moved to a new phase.</summary>
public sealed record PhaseChanged(long InstrumentId, MarketPhase From, MarketPhase To) : IEvent;
/// <summary><c>underwriting.validatorsDrawn</c>: the validators drawn (weighted by reputation, seeded randomness as a VRF stand-in).</summary>
public sealed record ValidatorsDrawn(long InstrumentId, IReadOnlyList<string> Validators, Fixed ScoreCutoff) : IEvent;
/// <summary><c>underwriting.validatorApproved</c>: a validator locked its VT stake and bought longZCB at the discount.</summary>
public sealed record ValidatorApproved(long InstrumentId, string Validator, Amount StakedVt, Amount Bonds, Amount Paid, Amount Discount) : IEvent;
/// <summary><c>underwriting.approved</c>: the principal moved from the vault to the instrument; maturity block.</summary>
public sealed record InstrumentApproved(long InstrumentId, Amount Principal, long MaturityBlock) : IEvent;
/// <summary><c>underwriting.refunded</c>: a holder's exact contribution returned when the market closed unapproved (loan part to the vault).</summary>
public sealed record Refunded(long InstrumentId, string Account, Amount ToHolder, Amount ToVault) : IEvent;
/// <summary><c>underwriting.orderPlaced</c>: an order at a tick (its payment or bonds escrowed); passive liquidity re-posted after a fill is placed again with this event.</summary>
public sealed record OrderPlaced(long InstrumentId, long OrderId, string Account, OrderSide Side, int Tick, Amount Bonds, Amount Escrow, bool Passive) : IEvent;
/// <summary><c>underwriting.orderCancelled</c>: an order withdrawn, its unused escrow refunded.</summary>
public sealed record OrderCancelled(long InstrumentId, long OrderId, Amount Refund) : IEvent;
/// <summary><c>underwriting.filled</c>: a taker crossed an order: bonds at a tick (long price k/T), what the taker paid or got, and the selling fee.</summary>
public sealed record OrderFilled(long InstrumentId, long OrderId, string Taker, string Maker, TradeSide Side, int Tick, Amount Bonds, Amount TakerAmount, Amount Fee) : IEvent;
/// <summary><c>underwriting.drawn</c>: the borrower took the principal.</summary>
public sealed record PrincipalDrawn(long InstrumentId, string Utilizer, Amount Amount) : IEvent;
/// <summary><c>underwriting.repaid</c>: asset paid into the instrument (repayment or donation); its balance after.</summary>
public sealed record InstrumentRepaid(long InstrumentId, string From, Amount Amount, Amount Balance) : IEvent;
/// <summary>
/// <c>underwriting.resolved</c>: the instrument closed at ω (and 1 − ω for shorts); the value in (realized value plus the
/// market's collateral) equals the value out (holders' redemptions plus the vault's share) to the unit; the rounding dust
/// included in the vault's share.
/// </summary>
public sealed record InstrumentResolved(long InstrumentId, Amount Expected, Amount Realized, Fixed Omega, Fixed ShortOmega, Amount ValueIn, Amount Redemptions, Amount VaultShare, Amount Dust, bool Defaulted) : IEvent;
/// <summary><c>underwriting.stakeSlashed</c>: a validator's locked VT shrunk to totalStaked·(P − loss)/P; the rest burned (to the other VT holders).</summary>
public sealed record StakeSlashed(long InstrumentId, string Validator, Amount Staked, Amount Kept, Amount Burned) : IEvent;
/// <summary><c>underwriting.reputationUpdated</c>: a manager's implied probability, Brier score and reputation after an outcome.</summary>
public sealed record ReputationUpdated(long InstrumentId, string Account, Fixed ImpliedProbability, Fixed Brier, Fixed ScoreBefore, Fixed ScoreAfter) : IEvent;
/// <summary><c>underwriting.redeemed</c>: longZCB at ω and shortZCB at 1 − ω; the loan repaid to the vault first.</summary>
public sealed record Redeemed(long InstrumentId, string Account, Amount LongBonds, Amount ShortBonds, Amount Payout, Amount LoanRepaid, Amount ToHolder) : IEvent;
