using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Margin;

// The margin module's declared queries (margin.position, margin.lp, ...): typed input records and the typed records
// they answer with. Rates are Ppb (1e9 = 100%) or Bps, plain integers in JSON; health is a ppb ratio (long.MaxValue without
// debt); amounts rao; prices TAO per alpha. See MarginModule.Configure.

/// <summary><c>margin.position</c>: one open position with its health, or null if no such position is open.</summary>
public sealed record PositionQuery(long PositionId) : IQuery<PositionView?>;

/// <summary><c>margin.positions</c>: the open positions of one owner.</summary>
public sealed record PositionsQuery(string Owner) : IQuery<PositionList>;

/// <summary><c>margin.lp</c>: one liquidity provider's shares, value and claimable rewards, or null if not an LP.</summary>
public sealed record LpQuery(string Lp) : IQuery<LpView?>;

/// <summary><c>margin.pair</c>: one pair's terms and totals, or null if the subnet is not a pair.</summary>
public sealed record PairQuery(int Netuid) : IQuery<PairView?>;

/// <summary><c>margin.tier</c>: a user's tier, max leverage and fee discount.</summary>
public sealed record TierQuery(string User) : IQuery<TierView>;

/// <summary><c>margin.claims</c>: what an account can claim (liquidator rewards, liquidation proceeds) and its crowdloan contribution.</summary>
public sealed record ClaimsQuery(string Account) : IQuery<ClaimsView>;

/// <summary><c>margin.solvency</c>: the vault's TAO against everything the books owe.</summary>
public sealed record SolvencyQuery : IQuery<SolvencyView>;

/// <summary><c>margin.liquidationCandidates</c>: positions of a pair liquidatable now (what the liquidator keeper calls).</summary>
public sealed record LiquidationCandidatesQuery(int Netuid) : IQuery<LiquidationCandidates>;

/// <summary><c>margin.summary</c>: the lending pool, fees, insurance, buybacks and solvency.</summary>
public sealed record SummaryQuery : IQuery<MarginSummary>;

/// <param name="HealthPpb">(sale value + added collateral)/debt, ppb; <see cref="long.MaxValue"/> without debt.</param>
/// <param name="LiquidationPrice">
/// The pool price at which health reaches the threshold, for a constant-product pool whose k stays as it is now: a
/// display figure (double precision), never used by the engine; null when the subnet is gone.
/// </param>
/// <param name="PnlRao">Sale value − debt − initial collateral, in rao (negative for a loss; exact at any size).</param>
/// <param name="LiquidationCalls">Consecutive liquidation calls so far that the next block's call would continue.</param>
public sealed record PositionView(
    long Id, string Owner, int Netuid, Amount Alpha, Amount InitialCollateral, Amount AddedCollateral, Amount Borrowed,
    Fixed Leverage, Fixed EntryPrice, long OpenedAt, Amount BorrowingFeeOwed, Amount Value, Amount Debt, long HealthPpb,
    Ppb LiquidationThresholdPpb, bool Liquidatable, Fixed? LiquidationPrice, Int128 PnlRao, int LiquidationCalls);

public sealed record PositionList(string Owner, IReadOnlyList<PositionView> Positions);

/// <param name="Value">TAO the shares are worth now.</param>
/// <param name="PendingFees">TAO fees claimable now (settled as a claim would).</param>
/// <param name="PendingEmission">Protocol-subnet alpha claimable now.</param>
/// <param name="WithdrawalsOpenAt">First block of the next allowed withdrawal (LP cooldown).</param>
public sealed record LpView(string Lp, UInt128 Shares, Amount Value, Amount PendingFees, Amount PendingEmission, long LastActionBlock,
    long WithdrawalsOpenAt);

public sealed record PairView(int Netuid, Fixed MaxLeverage, Ppb LiquidationThresholdPpb, Bps MaxSlippageBps, bool Active,
    Amount TotalCollateral, Amount TotalBorrowed, Amount TotalAlpha, int OpenPositions, Fixed SpotPrice);

public sealed record TierView(string User, int Tier, Amount StakedAlpha, Amount CrowdloanContribution, Fixed MaxLeverage, Ppb DiscountPpb);

public sealed record ClaimsView(string Account, Amount LiquidatorRewards, Amount LiquidationProceeds, Amount CrowdloanContribution);

/// <param name="Solvent">The vault covers every obligation and LPs' assets cover what is lent.</param>
public sealed record SolvencyView(Amount VaultTao, Amount Obligations, Amount Surplus, bool Solvent);

public sealed record LiquidationCandidates(int Netuid, IReadOnlyList<long> PositionIds);

public sealed record PoolView(Amount LpAssets, UInt128 LpShares, Fixed LpShareValue, Amount TotalBorrowed, Amount FreeLiquidity,
    Ppb UtilizationPpb, Ppb BorrowRatePpbPer360Blocks, UInt128 BorrowIndexPpb, long LastAccrualBlock, bool CircuitBreakerTripped);

public sealed record FeesView(Amount PendingLpFees, Amount PendingLpEmission, Amount ProtocolFees, Amount BuybackPool,
    Amount TotalTrading, Amount TotalBorrowing, Amount TotalLiquidation);

public sealed record InsuranceView(Amount Balance, Amount Received, Amount Drawn, Amount BadDebtCovered, Amount BadDebtWrittenOff);

/// <param name="LastBlock">Block of the last buyback; null before the first.</param>
public sealed record BuybackView(Amount TaoSpent, Amount AlphaBought, Amount AlphaBurned, long? LastBlock);

public sealed record MarginSummary(PoolView Pool, FeesView Fees, InsuranceView Insurance, BuybackView Buyback, SolvencyView Solvency,
    long Liquidations, int Pairs, int OpenPositions, int LiquidityProviders);

/// <summary>The margin module's state as <c>ballast exec</c> and the node show it: the summary, then every pair, position, LP, claim and tier.</summary>
public sealed record MarginView(
    PoolView Pool, FeesView Fees, InsuranceView Insurance, BuybackView Buyback, SolvencyView Solvency, long Liquidations,
    IReadOnlyList<PairView> Pairs, IReadOnlyList<PositionView> Positions, IReadOnlyList<LpView> LiquidityProviders,
    IReadOnlyDictionary<string, Amount> LiquidatorRewards, IReadOnlyDictionary<string, Amount> OwnerClaims,
    IReadOnlyDictionary<string, Amount> Crowdloan, IReadOnlyList<TierView> Tiers);
