using System.Collections;
using System.Reflection;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Contract;

/// <summary>
/// The margin module on the module contract: its declared catalogs, its port, its state declared once (journaled,
/// cloned and hashed from the declaration), its readers that write nothing, its parameters declared once.
/// </summary>
public class MarginContractTests
{
    private static readonly Assembly Margin = typeof(MarginModule).Assembly;

    private static Engine NewEngine() => new(new EngineOptions(), new SubnetModule(), new MarginModule());

    [Fact]
    public void Every_query_and_event_is_declared_under_its_stable_name()
    {
        var engine = NewEngine();
        engine.Queries.All.Where(q => q.Module == MarginModule.ModuleName).Select(q => q.Name).ShouldBe([
            "margin.claims", "margin.liquidationCandidates", "margin.lp", "margin.pair", "margin.position", "margin.positions",
            "margin.solvency", "margin.summary", "margin.tier",
        ]);
        engine.EventCatalog.All.Where(e => e.Module == MarginModule.ModuleName).Select(e => e.Name).ShouldBe([
            "margin.accrued", "margin.badDebt", "margin.burned", "margin.buyback", "margin.circuitBreaker", "margin.closed",
            "margin.collateralAdded", "margin.crowdloanContributed", "margin.crowdloanWithdrawn", "margin.deposited",
            "margin.emissionsReceived", "margin.feeDistributed", "margin.insuranceDrawn", "margin.liquidated",
            "margin.liquidationCalled", "margin.liquidatorRewarded", "margin.liquidatorRewardsClaimed", "margin.lpEmissionsClaimed",
            "margin.lpFeesClaimed", "margin.lpInterestCredited", "margin.opened", "margin.pairAdded", "margin.pairUpdated", "margin.proceedsClaimed",
            "margin.protocolFeesWithdrawn", "margin.tierAlphaLocked", "margin.tierAlphaUnlocked", "margin.withdrawn",
        ]);
        engine.EventName(new FeeDistributed(FeeKind.Borrowing, Tao(1), Amount.Zero, Amount.Zero, Tao(1))).ShouldBe("margin.feeDistributed");
        engine.KeeperNames.ShouldContain("margin.liquidator");

        // Every event record and every query record the module defines is in the catalogs.
        var events = Margin.GetTypes().Where(t => typeof(IEvent).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        events.Count.ShouldBe(28);
        events.Where(t => !engine.EventCatalog.TryGet(t, out _)).Select(t => t.Name).ShouldBeEmpty("events not declared");
        var queries = Margin.GetTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQuery<>))).ToList();
        queries.Where(t => !engine.Queries.TryGet(t, out _)).Select(t => t.Name).ShouldBeEmpty("queries not declared");
        engine.Queries.TryGet("margin.position", out var position).ShouldBeTrue();
        (position.QueryType, position.ResultType).ShouldBe((typeof(PositionQuery), typeof(PositionView)));
    }

    [Fact]
    public void Margin_requires_the_subnet_markets_port_and_its_hook_runs_after_the_subnets()
    {
        var engine = NewEngine();
        engine.PortRequirements.ShouldContain(new PortRequirement(typeof(ISubnetMarkets), MarginModule.ModuleName, HookOrder.AfterProvider));
        engine.HookOrder.ToList().IndexOf("margin").ShouldBeGreaterThan(engine.HookOrder.ToList().IndexOf("subnets"));
        // Given first, margin still runs after the subnets; alone, it is refused at construction.
        new Engine(new EngineOptions(), new MarginModule(), new SubnetModule()).HookOrder.ToList().IndexOf("margin")
            .ShouldBeGreaterThan(0);
        Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new MarginModule()))
            .Message.ShouldContain("requires port ISubnetMarkets");
    }

    [Fact]
    public void State_types_are_internal_and_hold_no_unjournaled_collections()
    {
        var stateTypes = Margin.GetTypes().Where(t => typeof(StateObject).IsAssignableFrom(t)).ToList();
        stateTypes.Select(t => t.Name).Order(StringComparer.Ordinal).ShouldBe(["AlphaPair", "LiquidityProvider", "MarginState", "Position"]);
        stateTypes.Where(t => t.IsPublic).Select(t => t.Name).ShouldBeEmpty("public state types");
        foreach (var type in stateTypes)
            foreach (var field in StateSchema.Of(type).Fields.Where(f => !f.Derived))
            {
                var t = field.Type;
                bool journaledContainer = typeof(IStateContainer).IsAssignableFrom(t);
                bool mutableCollection = !journaledContainer && t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t)
                    && !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>));
                mutableCollection.ShouldBeFalse($"{type.Name}.{field.Name} is a {t.Name}: neither journaled nor deep-copied");
            }
        // Every settable property of a state object goes through the journal: it is backed by a declared field.
        foreach (var type in stateTypes)
        {
            var fields = StateSchema.Of(type).Fields.Select(f => f.Name).ToHashSet();
            foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly).Where(p => p.CanWrite))
                fields.ShouldContain(p.Name, $"{type.Name}.{p.Name} is settable but not a declared field");
        }
    }

    [Fact]
    public void Every_field_of_every_state_type_is_in_the_hash_and_in_the_clone()
    {
        // As the CLI's convention test does for every shipped module: change one field of a blank object at a time.
        int checkedFields = 0;
        foreach (var type in Margin.GetTypes().Where(t => typeof(StateObject).IsAssignableFrom(t) && !t.IsAbstract))
        {
            foreach (var field in StateSchema.Of(type).Fields.Where(f => !f.Derived))
            {
                var original = Blank(type);
                if (!TryPerturb(field.Get(original), out var changed)) continue;
                var before = Hash(original);
                var clone = original.DeepClone();
                field.SetValue(original, changed);
                Hash(original).ShouldNotBe(before, $"{type.Name}.{field.Name} is not in the state hash");
                Hash(clone).ShouldBe(before, $"{type.Name}.{field.Name}: the clone shares it with the original");
                Hash(original.DeepClone()).ShouldBe(Hash(original), $"{type.Name}.{field.Name} is not copied by the clone");
                checkedFields++;
            }
        }
        checkedFields.ShouldBe(59); // MarginState 33, AlphaPair 8, Position 12, LiquidityProvider 6 (containers and derived caches aside)
    }

    private static bool TryPerturb(object? value, out object? changed)
    {
        changed = value switch
        {
            long l => l + 1, int i => i + 1, bool b => !b, string s => s + "x", UInt128 u => u + 1,
            Amount a => a + new Amount(1), Fixed x => x + Fixed.One, Ppb p => new Ppb(p.Value + 1), Bps p => new Bps(p.Value + 1),
            _ => null,
        };
        return changed is not null;
    }

    private static string Hash(StateObject o)
    {
        using var h = new Ballast.Core.Hashing.StateHasher();
        StateSchema.Of(o.GetType()).WriteHash(h, o);
        return h.Finish();
    }

    private static StateObject Blank(Type type)
    {
        var o = (StateObject)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
        foreach (var f in StateSchema.Of(type).Fields)
        {
            if (f.Type.IsGenericType && (f.Type.GetGenericTypeDefinition() == typeof(StateMap<,>) || f.Type.GetGenericTypeDefinition() == typeof(StateList<>)))
                f.SetValue(o, Activator.CreateInstance(f.Type));
            else if (f.Type == typeof(string)) f.SetValue(o, "");
        }
        return o;
    }

    [Fact]
    public void A_clone_hashes_and_reads_like_the_original_and_is_independent_of_it()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        world.Run(new Liquidate(id).From("liq-1")).ShouldBeAccepted();
        var hash = world.Engine.StateHash();
        var view = RejectionProbe.View(world.Engine);
        var snapshot = world.Engine.Snapshot();

        // The snapshot is a deep copy: two more calls on the original change neither the snapshot nor its index.
        world.Run(new Liquidate(id).From("liq-2")).ShouldBeAccepted();
        world.Engine.StateHash().ShouldNotBe(hash);
        world.Engine.Restore(snapshot);
        world.Engine.StateHash().ShouldBe(hash);
        RejectionProbe.View(world.Engine).ShouldBe(view);
        // The restored state's liquidation index was rebuilt from its positions (a derived field is never copied).
        world.State.Pairs[3].Index.ShouldNotBeNull().Count.ShouldBe(1);
        world.Candidates(3).ShouldBe([id]);
        world.Position(id).LiquidationCalls.ShouldBe(1);
    }

    [Fact]
    public void Queries_and_the_keeper_read_without_writing()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        var hash = world.Engine.StateHash();
        var engine = world.Engine;
        engine.Query<PositionQuery, PositionView?>(new PositionQuery(id)).ShouldNotBeNull();
        engine.Query<PositionsQuery, PositionList>(new PositionsQuery("bob")).Positions.Count.ShouldBe(1);
        engine.Query<LpQuery, LpView?>(new LpQuery("lp-ann")).ShouldNotBeNull();
        engine.Query<PairQuery, PairView?>(new PairQuery(3)).ShouldNotBeNull();
        engine.Query<TierQuery, TierView>(new TierQuery("bob")).Tier.ShouldBe(0);
        engine.Query<ClaimsQuery, ClaimsView>(new ClaimsQuery("bob")).LiquidationProceeds.ShouldBe(Amount.Zero);
        engine.Query<SolvencyQuery, SolvencyView>(new SolvencyQuery()).Solvent.ShouldBeTrue();
        engine.Query<LiquidationCandidatesQuery, LiquidationCandidates>(new LiquidationCandidatesQuery(3)).PositionIds.ShouldBe([id]);
        engine.Query<SummaryQuery, MarginSummary>(new SummaryQuery()).OpenPositions.ShouldBe(1);
        engine.Query("margin.position", new PositionQuery(id)).ShouldBeOfType<PositionView>().Id.ShouldBe(id);
        engine.DescribeModules().ShouldNotBeEmpty();
        var txs = new List<Envelope>();
        engine.RunKeeper("margin.liquidator", "liq-1", txs);
        txs.ShouldBe([new Liquidate(id).From("liq-1")]);
        engine.StateHash().ShouldBe(hash);
    }

    [Fact]
    public void Tiers_are_a_governed_table_and_the_borrow_fee_switch_an_enum()
    {
        var world = MarginWorldBuilder.Create().WithSubnet(3, 100_000, "0.05").WithLp("lp-ann", 10_000)
            .WithTrader("t2", 1_000, tierAlpha: 1_000).WithPair(3).Build();
        var set = world.Engine.View.ParameterSetOf(MarginModule.ModuleName).ShouldNotBeNull();
        var names = set.View().Select(v => v.Name).ToList();
        names.ShouldContain("Tiers[2].MaxLeverage");
        names.ShouldContain("Tiers[5].ThresholdRao");
        names.ShouldNotContain("Tier2MaxLeverage");
        set.Presets.ShouldBe(["hardened", "mainnet", "readme"]);

        world.Tier("t2").MaxLeverage.ShouldBe(X("4"));
        world.Govern(new SetParameter("margin", "Tiers[2].MaxLeverage", "4.5")).ShouldBeAccepted();
        world.Params.Tiers[2].MaxLeverage.ShouldBe(X("4.5"));
        world.Tier("t2").MaxLeverage.ShouldBe(X("4.5"));
        world.Govern(new SetParameter("margin", "Tiers[2].MaxLeverage", "2.5"))
            .ShouldBeRejectedWith(GovernanceErrors.ActionRejected, "tier 2's max leverage is below tier 1's");
        world.Govern(new SetParameter("margin", "Tiers[0].ThresholdRao", "1"))
            .ShouldBeRejectedWith(GovernanceErrors.ActionRejected, "tier 0 is everyone's tier: its threshold must be 0");
        world.Govern(new SetParameter("margin", "Tier2MaxLeverage", "5")).ShouldBeRejectedWith(GovernanceErrors.ActionRejected, "UnknownParameter");

        world.Govern(new SetParameter("margin", "BorrowFeeTierDiscounted", "undiscounted")).ShouldBeAccepted();
        world.Params.BorrowFeeTierDiscounted.ShouldBe(BorrowFeeDiscount.Undiscounted);
        world.Govern(new SetParameter("margin", "BorrowFeeTierDiscounted", "1")).ShouldBeAccepted();
        world.Params.BorrowFeeTierDiscounted.ShouldBe(BorrowFeeDiscount.TierDiscounted);
        world.Govern(new SetParameter("margin", "TradingFeePpb", "0.5"))
            .ShouldBeRejectedWith(GovernanceErrors.ActionRejected, "InvalidParameterValue");
        world.Params.TradingFeePpb.ShouldBe(new Ppb(3_000_000));
    }
}
