using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Subnets;

namespace Ballast.Margin;

/// <summary>
/// Tenexium's long-only spot margin protocol on the subnet markets: TAO LPs lend to traders who buy alpha with up
/// to 10× leverage (by tier), pay trading, borrowing and liquidation fees split among LPs, liquidators, protocol and
/// insurance; positions are liquidated after five consecutive blocks of liquidatable calls; protocol fees fund a
/// buyback-and-burn of the protocol subnet's alpha. It trades and reads stakes only through the subnet markets'
/// port (<see cref="ISubnetMarkets"/>), so its block hook runs after the subnets'. See docs/margin.md.
/// </summary>
public sealed partial class MarginModule(MarginParameters? parameters = null) : IModule
{
    public const string ModuleName = "margin";

    /// <summary>Lists pairs, withdraws protocol fees, draws insurance.</summary>
    public const string ManagerRole = "margin.manager";

    // Module accounts. The vault holds all TAO of LPs, collateral, fees and claims; alpha of open positions sits in
    // the positions account; the insurance manager's fund in its own.
    public const string VaultAccount = "margin:vault";
    public const string PositionsAccount = "margin:positions";
    public const string InsuranceAccount = "margin:insurance";
    public const string BuybackAccount = "margin:buyback";
    public const string CrowdloanAccount = "margin:crowdloan";
    public const string EmissionsAccount = "margin:emissions";
    public const string OwnerFeesAccount = "margin:owner";
    public const string TreasuryAccount = "margin:treasury";
    /// <summary>Protocol-subnet alpha locked for tiers; created on the first lock.</summary>
    public const string TierLocksAccount = "margin:tierlocks";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new MarginState())
        .AddParameters(MarginParameters.CreateSet(parameters))
        .Require<ISubnetMarkets>()
        // transactions
        .Handle<GenesisMarginConfig>("genesisConfig", Apply)
        .Handle<DepositLiquidity>("deposit", Apply)
        .Handle<WithdrawLiquidity>("withdraw", Apply)
        .Handle<ClaimLpFees>("claimLpFees", Apply)
        .Handle<ClaimLpEmissions>("claimLpEmissions", Apply)
        .Handle<OpenPosition>("open", Apply)
        .Handle<AddCollateral>("addCollateral", Apply)
        .Handle<ClosePosition>("close", Apply)
        .Handle<Liquidate>("liquidate", Apply)
        .Handle<ClaimLiquidatorRewards>("claimLiquidatorRewards", Apply)
        .Handle<ClaimProceeds>("claimProceeds", Apply)
        .Handle<ContributeCrowdloan>("contributeCrowdloan", Apply)
        .Handle<WithdrawCrowdloan>("withdrawCrowdloan", Apply)
        .Handle<LockTierAlpha>("lockTierAlpha", Apply)
        .Handle<UnlockTierAlpha>("unlockTierAlpha", Apply)
        .Handle<AccrueBorrowFees>("accrue", Apply)
        .Handle<ExecuteBuyback>("buyback", Apply)
        .Handle<BurnBoughtAlpha>("burn", Apply)
        .Handle<AddPair>("addPair", Apply)
        .Handle<UpdatePair>("updatePair", Apply)
        .Handle<WithdrawProtocolFees>("withdrawProtocolFees", Apply)
        .Handle<DrawInsurance>("drawInsurance", Apply)
        // queries
        .Query<PositionQuery, PositionView?>("position", MarginQueries.Position)
        .Query<PositionsQuery, PositionList>("positions", MarginQueries.Positions)
        .Query<LpQuery, LpView?>("lp", MarginQueries.Lp)
        .Query<PairQuery, PairView?>("pair", MarginQueries.Pair)
        .Query<TierQuery, TierView>("tier", MarginQueries.Tier)
        .Query<ClaimsQuery, ClaimsView>("claims", MarginQueries.Claims)
        .Query<SolvencyQuery, SolvencyView>("solvency", (view, _) => MarginQueries.Solvency(view))
        .Query<LiquidationCandidatesQuery, LiquidationCandidates>("liquidationCandidates",
            (view, q) => new LiquidationCandidates(q.Netuid, MarginQueries.LiquidationCandidates(view, q.Netuid)))
        .Query<SummaryQuery, MarginSummary>("summary", (view, _) => MarginQueries.Summary(view))
        // events
        .Event<PairAdded>("pairAdded")
        .Event<PairUpdated>("pairUpdated")
        .Event<LiquidityDeposited>("deposited")
        .Event<LiquidityWithdrawn>("withdrawn")
        .Event<LpFeesClaimed>("lpFeesClaimed")
        .Event<LpEmissionsClaimed>("lpEmissionsClaimed")
        .Event<PositionOpened>("opened")
        .Event<CollateralAdded>("collateralAdded")
        .Event<PositionClosed>("closed")
        .Event<LiquidationCalled>("liquidationCalled")
        .Event<PositionLiquidated>("liquidated")
        .Event<LiquidatorRewarded>("liquidatorRewarded")
        .Event<BadDebt>("badDebt")
        .Event<LiquidatorRewardsClaimed>("liquidatorRewardsClaimed")
        .Event<ProceedsClaimed>("proceedsClaimed")
        .Event<FeeDistributed>("feeDistributed")
        .Event<BorrowFeesAccrued>("accrued")
        .Event<ProtocolFeesWithdrawn>("protocolFeesWithdrawn")
        .Event<BuybackExecuted>("buyback")
        .Event<BoughtAlphaBurned>("burned")
        .Event<InsuranceDrawn>("insuranceDrawn")
        .Event<CrowdloanContributed>("crowdloanContributed")
        .Event<CrowdloanWithdrawn>("crowdloanWithdrawn")
        .Event<TierAlphaLocked>("tierAlphaLocked")
        .Event<TierAlphaUnlocked>("tierAlphaUnlocked")
        .Event<LpInterestCredited>("lpInterestCredited")
        .Event<CircuitBreaker>("circuitBreaker")
        .Event<EmissionsReceived>("emissionsReceived")
        .AddKeeper("liquidator", new Liquidation.LiquidatorKeeper())
        .OnBlockEnd(OnBlockEnd);

    private static TxResult Apply(EngineContext ctx, GenesisMarginConfig tx)
    {
        var state = ctx.State<MarginState>();
        foreach (var name in new[] { VaultAccount, PositionsAccount, InsuranceAccount, BuybackAccount, CrowdloanAccount, EmissionsAccount, OwnerFeesAccount, TreasuryAccount })
            ctx.Ledger.GetOrCreateModuleAccount(name);
        foreach (var account in new[] { tx.Owner, tx.Treasury, tx.Manager })
        {
            if (account is null) continue;
            var r = ctx.ResolveAccount(account, out _);
            if (!r.Accepted) return r;
        }
        if (tx.ProtocolHotkey is { } hotkey) state.ProtocolHotkey = hotkey;
        if (tx.Owner is { } owner) state.OwnerAccount = owner;
        if (tx.Treasury is { } treasury) state.TreasuryAccount = treasury;
        if (tx.Manager is { } manager && ctx.Roles.Grant(ManagerRole, manager))
            ctx.Emit(new Ballast.Core.Governance.RoleGranted(ManagerRole, manager));
        return TxResult.Ok;
    }

    /// <summary>After each block: the keeper's accrual when due, LP emissions, the circuit breaker.</summary>
    private static void OnBlockEnd(EngineContext ctx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        // While nothing is lent the contract's clock stays put (IdleAccrualClock.Frozen); the other reading restarts it.
        if (state.TotalBorrowed.IsZero)
        {
            if (p.IdleAccrualClock == IdleAccrualClock.RestartsWhileIdle) state.LastAccrualBlock = ctx.Height;
        }
        else if (ctx.Height - state.LastAccrualBlock >= p.BorrowAccrualIntervalBlocks) Books.Accrue(ctx, state, p);
        Books.DistributeEmissions(ctx, state, p);
        Books.UpdateBreaker(ctx, state, p);
    }

    internal static string Percent(long ppb) => ppb == long.MaxValue ? "∞" : $"{ppb / 10_000_000.0:0.###}%";
}
