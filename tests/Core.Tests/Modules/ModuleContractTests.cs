using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.Modules;

// ---------- a small protocol of two modules joined by a port ----------

/// <summary>The port the "vault" module offers: a counter others may read and bump.</summary>
public interface IVaultPort
{
    long Count(EngineView view);
    void Bump(EngineContext ctx);
}

public sealed record Bump() : ITransaction;
/// <summary>Adds the entries "old" (to be modified) and "gone" (to be removed) by a later transaction.</summary>
public sealed record Seed() : ITransaction;
public sealed record Bumped(long Count) : IEvent;
public sealed record Undeclared() : IEvent;
public sealed record CountQuery() : IQuery<CountView>;
public sealed record CountView(long Count, int Entries);
public sealed record WritingQuery() : IQuery<long>;

/// <summary>Writes a scalar, a map entry, a nested object, a list item and the ledger, emits, then refuses or throws.</summary>
public sealed record WriteEverythingThen(Outcome Outcome) : ITransaction;
public enum Outcome { Reject, ThrowInvalidOperation, ThrowOverflow }
public sealed record OverflowBeforeWriting() : ITransaction;
public sealed record EmitUndeclared() : ITransaction;
/// <summary>Writes a mutable collection that bypasses the journal, then refuses: what the debug check exists to catch.</summary>
public sealed record LeakThenReject() : ITransaction;

public sealed class VaultEntry : StateObject
{
    public required string Name { get; init; }
    public Amount Held { get; set => Set(ref field, value); }
}

public sealed class VaultState : ModuleState
{
    public long Count { get; set => Set(ref field, value); }
    public StateMap<string, VaultEntry> Entries { get; } = new();
    public StateList<long> History { get; } = new();
    /// <summary>A mutable collection outside the journal: forbidden in real modules (a convention test catches it); here on purpose.</summary>
    public List<long> Leaky { get; } = [];
}

public sealed class VaultModule(List<string>? hookLog = null) : IModule, IVaultPort
{
    public string Name => "vault";

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new VaultState())
        .Handle<Bump>("bump", (ctx, _) => { Bump(ctx); return TxResult.Ok; })
        .Handle<Seed>("seed", (ctx, _) =>
        {
            var entries = ctx.State<VaultState>().Entries;
            entries.Add("old", new VaultEntry { Name = "old", Held = Amount.Tokens(5) });
            entries.Add("gone", new VaultEntry { Name = "gone", Held = Amount.Tokens(7) });
            return TxResult.Ok;
        })
        .Handle<WriteEverythingThen>("writeEverythingThen", WriteEverything)
        .Handle<OverflowBeforeWriting>("overflowBeforeWriting", (ctx, _) =>
        {
            var state = ctx.State<VaultState>();
            state.Count = checked(long.MaxValue + state.Count + 1);
            return TxResult.Ok;
        })
        .Handle<EmitUndeclared>("emitUndeclared", (ctx, _) => { ctx.Emit(new Undeclared()); return TxResult.Ok; })
        .Handle<LeakThenReject>("leakThenReject", (ctx, _) =>
        {
            ctx.State<VaultState>().Leaky.Add(1);
            return TxResult.Reject(new ErrorCode("Deliberate"), "refused after an untracked write");
        })
        .Query<CountQuery, CountView>("count", (view, _) => new CountView(Count(view), view.State<VaultState>().Entries.Count))
        .Query<WritingQuery, long>("writing", (view, _) => view.State<VaultState>().Count = 99)
        .Event<Bumped>("bumped")
        .Provide<IVaultPort>(this)
        .OnBlockEnd(_ => hookLog?.Add(Name));

    public long Count(EngineView view) => view.State<VaultState>().Count;

    public void Bump(EngineContext ctx)
    {
        var state = ctx.State<VaultState>();
        state.Count++;
        ctx.Emit(new Bumped(state.Count));
    }

    private static TxResult WriteEverything(EngineContext ctx, WriteEverythingThen tx)
    {
        var state = ctx.State<VaultState>();
        state.Count += 10;
        state.History.Add(state.Count);
        if (!state.Entries.TryGetValue("old", out var old)) state.Entries.Add("old", old = new VaultEntry { Name = "old" });
        old.Held += Amount.Tokens(1);
        state.Entries.Add($"new-{ctx.Height}", new VaultEntry { Name = "new", Held = Amount.Tokens(2) });
        state.Entries.Remove("gone");
        ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount("vault:pot"), ctx.Tao, Amount.Tokens(1));
        ctx.Emit(new Bumped(state.Count));
        return tx.Outcome switch
        {
            Outcome.Reject => TxResult.Reject(new ErrorCode("Deliberate"), "refused after writing everything"),
            Outcome.ThrowInvalidOperation => throw new InvalidOperationException("a module bug after writing"),
            Outcome.ThrowOverflow => throw new OverflowException("overflow after writing"),
            _ => throw new ArgumentOutOfRangeException(nameof(tx)),
        };
    }
}

/// <summary>A module that requires the vault's port and bumps it in its hook.</summary>
public sealed class ConsumerModule(string name, HookOrder order, List<string>? hookLog = null) : IModule
{
    public string Name => name;

    public void Configure(ModuleBuilder builder) => builder
        .Require<IVaultPort>(order)
        .OnBlockEnd(ctx => { hookLog?.Add(Name); ctx.Port<IVaultPort>().Bump(ctx); });
}

/// <summary>Provides a port of its own and requires another's: to build cycles.</summary>
public interface IOtherPort;

public sealed class OtherModule(bool requireVault) : IModule, IOtherPort
{
    public string Name => "other";

    public void Configure(ModuleBuilder builder)
    {
        builder.Provide<IOtherPort>(this).OnBlockEnd(_ => { });
        if (requireVault) builder.Require<IVaultPort>();
    }
}

public sealed class VaultNeedingOther : IModule, IVaultPort
{
    public string Name => "vault";
    public void Configure(ModuleBuilder builder) => builder.Provide<IVaultPort>(this).Require<IOtherPort>().OnBlockEnd(_ => { });
    public long Count(EngineView view) => 0;
    public void Bump(EngineContext ctx) { }
}

public sealed class ModuleContractTests
{
    private const string Alice = "alice";

    private static Engine Build(EngineOptions? options, params IModule[] modules)
    {
        var engine = new Engine(options ?? new EngineOptions(), modules);
        engine.ApplyGenesis([new GenesisAccount(Alice, new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(100) }).AsGenesis()])
            .ShouldAllBe(r => r.Accepted);
        return engine;
    }

    // ---------- ports ----------

    [Fact]
    public void A_required_port_that_no_module_provides_fails_at_construction_naming_module_and_port()
    {
        var e = Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new ConsumerModule("keeper", HookOrder.AfterProvider)));
        e.Message.ShouldContain("'keeper'");
        e.Message.ShouldContain(nameof(IVaultPort));
        e.Message.ShouldContain("no module provides");
    }

    [Fact]
    public void A_port_provided_twice_fails_at_construction()
    {
        var e = Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new VaultModule(), new VaultNeedingOther(), new OtherModule(false)));
        e.Message.ShouldContain("registered twice"); // two modules named vault are refused first
        var e2 = Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new VaultModule(), new RenamedVault()));
        e2.Message.ShouldContain("provided twice");
    }

    private sealed class RenamedVault : IModule, IVaultPort
    {
        public string Name => "vault2";
        public void Configure(ModuleBuilder builder) => builder.Provide<IVaultPort>(this);
        public long Count(EngineView view) => 0;
        public void Bump(EngineContext ctx) { }
    }

    [Fact]
    public void Hooks_run_after_the_provider_for_readers_whatever_the_registration_order()
    {
        var log = new List<string>();
        var engine = Build(null, new ConsumerModule("reader", HookOrder.AfterProvider, log), new VaultModule(log));
        engine.HookOrder.ShouldBe(["vault", "reader"]);
        engine.ModuleNames.ShouldBe(["ledger", "governance", "prices", "vault", "reader"]);
        engine.ExecuteBlock([]);
        log.ShouldBe(["vault", "reader"]);
    }

    [Fact]
    public void Hooks_run_before_the_provider_for_feeders_whatever_the_registration_order()
    {
        var log = new List<string>();
        var engine = Build(null, new VaultModule(log), new ConsumerModule("feeder", HookOrder.BeforeProvider, log));
        engine.HookOrder.ShouldBe(["feeder", "vault"]);
        engine.ExecuteBlock([]);
        log.ShouldBe(["feeder", "vault"]);
        engine.Query<CountQuery, CountView>(new CountQuery()).Count.ShouldBe(1); // the feeder bumped through the port
    }

    [Fact]
    public void Unrelated_modules_keep_the_order_they_were_given()
    {
        var log = new List<string>();
        var engine = Build(null, new ConsumerModule("a", HookOrder.AfterProvider, log), new ConsumerModule("b", HookOrder.AfterProvider, log), new VaultModule(log));
        engine.HookOrder.ShouldBe(["vault", "a", "b"]);
    }

    [Fact]
    public void A_cycle_in_the_port_graph_fails_at_construction()
    {
        var e = Should.Throw<ModuleContractException>(() => new Engine(new EngineOptions(), new VaultNeedingOther(), new OtherModule(true)));
        e.Message.ShouldContain("cycle");
        e.Message.ShouldContain("vault");
        e.Message.ShouldContain("other");
    }

    // ---------- all or nothing ----------

    [Fact]
    public void A_rejection_after_writing_module_state_ledger_and_events_leaves_no_trace()
    {
        Engine Seeded() => Build(new EngineOptions { VerifyRejections = true }, new VaultModule()).Also(e => e.ExecuteBlock([new Seed().From(Alice), new Bump().From(Alice)]));
        var engine = Seeded();
        var events = engine.Events.Count;
        var result = engine.ExecuteBlock([new WriteEverythingThen(Outcome.Reject).From(Alice)]).Results[0];
        result.Accepted.ShouldBeFalse();
        result.Error!.Value.Name.ShouldBe("Deliberate");
        engine.Events.Count.ShouldBe(events);
        // The block advanced the clock; otherwise the state is the twin's that ran an empty block.
        var twin = Seeded();
        twin.ExecuteBlock([]);
        engine.StateHash().ShouldBe(twin.StateHash());
        engine.Query<CountQuery, CountView>(new CountQuery()).ShouldBe(new CountView(1, 2));
        engine.StateOf<VaultState>().Entries["old"].Held.ShouldBe(Amount.Tokens(5));
        engine.StateOf<VaultState>().Entries.Keys.ShouldBe(["gone", "old"]);
        engine.StateOf<VaultState>().History.Count.ShouldBe(0);
        // The same transaction accepted (no refusal) keeps all of it: the journal does not undo committed writes.
        engine.ExecuteBlock([new Bump().From(Alice)]);
        engine.Query<CountQuery, CountView>(new CountQuery()).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(Outcome.ThrowInvalidOperation)]
    [InlineData(Outcome.ThrowOverflow)]
    public void A_handler_that_throws_after_writing_is_an_invariant_violation_and_leaves_the_state_hash_unchanged(Outcome outcome)
    {
        var engine = Build(null, new VaultModule());
        engine.ExecuteBlock([new Bump().From(Alice)]);
        var hash = engine.StateHash();
        var e = Should.Throw<InvariantViolationException>(() => engine.ExecuteBlock([new WriteEverythingThen(outcome).From(Alice)]));
        e.Message.ShouldContain("vault.writeEverythingThen");
        e.Message.ShouldContain("after changing state");
        engine.StateHash().ShouldBe(hash);
        engine.Query<CountQuery, CountView>(new CountQuery()).ShouldBe(new CountView(1, 0));
    }

    [Fact]
    public void An_overflow_before_any_write_is_the_refusal_ArithmeticOverflow()
    {
        var engine = Build(new EngineOptions { VerifyRejections = true }, new VaultModule());
        engine.ExecuteBlock([new Bump().From(Alice)]);
        var result = engine.ExecuteBlock([new OverflowBeforeWriting().From(Alice)]).Results[0];
        result.Error.ShouldBe(CoreErrors.ArithmeticOverflow);
    }

    [Fact]
    public void The_debug_check_catches_a_rejection_that_leaves_a_trace_the_journal_cannot_see()
    {
        var careless = Build(null, new VaultModule());
        var before = careless.StateHash();
        careless.ExecuteBlock([new LeakThenReject().From(Alice)]).Results[0].Accepted.ShouldBeFalse();
        var twin = Build(null, new VaultModule());
        twin.ExecuteBlock([]);
        careless.StateHash().ShouldNotBe(twin.StateHash()); // the leak is real: a List in state is not journaled
        before.ShouldNotBe(careless.StateHash());

        var checkedEngine = Build(new EngineOptions { VerifyRejections = true }, new VaultModule());
        var e = Should.Throw<InvariantViolationException>(() => checkedEngine.ExecuteBlock([new LeakThenReject().From(Alice)]));
        e.Message.ShouldContain("left a trace");
    }

    // ---------- read-only views ----------

    [Fact]
    public void A_query_cannot_change_state()
    {
        var engine = Build(null, new VaultModule());
        engine.ExecuteBlock([new Bump().From(Alice)]);
        var hash = engine.StateHash();
        Should.Throw<StateWriteRefusedException>(() => engine.Query<WritingQuery, long>(new WritingQuery()));
        Should.Throw<StateWriteRefusedException>(() => engine.Query("vault.writing", new WritingQuery()));
        engine.StateHash().ShouldBe(hash);
        engine.Query<CountQuery, CountView>(new CountQuery()).Count.ShouldBe(1);
        // and writes work again for the next transaction
        engine.ExecuteBlock([new Bump().From(Alice)]).Results[0].Accepted.ShouldBeTrue();
        engine.Query<CountQuery, CountView>(new CountQuery()).Count.ShouldBe(2);
    }

    [Fact]
    public void A_keeper_cannot_change_state()
    {
        var engine = new Engine(new EngineOptions(), new VaultModule(), new WritingKeeperModule());
        var hash = engine.StateHash();
        Should.Throw<StateWriteRefusedException>(() => engine.RunKeeper("writer.bot", "alice", []));
        engine.StateHash().ShouldBe(hash);
    }

    private sealed class WritingKeeperModule : IModule, IKeeper
    {
        public string Name => "writer";
        public void Configure(ModuleBuilder builder) => builder.Require<IVaultPort>().AddKeeper("bot", this);
        public void Propose(EngineView view, string account, List<Envelope> transactions) => view.State<VaultState>().Count = 7;
    }

    [Fact]
    public void The_read_view_exposes_no_writes_to_ledger_prices_roles_or_pauses()
    {
        var view = typeof(EngineView);
        view.GetProperty(nameof(EngineView.Ledger))!.PropertyType.ShouldBe(typeof(ILedgerView));
        view.GetProperty(nameof(EngineView.Prices))!.PropertyType.ShouldBe(typeof(Ballast.Core.Prices.IPriceView));
        view.GetProperty(nameof(EngineView.Roles))!.PropertyType.ShouldBe(typeof(Ballast.Core.Governance.IRoleView));
        view.GetProperty(nameof(EngineView.Pauses))!.PropertyType.ShouldBe(typeof(Ballast.Core.Governance.IPauseView));
        view.GetProperty("Random").ShouldBeNull();
        view.GetMethod("Emit").ShouldBeNull();
        view.GetMethod("ExecuteAs").ShouldBeNull();
        typeof(ILedgerView).GetMethods().Select(m => m.Name).ShouldNotContain(n => n.StartsWith("Try") && n != "TryGetAccount" && n != "TryGetToken");
    }

    // ---------- names ----------

    [Fact]
    public void Queries_and_events_have_declared_stable_names()
    {
        var engine = Build(null, new VaultModule());
        engine.Queries.Names.ShouldContain("vault.count");
        engine.Queries.Names.ShouldContain("ledger.balance");
        engine.Queries.Names.ShouldContain("governance.parameters");
        engine.Queries.Names.ShouldContain("prices.price");
        engine.EventCatalog.Names.ShouldContain("vault.bumped");
        engine.EventCatalog.Names.ShouldContain("ledger.transferred");
        engine.ExecuteBlock([new Bump().From(Alice)]);
        engine.EventName(engine.Events.Records[^1].Event).ShouldBe("vault.bumped");
        foreach (var name in engine.Queries.Names.Concat(engine.EventCatalog.Names).Concat(engine.Catalog.Names))
            name.ShouldMatch("^[a-z]+\\.[a-z][A-Za-z]*$");
        engine.Query("ledger.balance", new BalanceQuery(Alice, "TAO")).ShouldBe(new BalanceView(Alice, "TAO", Amount.Tokens(100)));
    }

    [Fact]
    public void Emitting_an_undeclared_event_is_an_invariant_violation()
    {
        var engine = Build(null, new VaultModule());
        var hash = engine.StateHash();
        var e = Should.Throw<InvariantViolationException>(() => engine.ExecuteBlock([new EmitUndeclared().From(Alice)]));
        e.Message.ShouldContain(nameof(Undeclared));
        engine.StateHash().ShouldBe(hash);
    }
}
