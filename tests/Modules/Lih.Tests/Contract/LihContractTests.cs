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
            (typeof(PerpLiquidityChanged), "perps.liquidityChanged"),
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
        // to the vault, then the premium (31,622,777 rao) cannot be paid; the whole transaction is rolled back.
        var w = Create(risk: new RiskParameters { SigmaRef = Fixed.One }, traderTao: 10.000101m);
        w.RunOk(Post(AlphaTao, "2"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        var probe = RejectionProbe.Run(w.Engine, [], Long("t2", "A", 10, "10"));
        probe.ShouldBeRejectedWithoutEffect(CoreErrors.InsufficientBalance, "needs 10031723777");
        w.Balance("t2").ShouldBe(Tao(10.000101m));
        w.Perps.Positions.ShouldBeEmpty();
        w.Perps.Markets["A"].OpenIds.Count.ShouldBe(0);
    }

    [Fact]
    public void An_open_whose_arithmetic_overflows_is_refused_before_anything_is_written()
    {
        // X/USD at 1e11 on a market of 1e9 units a side (the largest base reserve, issue 8 item 7; k = 1e18): 2.5e6 TAO
        // at 40x is a notional of 1e8 TAO = 1e19 USD, inside the depth check (units 1e8 ≤ 99·1e9), but Σ L·notional =
        // 4e20 overflows Fixed (≈ 1.7e20). Everything an open writes is computed before its first write, so this is the
        // refusal ArithmeticOverflow, not a half-written position (the phantom position of issue 7). t1 can pay for it.
        var w = Create(risk: new RiskParameters { SigmaRef = Fixed.One }, traderTao: 3_000_000_000);
        w.RunOk(Post(Usd, "100000000000"), Post(UsdGuard, "100000000000"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("BIG", Usd, "1000000000", quoteIsTao: false));
        var open = new OpenPerp("BIG", PerpSide.Long, new Amount(2_500_000_000_000_000), X("40")).From("t1");
        RejectionProbe.Run(w.Engine, [], open).ShouldBeRejectedWithoutEffect(CoreErrors.ArithmeticOverflow);
        w.Perps.Positions.ShouldBeEmpty();
        w.Perps.NextPositionId.ShouldBe(1);
    }

    [Fact]
    public void A_market_whose_mark_overflows_is_refused_before_it_is_created()
    {
        // peg·Y = 1e12·1e9 = 1e21 is beyond Fixed's range (≈ 1.7e20), with the largest base reserve allowed
        var w = Create();
        w.RunOk(Post(Usd, "1000000000000"));
        RejectionProbe.Run(w.Engine, [], Market("BIG", Usd, "1000000000", quoteIsTao: false)).ShouldBeRejectedWithoutEffect(CoreErrors.ArithmeticOverflow);
        w.Perps.Markets.Count.ShouldBe(0);
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
    public void Liquidation_books_are_derived_rebuilt_after_a_restore_and_never_hashed()
    {
        var w = VammWorld();
        w.Open(Long("t1", "A", 10, "10"));
        w.Open(Short("t2", "A", 5, "20"));
        var hash = w.Engine.StateHash();
        var snapshot = w.Engine.Snapshot();
        w.Engine.Restore(snapshot);
        w.Perps.Markets["A"].OpenIds.Count.ShouldBe(2);
        w.Engine.StateHash().ShouldBe(hash);
        // the rebuilt book still liquidates: 10x long at 1.8125, 20x short at 2·(1 + 0.9375/20) = 2.09375
        w.RunOk(Post(AlphaTao, "2.1"));
        w.LastBlockEvents<PerpLiquidated>().Select(l => l.Trader).ShouldBe(["t2"]);
        w.Perps.Markets["A"].OpenIds.Count.ShouldBe(1);
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
