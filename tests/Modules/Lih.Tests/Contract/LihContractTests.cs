using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Contract;

/// <summary>
/// The three modules on the module contract: ports and the hook order they give, declared names, transactions that
/// are all or nothing, parameters declared once (rates, switches as enums, the caps as a table).
/// </summary>
public class LihContractTests
{
    // ---------- ports and hook order ----------

    [Fact]
    public void Ports_are_provided_and_required_as_declared()
    {
        var engine = Create().Engine;
        engine.Ports.Where(p => p.Provider is "perps" or "insurance").Select(p => (p.Port, p.Provider)).OrderBy(p => p.Port.Name, StringComparer.Ordinal).ShouldBe([
            (typeof(IInsuranceControl), "insurance"),
            (typeof(IInsuranceCover), "insurance"),
            (typeof(IPerpsLevers), "perps"),
        ]);
        engine.PortRequirements.Where(r => r.Module is "perps" or "insurance" or "risk").Select(r => (r.Module, r.Port, r.Order)).ShouldBe([
            ("perps", typeof(IInsuranceCover), HookOrder.BeforeProvider),
            ("perps", typeof(ISubnetMarkets), HookOrder.AfterProvider), // a pool-priced index: the pool's reserves and swap fee
            ("insurance", typeof(ISubnetMarkets), HookOrder.AfterProvider),
            ("risk", typeof(IPerpsLevers), HookOrder.AfterProvider),
            ("risk", typeof(IInsuranceControl), HookOrder.AfterProvider),
            ("risk", typeof(ISubnetMarkets), HookOrder.AfterProvider),
        ], ignoreOrder: true);
    }

    [Fact]
    public void Hooks_run_subnets_margin_perps_insurance_risk()
    {
        // The CLI's engine (src/Hosts/Cli/Engines.cs), and the seed-000 modules alone.
        new Engine(new EngineOptions(), new SubnetModule(), new Ballast.Margin.MarginModule(), new PerpsModule(), new InsuranceModule(), new RiskControlModule())
            .HookOrder.ShouldBe(["subnets", "margin", "perps", "insurance", "risk"]);
        Create().Engine.HookOrder.ShouldBe(["subnets", "perps", "insurance", "risk"]);
    }

    [Fact]
    public void The_port_graph_orders_the_hooks_whatever_order_the_host_gives()
    {
        var engine = new Engine(new EngineOptions(), new RiskControlModule(), new InsuranceModule(), new PerpsModule(), new SubnetModule());
        var order = engine.HookOrder.ToList();
        // perps feeds the pool (BeforeProvider); the pool sells the subnet's emission; the controller reads all three.
        order.IndexOf("perps").ShouldBeLessThan(order.IndexOf("insurance"));
        order.IndexOf("subnets").ShouldBeLessThan(order.IndexOf("insurance"));
        order.IndexOf("insurance").ShouldBeLessThan(order.IndexOf("risk"));
        order[^1].ShouldBe("risk");
    }

    [Fact]
    public void A_missing_port_fails_at_construction_naming_it()
    {
        Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new PerpsModule()))
            .Message.ShouldContain("perps' requires port IInsuranceCover");
        Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new SubnetModule(), new InsuranceModule(), new RiskControlModule()))
            .Message.ShouldContain("risk' requires port IPerpsLevers");
        Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new PerpsModule(), new InsuranceModule()))
            .Message.ShouldContain("perps' requires port ISubnetMarkets");
        Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new InsuranceModule()))
            .Message.ShouldContain("insurance' requires port ISubnetMarkets");
    }

    // ---------- declared names ----------

    [Fact]
    public void Every_query_and_event_has_its_stable_name_in_the_catalogs()
    {
        var engine = Create().Engine;
        engine.Queries.Names.Where(n => n.StartsWith("perps.", StringComparison.Ordinal) || n.StartsWith("insurance.", StringComparison.Ordinal) || n.StartsWith("risk.", StringComparison.Ordinal))
            .ShouldBe(["insurance.pool", "perps.lender", "perps.market", "perps.position", "perps.positions", "perps.summary", "perps.vault", "risk.controller"]);
        (Type Type, string Name)[] events =
        [
            (typeof(MarketCreated), "perps.marketCreated"), (typeof(PerpOpened), "perps.opened"), (typeof(PerpClosed), "perps.closed"),
            (typeof(PerpLiquidated), "perps.liquidated"), (typeof(FundingSettled), "perps.fundingSettled"), (typeof(LeverageCapUnlocked), "perps.capUnlocked"),
            (typeof(PerpLiquidityChanged), "perps.liquidityChanged"), (typeof(DepthChanged), "perps.depthChanged"),
            (typeof(TreasuryFunded), "insurance.treasuryFunded"), (typeof(TreasuryToppedUp), "insurance.toppedUp"), (typeof(LossCovered), "insurance.lossCovered"),
            (typeof(LambdaChanged), "insurance.lambdaChanged"), (typeof(EmissionFunded), "insurance.emissionFunded"),
            (typeof(RiskBreakerChanged), "risk.breakerChanged"),
        ];
        foreach (var (type, name) in events)
        {
            engine.EventCatalog.TryGet(name, out var info).ShouldBeTrue(name);
            info.Type.ShouldBe(type);
        }
        engine.EventCatalog.Names.Count(n => n.StartsWith("perps.", StringComparison.Ordinal) || n.StartsWith("insurance.", StringComparison.Ordinal) || n.StartsWith("risk.", StringComparison.Ordinal))
            .ShouldBe(events.Length);
        // every event and query type in the three assemblies is declared
        foreach (var assembly in new[] { typeof(PerpsModule).Assembly, typeof(InsuranceModule).Assembly, typeof(RiskControlModule).Assembly })
            foreach (var t in assembly.GetTypes())
            {
                if (typeof(IEvent).IsAssignableFrom(t)) engine.EventCatalog.TryGet(t, out _).ShouldBeTrue($"{t.Name} is not declared");
                if (t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQuery<>))) engine.Queries.TryGet(t, out _).ShouldBeTrue($"{t.Name} is not declared");
            }
    }

    [Fact]
    public void Module_states_are_internal_and_no_module_sees_another_modules_internals()
    {
        typeof(PerpsModule).Assembly.GetType("Ballast.Perps.PerpsState")!.IsPublic.ShouldBeFalse();
        typeof(InsuranceModule).Assembly.GetType("Ballast.Insurance.InsuranceState")!.IsPublic.ShouldBeFalse();
        typeof(RiskControlModule).Assembly.GetType("Ballast.RiskControl.RiskState")!.IsPublic.ShouldBeFalse();
        foreach (var assembly in new[] { typeof(PerpsModule).Assembly, typeof(InsuranceModule).Assembly, typeof(RiskControlModule).Assembly })
            foreach (var grant in assembly.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), false).Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>())
                new[] { "Ballast.Lih.Tests", "Ballast.Bench" }.ShouldContain(grant.AssemblyName, $"{assembly.GetName().Name} grants its internals to {grant.AssemblyName}: only its tests and the benchmarks may see them");
    }

    // ---------- all or nothing ----------

    [Fact]
    public void An_open_that_moved_margin_and_fee_but_cannot_pay_the_premium_leaves_no_trace()
    {
        // t2 holds exactly margin + fee for a 10 TAO 10x long (10 TAO + 101,000 rao, see VammTests): the margin and fee move
        // to the vault, then the premium (316,228 rao: 1e-6·√10 of 100 TAO) cannot be paid; the whole transaction is rolled back.
        var w = Create(risk: new RiskParameters { SigmaRef = Fixed.One }, traderTao: 10.000101m);
        w.RunOk(Post(AlphaTao, "2"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        var probe = RejectionProbe.Run(w.Engine, [], Long("t2", "A", 10, "10"));
        probe.ShouldBeRejectedWithoutEffect(CoreErrors.InsufficientBalance, "needs 10000417228");
        w.Balance("t2").ShouldBe(Tao(10.000101m));
        w.Perps.Positions.ShouldBeEmpty();
        w.Perps.Markets["A"].OpenIds.Count.ShouldBe(0);
    }

    [Fact]
    public void An_open_whose_arithmetic_overflows_is_refused_before_anything_is_written()
    {
        // X/USD at 1e11 on a market of the largest depth, 1e15 units: 2.5e6 TAO at 40x is a notional of 1e8 TAO = 1e19
        // USD, u = 1e8 units, inside the long side's cap (1e15·(1 − 1/√1.00001) ≈ 5e9 units), but Σ L·notional = 4e20
        // overflows Fixed (≈ 1.7e20). Everything an open writes is computed before its first write, so this is the
        // refusal ArithmeticOverflow, not a half-written position (the phantom position of issue 7). t1 can pay for it.
        var w = Create(risk: new RiskParameters { SigmaRef = Fixed.One }, traderTao: 3_000_000_000);
        w.RunOk(Post(Usd, "100000000000"), Post(UsdGuard, "100000000000"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("BIG", Usd, "1000000000000000", quoteIsTao: false));
        var open = new OpenPerp("BIG", PerpSide.Long, new Amount(2_500_000_000_000_000), X("40")).From("t1");
        RejectionProbe.Run(w.Engine, [], open).ShouldBeRejectedWithoutEffect(CoreErrors.ArithmeticOverflow);
        w.Perps.Positions.ShouldBeEmpty();
        w.Perps.NextPositionId.ShouldBe(1);
    }

    [Fact]
    public void A_pool_priced_market_without_a_guard_is_refused_after_reading_the_pool_and_leaves_no_trace()
    {
        // The mark is the index at creation (Y = X = D), so creation no longer forms a product that can overflow; the
        // refusal that comes after reads (the index, the pool through ISubnetMarkets) is the guard rule: a pool's price
        // is what one trade moves, so the market needs a second source to bound it. Nothing is created, no mark is recorded.
        var w = Create();
        w.RunOk(new RegisterSubnet(3, Tao(1_000), X("0.05")).From(SubnetOwner), Post(AlphaTao, "0.05"));
        RejectionProbe.Run(w.Engine, [], Market("SN3", "subnet:3", "1000000000000", quoteIsTao: true))
            .ShouldBeRejectedWithoutEffect(PerpsErrors.GuardRequired, "subnet:3");
        w.Perps.Markets.Count.ShouldBe(0);
        w.Perps.MarketIds.ShouldBeEmpty();
        w.Engine.Prices.TryGetSource("perps:SN3:mark", out _).ShouldBeFalse();
        // with the guard the market is made, on subnet 3's pool
        w.RunOk(Market("SN3", "subnet:3", "1000000000000", quoteIsTao: true, guard: AlphaTao));
        w.Perps.Markets["SN3"].IndexNetuid.ShouldBe(3);
    }

    [Fact]
    public void A_claim_paid_and_then_refused_leaves_the_pool_as_it_was()
    {
        // The pool's state (paid out, utilisation, λ raised above θ, the lossCovered and lambdaChanged events) and the
        // payout itself are written, then the transaction is refused: all of it is rolled back.
        var w = Create(insurance: new InsuranceParameters { TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000 }, probe: true);
        w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
        var probe = RejectionProbe.Run(w.Engine, [], new ProbeCoverThenFail("claims", Tao(50), Throw: false).From(Nobody));
        probe.ShouldBeRejectedWithoutEffect(ProbeModule.Refused);
        w.Insurance.PaidOut.ShouldBe(Amount.Zero);
        w.LambdaPpb.ShouldBe(50_000_000);
        w.Balance("claims").ShouldBe(Amount.Zero);
    }

    [Fact]
    public void A_handler_that_throws_after_a_claim_is_a_broken_invariant_and_the_state_is_rolled_back()
    {
        var w = Create(insurance: new InsuranceParameters { TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000 }, probe: true);
        w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
        var hash = w.Engine.StateHash();
        var e = Should.Throw<InvariantViolationException>(() => w.Block(new ProbeCoverThenFail("claims", Tao(50), Throw: true).From(Nobody)));
        e.Message.ShouldContain("probe.coverThenFail");
        e.Message.ShouldContain("after changing state");
        // the transaction is undone before the host is told
        w.Engine.StateHash().ShouldBe(hash);
        w.Insurance.PaidOut.ShouldBe(Amount.Zero);
        w.Insurance.LambdaPpb.ShouldBe(new Ppb(50_000_000));
        w.Reserve.ShouldBe(Tao(100));
        w.Balance("claims").ShouldBe(Amount.Zero);
    }

    [Fact]
    public void The_account_index_and_open_ids_are_derived_rebuilt_after_a_restore_and_never_hashed()
    {
        var w = VammWorld();
        long longId = w.Open(Long("t1", "A", 10, "10"));
        long shortId = w.Open(Short("t2", "A", 5, "20"));
        var hash = w.Engine.StateHash();
        var snapshot = w.Engine.Snapshot();
        // wipe the derived indexes: they are not hashed, and the restore must rebuild them from the positions
        w.Perps.PositionOf.Clear();
        w.Perps.Markets["A"].OpenIds.Clear();
        w.Engine.StateHash().ShouldBe(hash);
        w.Engine.Restore(snapshot);
        w.Perps.Markets["A"].OpenIds.ShouldBe([longId, shortId]);
        w.Perps.PositionOf.ShouldBe(new Dictionary<(string, string), long> { [("t1", "A")] = longId, [("t2", "A")] = shortId }, ignoreOrder: true);
        w.Engine.StateHash().ShouldBe(hash);

        // The rebuilt account index nets: a 2 TAO 10x short from t1 covers 20/100 of its long (no new position).
        w.RunOk(Short("t1", "A", 2, "10"));
        var reduced = w.LastBlockEvents<PerpClosed>().ShouldHaveSingleItem();
        (reduced.PositionId, reduced.Trader, reduced.Fraction).ShouldBe((longId, "t1", X("0.2")));
        w.LastBlockEvents<PerpOpened>().ShouldBeEmpty();
        w.Perps.Positions.Count.ShouldBe(2);
        w.Perps.Positions[longId].Margin.ShouldBe(Tao(8));

        // The rebuilt open ids still liquidate. t2's 20x short of 5 TAO (100 TAO, u = 50, size −49.9999999975…) buys back
        // at net size n = −9.9999999995 (t1's long less the fifth it closed) at index 2.095: exit 104.749999997905000007
        // TAO (up) ≈ 50·2.095, PnL −4,749,999,998 rao (floored), fee 1,020 ppb of 104.75 TAO = 106,845 rao (up): equity
        // 249,893,157 rao, below its maintenance max(6.25%·5 TAO, 4.77e-5·104.75 TAO) = 0.3125 TAO. (At 2.09 it would
        // be 499,893,412 rao, above.) t1's long gains. Half the remaining equity, rounded up, goes to the pool.
        w.RunOk(Post(AlphaTao, "2.095"));
        var liquidated = w.LastBlockEvents<PerpLiquidated>().ShouldHaveSingleItem();
        (liquidated.PositionId, liquidated.Trader, liquidated.Loss).ShouldBe((shortId, "t2", Amount.Zero));
        (liquidated.Penalty, liquidated.Returned).ShouldBe((Rao(124_946_579), Rao(124_946_578)));
        w.Perps.Markets["A"].OpenIds.ShouldBe([longId]);
        w.Perps.PositionOf.Keys.ShouldBe([("t1", "A")]);
    }

    // ---------- parameters declared once ----------

    [Fact]
    public void The_leverage_caps_are_a_table_governed_cell_by_cell()
    {
        var w = Create();
        var names = w.Engine.Parameters.All.Single(s => s.Module == "perps").View().Select(v => v.Name).ToList();
        names.ShouldContain("Caps[0].MaxLeverage");
        names.ShouldContain("Caps[3].UnlockReserveRao");
        names.ShouldNotContain("Cap1");
        names.ShouldNotContain("UnlockReserve2Rao");
        w.Run(new SetParameter("perps", "Caps[1].UnlockReserveRao", "7").From(Dao)).Accepted.ShouldBeTrue();
        w.ReadView.Params<PerpsParameters>().Caps[1].ShouldBe(new LeverageCap(Fixed.FromInt(100), 7));
        w.Run(new SetParameter("perps", "Caps[2].MaxLeverage", "99").From(Dao)).Error.ShouldBe(GovernanceErrors.InconsistentParameters);
        w.Run(new SetParameter("perps", "Caps[0].UnlockReserveRao", "1").From(Dao)).Error.ShouldBe(GovernanceErrors.InconsistentParameters);
        w.Run(new SetParameter("perps", "GuardMaxDeviationBps", "10001").From(Dao)).Error.ShouldBe(GovernanceErrors.ParameterOutOfRange);
    }

    [Fact]
    public void The_controller_switches_are_enums_set_by_name()
    {
        var w = Create();
        var risk = w.Engine.Parameters.All.Single(s => s.Module == "risk").View().ToDictionary(v => v.Name, v => v.Value);
        (risk["PidIntegral"], risk["PidTarget"]).ShouldBe(("error", "expectedLoss"));
        w.RunOk(new SetParameter("risk", "PidIntegral", "expectedLossRatio").From(Dao), new SetParameter("risk", "PidTarget", "adequacyBound").From(Dao));
        var p = w.ReadView.Params<RiskParameters>();
        (p.PidIntegral, p.PidTarget).ShouldBe((PidIntegral.ExpectedLossRatio, PidTarget.AdequacyBound));
        w.Run(new SetParameter("risk", "PidTarget", "sometimes").From(Dao)).Error.ShouldBe(GovernanceErrors.InvalidParameterValue);
        // rates are ppb, with their ranges and the cross-field rule
        w.Run(new SetParameter("insurance", "LambdaMinPpb", "600000000").From(Dao)).Error.ShouldBe(GovernanceErrors.InconsistentParameters);
        w.RunOk(new SetParameter("insurance", "LambdaMaxPpb", "600000000").From(Dao));
        w.ReadView.Params<InsuranceParameters>().LambdaMaxPpb.ShouldBe(new Ppb(600_000_000));
    }

    internal static LihWorld VammWorld() => Ballast.Lih.Tests.Perps.VammTests.TaoQuotedMarket();
}
