using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Subnets;
using Ballast.Underwriting.Handlers;

namespace Ballast.Underwriting;

/// <summary>
/// Seed 002's decentralised underwriting (RAMM): vaults whose liquidity reaches an instrument only when managers with
/// reputation put first-loss capital behind it in a longZCB/shortZCB assessment market on a linear bonding curve,
/// validators drawn by reputation approve it, and at maturity the bonds redeem at ω with V_in = V_out to the unit.
/// Requires the subnet markets (<see cref="ISubnetMarkets"/>) for asset instruments holding subnet alpha.
/// Design and choices: docs/underwriting.md.
/// </summary>
public sealed class UnderwritingModule(UnderwritingParameters? parameters = null) : IModule
{
    public const string ModuleName = "underwriting";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new UnderwritingState())
        .AddParameters(UnderwritingParameters.CreateSet(parameters))
        .Handle<GenesisManager>("genesisManager", Vaults.Apply)
        .Handle<CreateVault>("createVault", Vaults.Apply)
        .Handle<Deposit>("deposit", Vaults.Apply)
        .Handle<Withdraw>("withdraw", Vaults.Apply)
        .Handle<LockVt>("lockVt", Vaults.Apply)
        .Handle<UnlockVt>("unlockVt", Vaults.Apply)
        .Handle<RegisterManager>("registerManager", Vaults.Apply)
        .Handle<ProposeCreditLine>("proposeCreditLine", Assessment.Apply)
        .Handle<ProposeAssetInstrument>("proposeAsset", Assessment.Apply)
        .Handle<BuyLong>("buyLong", Assessment.Apply)
        .Handle<SellLong>("sellLong", Assessment.Apply)
        .Handle<BuyShort>("buyShort", Assessment.Apply)
        .Handle<SellShort>("sellShort", Assessment.Apply)
        .Handle<DrawValidators>("drawValidators", Approval.Apply)
        .Handle<ApproveInstrument>("approve", Approval.Apply)
        .Handle<CloseUnapproved>("closeUnapproved", Approval.Apply)
        .Handle<PlaceOrder>("placeOrder", Book.Apply)
        .Handle<CancelOrder>("cancelOrder", Book.Apply)
        .Handle<Trade>("trade", Book.Apply)
        .Handle<Drawdown>("drawdown", Maturity.Apply)
        .Handle<Repay>("repay", Maturity.Apply)
        .Handle<Resolve>("resolve", Maturity.Apply)
        .Handle<Redeem>("redeem", Maturity.Apply)
        .Query<VaultQuery, VaultView?>("vault", (v, q) => UnderwritingQueries.Vault(v, q.VaultId))
        .Query<VaultsQuery, IReadOnlyList<VaultView>>("vaults", (v, _) => UnderwritingQueries.Vaults(v))
        .Query<InstrumentQuery, InstrumentView?>("instrument", (v, q) => UnderwritingQueries.Instrument(v, q.InstrumentId))
        .Query<InstrumentsQuery, IReadOnlyList<InstrumentView>>("instruments", (v, q) => UnderwritingQueries.Instruments(v, q.VaultId))
        .Query<HoldingQuery, HoldingView?>("holding", UnderwritingQueries.Holding)
        .Query<ManagerQuery, ManagerView?>("manager", (v, q) => UnderwritingQueries.Manager(v, q.Account))
        .Query<ManagersQuery, IReadOnlyList<ManagerView>>("managers", (v, _) => UnderwritingQueries.Managers(v))
        .Query<ImpliedTermsQuery, ImpliedTermsView?>("impliedTerms", (v, q) => UnderwritingQueries.Implied(v, q.InstrumentId))
        .Query<BookQuery, BookView?>("book", (v, q) => UnderwritingQueries.Book(v, q.InstrumentId))
        .Query<QuoteQuery, QuoteView?>("quote", UnderwritingQueries.Quote)
        .Event<VaultCreated>("vaultCreated")
        .Event<Deposited>("deposited")
        .Event<Withdrawn>("withdrawn")
        .Event<VtLockChanged>("vtLockChanged")
        .Event<ManagerRegistered>("managerRegistered")
        .Event<InstrumentProposed>("proposed")
        .Event<LongBought>("longBought")
        .Event<LongSold>("longSold")
        .Event<ShortBought>("shortBought")
        .Event<ShortSold>("shortSold")
        .Event<PhaseChanged>("phaseChanged")
        .Event<ValidatorsDrawn>("validatorsDrawn")
        .Event<ValidatorApproved>("validatorApproved")
        .Event<InstrumentApproved>("approved")
        .Event<Refunded>("refunded")
        .Event<OrderPlaced>("orderPlaced")
        .Event<OrderCancelled>("orderRemoved")
        .Event<OrderFilled>("filled")
        .Event<PrincipalDrawn>("drawn")
        .Event<InstrumentRepaid>("repaid")
        .Event<InstrumentResolved>("resolved")
        .Event<StakeSlashed>("stakeSlashed")
        .Event<ReputationUpdated>("reputationUpdated")
        .Event<Redeemed>("redeemed")
        .Require<ISubnetMarkets>(HookOrder.AfterProvider);
}
