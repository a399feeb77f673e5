using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Underwriting;

// Declared in UnderwritingModule.Configure with their stable names (underwriting.createVault, underwriting.buyLong, ...).
// Amounts are in the vault's asset (rao for TAO); bonds are longZCB/shortZCB quantities in the same units (one bond
// redeems one unit at ω = 1). Shares are Ppb (1e9 = 100%).

/// <summary>Genesis only: a manager with a starting reputation score (a track record carried in from elsewhere).</summary>
public sealed record GenesisManager(string Account, Fixed Score) : IGenesisTransaction;

/// <summary>
/// Creates a vault over <paramref name="Asset"/> (TAO or any ledger token) with its own vault token VT&lt;id&gt; and its
/// investment mandate, fixed at creation: which instrument classes it funds, α (the net-long cap as a share of c = P + I),
/// the approval threshold (net long as a share of c), the managers' leverage limit and the VT each validator locks.
/// </summary>
public sealed record CreateVault(
    string Asset,
    Ppb AlphaPpb,
    Ppb ApprovalThresholdPpb,
    Fixed MaxManagerLeverage,
    Amount ValidatorStakeVt,
    bool AllowCreditLines = true,
    bool AllowAssets = true) : ITransaction;

/// <summary>Deposits <paramref name="Amount"/> of the vault's asset and mints VT at the share value (rounded down).</summary>
public sealed record Deposit(long VaultId, Amount Amount) : ITransaction;

/// <summary>Burns <paramref name="Vt"/> vault tokens for the asset at the share value (rounded down), from the vault's idle asset.</summary>
public sealed record Withdraw(long VaultId, Amount Vt) : ITransaction;

/// <summary>Locks VT with the vault: locked VT caps the holder's shortZCB and lowers its selling fee (§5.2, §3.2).</summary>
public sealed record LockVt(long VaultId, Amount Vt) : ITransaction;

/// <summary>Unlocks VT; refused while the holder holds shortZCB in one of the vault's open markets.</summary>
public sealed record UnlockVt(long VaultId, Amount Vt) : ITransaction;

/// <summary>Registers the sender as a manager at reputation 0; needs the identity-gate role <c>underwriting:identity</c>.</summary>
public sealed record RegisterManager : ITransaction;

/// <summary>
/// A utilizer proposes a credit line from the vault: principal, the interest it promises on top, the term, and the
/// grace period after it before an unpaid line is a default. Opens the instrument's assessment market.
/// </summary>
public sealed record ProposeCreditLine(long VaultId, Amount Principal, Amount Interest, long DurationBlocks, long GraceBlocks) : ITransaction;

/// <summary>
/// A utilizer proposes a pool/asset instrument: on approval the principal (TAO) buys subnet <paramref name="Netuid"/>'s
/// alpha through the subnet pool and holds it; at maturity the alpha is sold back into the pool, and that TAO is the
/// realized value. <paramref name="ExpectedReturn"/> is the promised gain on top of the principal.
/// </summary>
public sealed record ProposeAssetInstrument(long VaultId, int Netuid, Amount Principal, Amount ExpectedReturn, long DurationBlocks) : ITransaction;

/// <summary>
/// Assessment phase: buys longZCB on the bonding curve with <paramref name="Collateral"/> of the sender's own asset; at
/// <paramref name="Leverage"/> above 1 the vault lends collateral·(leverage − 1) more (limit from reputation and the
/// mandate). Refused below <paramref name="MinBonds"/>.
/// </summary>
public sealed record BuyLong(long InstrumentId, Amount Collateral, Fixed? Leverage = null, Amount? MinBonds = null) : ITransaction;

/// <summary>Assessment phase: sells longZCB back to the curve (at most what the seller paid in: profit waits for approval).</summary>
public sealed record SellLong(long InstrumentId, Amount Bonds, Amount? MinProceeds = null) : ITransaction;

/// <summary>Assessment phase: buys shortZCB, escrowing bonds − area (§7.1.3); capped by the buyer's locked VT.</summary>
public sealed record BuyShort(long InstrumentId, Amount Bonds, Amount? MaxEscrow = null) : ITransaction;

/// <summary>
/// Assessment phase: closes shortZCB against the curve, which moves back up by the bonds; the seller gets bonds − area
/// (area rounded up), at most what it put in (profit waits for approval).
/// </summary>
public sealed record SellShort(long InstrumentId, Amount Bonds, Amount? MinProceeds = null) : ITransaction;

/// <summary>Once the market can be approved: draws the validators at random, weighted by reputation (anyone may call, once).</summary>
public sealed record DrawValidators(long InstrumentId) : ITransaction;

/// <summary>
/// A drawn validator approves: locks the mandate's VT stake and buys longZCB with <paramref name="Collateral"/> at the
/// validator discount. The last approval moves the principal from the vault to the instrument.
/// </summary>
public sealed record ApproveInstrument(long InstrumentId, Amount Collateral) : ITransaction;

/// <summary>After the assessment deadline without approval: closes the market and refunds every holder exactly what it paid in.</summary>
public sealed record CloseUnapproved(long InstrumentId) : ITransaction;

/// <summary>Which side a post-assessment limit order takes.</summary>
public enum OrderSide
{
    /// <summary>Buys longZCB at the tick's long price (escrows bonds·k/T).</summary>
    BuyLong,
    /// <summary>Buys shortZCB at the tick's short price (escrows bonds·(T − k)/T).</summary>
    BuyShort,
    /// <summary>Sells held longZCB at the tick's long price (escrows the bonds; pays the selling fee when filled).</summary>
    SellLong,
    /// <summary>Sells held shortZCB at the tick's short price (escrows the bonds).</summary>
    SellShort,
}

/// <summary>What a post-assessment taker does.</summary>
public enum TradeSide
{
    /// <summary>Buys longZCB from SellLong orders and from BuyShort orders (a new long/short pair, fully collateralised).</summary>
    BuyLong,
    /// <summary>Sells held longZCB to BuyLong orders (pays the selling fee).</summary>
    SellLong,
    /// <summary>Buys shortZCB from SellShort orders and from BuyLong orders (a new pair); pays the selling fee; capped by locked VT.</summary>
    BuyShort,
    /// <summary>Sells held shortZCB to BuyShort orders.</summary>
    SellShort,
}

/// <summary>
/// Post-assessment: an order at tick <paramref name="Tick"/> of T, its payment (buys) or bonds (sells) escrowed. One-time
/// liquidity by default: consumed when crossed. <paramref name="Passive"/> liquidity is recycled instead: what a fill
/// gives the maker is posted again one tick further on the other side (bonds bought at k are offered at k + 1, the
/// proceeds of a sale at k bid at k − 1), so the maker keeps making the market around its tick until it cancels.
/// </summary>
public sealed record PlaceOrder(long InstrumentId, OrderSide Side, int Tick, Amount Bonds, bool Passive = false) : ITransaction;

/// <summary>Cancels the sender's order and refunds what is left of its escrow.</summary>
public sealed record CancelOrder(long InstrumentId, long OrderId) : ITransaction;

/// <summary>
/// Post-assessment: takes orders tick by tick, best price first, up to <paramref name="Bonds"/> and no worse than
/// <paramref name="LimitTick"/> (a long price); the orders it crosses are consumed.
/// </summary>
public sealed record Trade(long InstrumentId, TradeSide Side, Amount Bonds, int LimitTick) : ITransaction;

/// <summary>The credit line's borrower takes the approved principal from the instrument.</summary>
public sealed record Drawdown(long InstrumentId) : ITransaction;

/// <summary>Pays <paramref name="Amount"/> into the instrument's account (a repayment; from anyone else, a donation).</summary>
public sealed record Repay(long InstrumentId, Amount Amount) : ITransaction;

/// <summary>
/// Closes an approved instrument: once its balance covers principal and return, or at maturity (an asset instrument sells
/// its alpha), or after the grace period (a credit line then defaults on what is missing). Computes ω, reserves every
/// holder's redemption, returns the rest to the vault, shrinks the validators' stakes on a loss and scores reputations.
/// </summary>
public sealed record Resolve(long InstrumentId) : ITransaction;

/// <summary>Redeems the sender's longZCB at ω and shortZCB at 1 − ω; a leveraged buyer's loan is repaid to the vault first.</summary>
public sealed record Redeem(long InstrumentId) : ITransaction;
