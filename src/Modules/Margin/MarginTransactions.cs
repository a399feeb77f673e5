using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Margin;

// ---------- genesis ----------

/// <summary>
/// Genesis only: the protocol's hotkey on its subnet (tiers count alpha staked to it), where withdrawn protocol
/// fees go (the owner multisig's account and the treasury), and who holds the manager role.
/// </summary>
public sealed record GenesisMarginConfig(string? ProtocolHotkey = null, string? Owner = null, string? Treasury = null, string? Manager = null)
    : IGenesisTransaction;

// ---------- liquidity providers ----------

/// <summary>Deposits TAO for LP shares at the current share value.</summary>
public sealed record DepositLiquidity(Amount Amount) : ITransaction;

/// <summary>Withdraws <paramref name="Amount"/> TAO of the sender's LP value (shares burned rounded up).</summary>
public sealed record WithdrawLiquidity(Amount Amount) : ITransaction;

/// <summary>Pays the sender its accrued share of the LP fees, in TAO.</summary>
public sealed record ClaimLpFees() : ITransaction;
/// <summary>Pays the sender its accrued share of the LP emissions, in the protocol subnet's alpha.</summary>
public sealed record ClaimLpEmissions() : ITransaction;

// ---------- positions ----------

/// <summary>
/// Opens a leveraged long on subnet <paramref name="Netuid"/>'s alpha: borrows Collateral·(Leverage − 1) and buys
/// alpha with the whole; refused if the alpha received is more than <paramref name="MaxSlippageBps"/> below what
/// the spot price promises.
/// </summary>
public sealed record OpenPosition(int Netuid, Amount Collateral, Fixed Leverage, int MaxSlippageBps) : ITransaction;

/// <summary>
/// Adds <paramref name="Amount"/> TAO of collateral to the sender's position <paramref name="PositionId"/>, raising its
/// health.
/// </summary>
public sealed record AddCollateral(long PositionId, Amount Amount) : ITransaction;

/// <summary>Sells <paramref name="Alpha"/> of the position (all of it when omitted or zero) and repays pro rata.</summary>
public sealed record ClosePosition(long PositionId, int MaxSlippageBps, Amount? Alpha = null) : ITransaction;

/// <summary>One liquidation call: liquidates on the fifth consecutive block with a liquidatable call.</summary>
public sealed record Liquidate(long PositionId) : ITransaction;

/// <summary>Pays the sender the TAO rewards its liquidation calls earned.</summary>
public sealed record ClaimLiquidatorRewards() : ITransaction;

/// <summary>Claims what liquidations left to the sender's positions.</summary>
public sealed record ClaimProceeds() : ITransaction;

// ---------- crowdloan ----------

/// <summary>
/// Locks <paramref name="Amount"/> TAO in the crowdloan: each whole TAO adds a fee discount (capped), and N whole TAO
/// unlock the largest tier leverage ≤ N×.
/// </summary>
public sealed record ContributeCrowdloan(Amount Amount) : ITransaction;
/// <summary>
/// Returns the sender's whole crowdloan contribution, and with it the discount and leverage it unlocked.
/// </summary>
public sealed record WithdrawCrowdloan() : ITransaction;

// ---------- tier locks ----------

/// <summary>
/// Locks <paramref name="Amount"/> of the protocol subnet's alpha in the margin module; with
/// <c>TierInputs = lockedInMargin</c> locked alpha, not stake, sets the sender's tier.
/// </summary>
public sealed record LockTierAlpha(Amount Amount) : ITransaction;

/// <summary>Returns <paramref name="Amount"/> of the sender's locked alpha; refused while the sender has an open position under locked tiers.</summary>
public sealed record UnlockTierAlpha(Amount Amount) : ITransaction;

// ---------- keepers ----------

/// <summary>Advances the borrow accumulator one period (at most once per accrual interval). The block hook also does it.</summary>
public sealed record AccrueBorrowFees() : ITransaction;

/// <summary>Spends the whole buyback pool on the protocol subnet's alpha (interval and threshold permitting).</summary>
public sealed record ExecuteBuyback() : ITransaction;

/// <summary>Burns the alpha the buybacks bought.</summary>
public sealed record BurnBoughtAlpha() : ITransaction;

// ---------- manager ----------

/// <summary>Lists a pair (manager). Threshold defaults to 110% (1.1e9 ppb), slippage limit to 1,000 bps.</summary>
public sealed record AddPair(int Netuid, Fixed MaxLeverage, long? LiquidationThresholdPpb = null, int? MaxSlippageBps = null) : ITransaction;

/// <summary>
/// Changes a pair's terms (manager): leverage up to <paramref name="MaxLeverage"/>×, threshold 105%–110% (1.05e9–1.1e9
/// ppb), slippage limit ≤ 1,000 bps; while <paramref name="Active"/> is false the pair opens no new positions.
/// </summary>
public sealed record UpdatePair(int Netuid, Fixed MaxLeverage, long LiquidationThresholdPpb, int MaxSlippageBps, bool Active) : ITransaction;

/// <summary>Routes accrued protocol fees: owner multisig, buyback pool, insurance, treasury (manager).</summary>
public sealed record WithdrawProtocolFees() : ITransaction;

/// <summary>Draws TAO from the insurance manager into the LP pool (manager).</summary>
public sealed record DrawInsurance(Amount Amount) : ITransaction;
