using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.State;

namespace Ballast.Core.Blocks;

/// <summary>
/// The block engine. Height 0 is genesis; <see cref="ExecuteBlock"/> opens the next block, applies its
/// transactions in order (a rejected one is rolled back everywhere — ledger, prices, module state, events — and
/// changes nothing), runs the block hooks in port-graph order, then checks token conservation. The same engine
/// serves tests, the simulator and the node; only the host differs.
/// </summary>
public sealed class Engine
{
    public const string TaoSymbol = "TAO";

    // Fixed once the engine is built, and read on every transaction: a frozen dictionary is the fastest lookup by type.
    private readonly System.Collections.Frozen.FrozenDictionary<Type, Func<EngineContext, ITransaction, TxResult>> _handlers;
    private readonly List<(string Module, Action<EngineContext> Hook)> _hooks = [];
    private int[] _stateIndexBySlot = []; // TypeSlot id → state index + 1 (0: none)
    // Looked up by name every block by a simulated liquidation bot: a hashed lookup (KeeperNames lists them sorted).
    private readonly Dictionary<string, IKeeper> _keepers = new(StringComparer.Ordinal);
    private bool[] _declaredEventsBySlot = []; // TypeSlot id → declared by a module (Emit checks it on every event)
    private object?[] _portsBySlot = [];
    private readonly EngineContext _context;
    private readonly EngineView _view;
    private readonly StateJournal _journal = new();
    private readonly string[] _stateModules;
    private readonly EngineOptions _options;
    private int _txIndex;
    private int _nesting;

    public Engine(EngineOptions options, params IModule[] modules)
    {
        _options = options;
        Events = new EventLog { Recording = options.RecordEvents };
        var ledger = new TokenLedger();
        TaoToken = ledger.CreateToken(TaoSymbol, 9, "engine");
        var parameters = new ParameterRegistry();
        var all = new IModule[] { new LedgerModule(), new GovernanceModule(), new PriceFeedModule() }.Concat(modules).ToList();

        var builders = new List<ModuleBuilder>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in all)
        {
            if (!names.Add(module.Name)) throw new ModuleContractException($"module '{module.Name}' registered twice");
            var builder = new ModuleBuilder(module.Name);
            module.Configure(builder);
            builders.Add(builder);
        }

        // Ports: each provided once; each required one provided by another module.
        var providers = new Dictionary<Type, string>();
        var portList = new List<PortInfo>();
        foreach (var b in builders)
            foreach (var (port, implementation) in b.Provided)
            {
                if (!providers.TryAdd(port, b.ModuleName))
                    throw new ModuleContractException($"port {port.Name} is provided twice: by '{providers[port]}' and by '{b.ModuleName}'");
                TypeSlot.Put(ref _portsBySlot, TypeSlot.For(port), implementation);
                portList.Add(new PortInfo(port, b.ModuleName));
            }
        var requirements = builders.SelectMany(b => b.Required).ToList();
        foreach (var r in requirements)
        {
            if (!providers.TryGetValue(r.Port, out var provider))
                throw new ModuleContractException($"module '{r.Module}' requires port {r.Port.Name}, which no module provides; add the module that provides it to the engine");
            if (provider == r.Module)
                throw new ModuleContractException($"module '{r.Module}' requires its own port {r.Port.Name}");
        }
        Ports = portList;
        PortRequirements = requirements;

        var ordered = OrderByPorts(builders, requirements, providers);
        var handlers = new Dictionary<Type, Func<EngineContext, ITransaction, TxResult>>();
        var states = new List<ModuleState>();
        var stateModules = new List<string>();
        foreach (var b in ordered)
        {
            foreach (var state in b.States)
            {
                TypeSlot.Put(ref _stateIndexBySlot, TypeSlot.For(state.GetType()), states.Count + 1);
                states.Add(state);
                stateModules.Add(b.ModuleName);
            }
            foreach (var (name, type) in b.Transactions) Catalog.Add(name, b.ModuleName, type);
            foreach (var (type, handler) in b.Handlers) handlers.Add(type, handler);
            foreach (var q in b.Queries) Queries.Add(q.Name, q.QueryType, q);
            foreach (var e in b.Events)
            {
                EventCatalog.Add(e.Name, e.Type, e);
                TypeSlot.Put(ref _declaredEventsBySlot, TypeSlot.For(e.Type), true);
            }
            foreach (var hook in b.BlockHooks) _hooks.Add((b.ModuleName, hook));
            foreach (var set in b.ParameterSets) parameters.Add(set);
            foreach (var (name, keeper) in b.Keepers) _keepers.Add(name, keeper);
        }
        _handlers = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(handlers);
        ModuleNames = ordered.Select(b => b.ModuleName).ToList();
        HookOrder = _hooks.Select(h => h.Module).Distinct().ToList();
        KeeperNames = _keepers.Keys.Order(StringComparer.Ordinal).ToArray();
        _stateModules = stateModules.ToArray();
        ledger.ClearJournal();
        State = new EngineState
        {
            Ledger = ledger,
            Clock = new BlockClock(0, options.GenesisUnixSeconds, options.BlockSeconds),
            Random = new DeterministicRandom(options.Seed),
            Roles = new RoleRegistry(),
            Pauses = new PauseRegistry(),
            Parameters = parameters,
            Prices = new PriceOracle(),
            Modules = states.ToArray(),
        };
        _context = new EngineContext(this);
        _view = new EngineView(this);
    }

    /// <summary>
    /// Modules in an order that respects every requirement (a topological order of the port graph); among modules the
    /// graph leaves free, the order they were given in. The core modules come first.
    /// </summary>
    private static List<ModuleBuilder> OrderByPorts(List<ModuleBuilder> builders, List<PortRequirement> requirements, Dictionary<Type, string> providers)
    {
        var before = builders.ToDictionary(b => b.ModuleName, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var r in requirements)
        {
            var provider = providers[r.Port];
            if (r.Order == Modules.HookOrder.AfterProvider) before[r.Module].Add(provider);
            else before[provider].Add(r.Module);
        }
        var done = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ModuleBuilder>();
        while (result.Count < builders.Count)
        {
            var next = builders.FirstOrDefault(b => !done.Contains(b.ModuleName) && before[b.ModuleName].All(done.Contains));
            if (next is null)
            {
                var stuck = builders.Where(b => !done.Contains(b.ModuleName)).Select(b => $"{b.ModuleName} (after {string.Join(", ", before[b.ModuleName].Where(m => !done.Contains(m)))})");
                throw new ModuleContractException($"the port graph has a cycle, so block hooks cannot be ordered: {string.Join("; ", stuck)}");
            }
            done.Add(next.ModuleName);
            result.Add(next);
        }
        return result;
    }

    internal EngineState State { get; private set; }
    public EventLog Events { get; }
    public TransactionCatalog Catalog { get; } = new();
    public Catalog<QueryInfo> Queries { get; } = new("query");
    public Catalog<EventInfo> EventCatalog { get; } = new("event");
    public IReadOnlyList<PortInfo> Ports { get; }
    public IReadOnlyList<PortRequirement> PortRequirements { get; }
    /// <summary>Modules in port-graph order (core modules first).</summary>
    public IReadOnlyList<string> ModuleNames { get; }
    /// <summary>The modules whose block hooks run, in the order they run.</summary>
    public IReadOnlyList<string> HookOrder { get; }
    public TokenId TaoToken { get; }

    /// <summary>The keepers modules offer, by name (<c>margin.liquidator</c>).</summary>
    public IReadOnlyCollection<string> KeeperNames { get; }

    public long Height => State.Clock.Height;
    public BlockClock Clock => State.Clock;
    /// <summary>The ledger for hosts and tests; writes belong in transactions.</summary>
    public TokenLedger Ledger => State.Ledger;
    public IRoleView Roles => State.Roles;
    public IPauseView Pauses => State.Pauses;
    public ParameterRegistry Parameters => State.Parameters;
    public IPriceView Prices => State.Prices;
    public IReadOnlyList<ModuleState> ModuleStates => State.Modules;

    /// <summary>Each module state with the name of the module that owns it, in module order.</summary>
    public IEnumerable<(string Module, ModuleState State)> ModuleStatesByModule =>
        _stateModules.Zip(State.Modules, (m, s) => (m, s));

    /// <summary>The read-only view: what queries, keepers and readers see between blocks.</summary>
    public EngineView View => _view;

    /// <summary>A module's state, for the module's own tests. Other code uses the module's queries.</summary>
    public TState StateOf<TState>() where TState : ModuleState => (TState)State.Modules[StateIndex<TState>()];

    internal int StateIndex<TState>() where TState : ModuleState
    {
        int id = TypeSlot<TState>.Id;
        int i = (uint)id < (uint)_stateIndexBySlot.Length ? _stateIndexBySlot[id] : 0;
        return i > 0 ? i - 1 : throw new InvalidOperationException($"no module state {typeof(TState).Name}");
    }

    internal TPort Port<TPort>() where TPort : class
    {
        int id = TypeSlot<TPort>.Id;
        return (uint)id < (uint)_portsBySlot.Length && _portsBySlot[id] is TPort p ? p : throw new InvalidOperationException($"no module provides port {typeof(TPort).Name}");
    }

    // ---------- reading ----------

    /// <summary>Runs a declared query on the read-only view.</summary>
    public TResult Query<TQuery, TResult>(TQuery query) where TQuery : IQuery<TResult>
    {
        if (!Queries.TryGet(typeof(TQuery), out var info))
            throw new InvalidOperationException($"no module declares a query taking {typeof(TQuery).Name}");
        return (TResult)RunQuery(info, query)!;
    }

    /// <summary>Runs the query named <paramref name="name"/> (<c>margin.position</c>) with its input record.</summary>
    public object? Query(string name, object query)
    {
        if (!Queries.TryGet(name, out var info)) throw new InvalidOperationException($"no query '{name}'");
        if (query is null || query.GetType() != info.QueryType)
            throw new ArgumentException($"query '{name}' takes a {info.QueryType.Name}", nameof(query));
        return RunQuery(info, query);
    }

    private object? RunQuery(QueryInfo info, object query)
    {
        using var scope = _journal.Enter(StateAccess.ReadOnly);
        return info.Run(_view, query);
    }

    /// <summary>Adds the transactions keeper <paramref name="keeper"/> would send as <paramref name="account"/> in the next block.</summary>
    public void RunKeeper(string keeper, string account, List<Envelope> transactions)
    {
        if (!_keepers.TryGetValue(keeper, out var k)) throw new InvalidOperationException($"no keeper '{keeper}'");
        using var scope = _journal.Enter(StateAccess.ReadOnly);
        k.Propose(_view, account, transactions);
    }

    /// <summary>Each module state's description, on the read-only view.</summary>
    public IReadOnlyList<(string Module, object View)> DescribeModules()
    {
        using var scope = _journal.Enter(StateAccess.ReadOnly);
        return ModuleStatesByModule.Select(m => (m.Module, m.State.Describe(_view))).ToList();
    }

    internal void Emit<T>(T @event) where T : IEvent
    {
        if (!Events.Recording) return;
        if (!IsDeclared(@event))
            throw new InvariantViolationException($"event {@event.GetType().Name} is emitted but no module declares it (builder.Event<{@event.GetType().Name}>(name))");
        Events.Emit(@event);
    }

    // The event's own type is T whenever a module emits a record it just built: then a static slot read, no hashing.
    private bool IsDeclared<T>(T @event) where T : IEvent
    {
        if (@event is not null && typeof(T) == @event.GetType())
        {
            int id = TypeSlot<T>.Id;
            return (uint)id < (uint)_declaredEventsBySlot.Length && _declaredEventsBySlot[id];
        }
        return @event is not null && EventCatalog.TryGet(@event.GetType(), out _);
    }

    /// <summary>The declared name of an event (<c>perps.opened</c>).</summary>
    public string EventName(IEvent @event) =>
        EventCatalog.TryGet(@event.GetType(), out var info) ? info.Name : throw new InvalidOperationException($"event {@event.GetType().Name} is not declared");

    // ---------- execution ----------

    /// <summary>Applies genesis transactions at height 0 (genesis-only payloads need no signer; no hooks run).</summary>
    public IReadOnlyList<TxResult> ApplyGenesis(IReadOnlyList<Envelope> transactions)
    {
        if (Height != 0) throw new InvalidOperationException("genesis is over");
        Events.Block = 0;
        var results = new TxResult[transactions.Count];
        using (_journal.Enter(StateAccess.Recorded))
        {
            for (int i = 0; i < transactions.Count; i++)
            {
                _txIndex = i;
                results[i] = ApplyOne(transactions[i], genesis: true);
            }
        }
        Events.TxIndex = -1;
        CheckInvariants();
        return results;
    }

    /// <summary>Opens block Height+1, applies the transactions in order, runs the hooks, checks conservation.</summary>
    public BlockResult ExecuteBlock(IReadOnlyList<Envelope> transactions)
    {
        var block = transactions switch
        {
            Envelope[] array => array,
            List<Envelope> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
            _ => transactions.ToArray(),
        };
        var results = new TxResult[block.Length];
        Execute(block, results);
        return new BlockResult(Height, results);
    }

    /// <summary>
    /// Applies <paramref name="transactions"/> as one block, writing transaction i's result to
    /// <paramref name="results"/>[i] (at least as long), and returns how many were refused: <see cref="ExecuteBlock"/>
    /// without allocating (the simulator's hot path, with a buffer it reuses).
    /// </summary>
    public int ExecuteBlockInto(ReadOnlySpan<Envelope> transactions, Span<TxResult> results)
    {
        if (results.Length < transactions.Length)
            throw new ArgumentException($"room for {results.Length} results, {transactions.Length} transactions", nameof(results));
        return Execute(transactions, results);
    }

    /// <summary>Applies <paramref name="transactions"/> as one block without allocating a result list (hot path).</summary>
    public int ExecuteBlockCountingRejections(ReadOnlySpan<Envelope> transactions) => Execute(transactions, []);

    // The one block path: results are written when there is room for them (none when the caller only counts).
    private int Execute(ReadOnlySpan<Envelope> transactions, Span<TxResult> results)
    {
        var clock = State.Clock;
        State.Clock = clock.Next();
        Events.Block = Height;
        int rejected = 0;
        try
        {
            if (transactions.Length > 0)
            {
                // One recorded journal scope for the block's transactions (entered once, not per transaction).
                using var scope = _journal.Enter(StateAccess.Recorded);
                for (int i = 0; i < transactions.Length; i++)
                {
                    _txIndex = i;
                    var result = ApplyOne(transactions[i], genesis: false);
                    if (!result.Accepted) rejected++;
                    if (i < results.Length) results[i] = result;
                }
            }
        }
        catch (InvariantViolationException)
        {
            State.Clock = clock; // the failed transaction is rolled back; the block never opened
            throw;
        }
        RunHooks();
        return rejected;
    }

    /// <summary>Runs <paramref name="blocks"/> empty blocks (hooks only).</summary>
    public void AdvanceBlocks(long blocks)
    {
        for (long b = 0; b < blocks; b++) ExecuteBlockCountingRejections([]);
    }

    private void RunHooks()
    {
        Events.TxIndex = -1;
        using (StateJournal.Suspend()) // hooks write unrecorded: a hook that fails halts the engine
        {
            foreach (var (module, hook) in _hooks)
            {
                _context.Sender = module;
                _context.SenderId = default;
                try
                {
                    hook(_context);
                }
                catch (Exception e) when (e is not InvariantViolationException)
                {
                    // A hook has no one to refuse: whatever it throws is a broken invariant of the engine or a module.
                    throw new InvariantViolationException($"block {Height}: the {module} block hook failed: {e.GetType().Name}: {e.Message}", e);
                }
            }
        }
        State.Ledger.ClearJournal();
        State.Prices.ClearJournal();
        CheckInvariants();
    }

    private void CheckInvariants()
    {
        if (!_options.CheckConservationEveryBlock) return;
        var violations = _options.FullConservationScan ? State.Ledger.CheckConservation() : State.Ledger.CheckTrackedConservation();
        if (violations.Count > 0)
            throw new InvariantViolationException($"block {Height}: token conservation broken: {string.Join("; ", violations)}");
    }

    private TxResult ApplyOne(Envelope tx, bool genesis)
    {
        Events.TxIndex = _txIndex;
        var ledger = State.Ledger;
        int checkpoint = ledger.Checkpoint();
        int priceCheckpoint = State.Prices.Checkpoint();
        int events = Events.Count;
        string? hashBefore = _options.VerifyRejections ? StateHash() : null;
        TxResult result;
        {
            // The caller holds this engine's journal current in Recorded mode for the block's transactions.
            try
            {
                result = Authorise(tx, genesis);
                if (result.Accepted) result = Dispatch(tx.Payload);
            }
            catch (Exception e)
            {
                bool wrote = _journal.HasWrites || ledger.Checkpoint() != checkpoint || State.Prices.Checkpoint() != priceCheckpoint;
                Rollback(checkpoint, priceCheckpoint, events);
                if (e is InvariantViolationException) throw;
                if (!wrote && e is OverflowException)
                {
                    // Arithmetic on absurd input before any write: a refusal, like any other.
                    result = TxResult.Reject(CoreErrors.ArithmeticOverflow, $"arithmetic overflow: {e.Message}");
                    goto rejected;
                }
                if (!wrote && e is NullReferenceException or ArgumentNullException)
                {
                    // A payload built in code with a missing (null) field; the JSON reader refuses these before.
                    result = TxResult.Reject(CoreErrors.MalformedTransaction, $"{Catalog.NameOf(tx.Payload)} has a missing (null) field");
                    goto rejected;
                }
                // After a write, or an exception no handler should throw: the module broke an invariant. The state is
                // rolled back (the hash is as before the transaction), and the host is told.
                throw new InvariantViolationException(
                    $"block {Height}, transaction {_txIndex} ({Catalog.NameOf(tx.Payload)} from '{tx.Sender}'): the handler threw {e.GetType().Name}" +
                    $"{(wrote ? " after changing state" : "")} (rolled back): {e.Message}", e);
            }
        }
        if (result.Accepted)
        {
            ledger.ClearJournal();
            State.Prices.ClearJournal();
            if (_journal.HasWrites) _journal.Commit(); // most transactions write no module state: skip the call
            return result;
        }
        Rollback(checkpoint, priceCheckpoint, events);
    rejected:
        if (hashBefore is not null && StateHash() != hashBefore)
            throw new InvariantViolationException(
                $"block {Height}, transaction {_txIndex} ({Catalog.NameOf(tx.Payload)} from '{tx.Sender}') was rejected ({result.Error?.Name}) but left a trace in the state");
        return result;
    }

    private void Rollback(int checkpoint, int priceCheckpoint, int events)
    {
        bool moduleWrites = _journal.HasWrites;
        State.Ledger.RollbackTo(checkpoint);
        State.Prices.RollbackTo(priceCheckpoint);
        Events.TruncateTo(events);
        _journal.Rollback();
        if (moduleWrites)
            foreach (var state in State.Modules) state.RebuildDerived();
    }

    private TxResult Authorise(Envelope tx, bool genesis)
    {
        var payload = tx?.Payload;
        if (payload is null) return TxResult.Reject(CoreErrors.MalformedTransaction, "the envelope carries no payload");
        if (payload is IGenesisTransaction)
        {
            if (!genesis) return TxResult.Reject(CoreErrors.GenesisOnly, $"{Catalog.NameOf(payload)} is allowed only in the genesis block");
            _context.Sender = "genesis";
            _context.SenderId = default;
            return TxResult.Ok;
        }
        if (!State.Ledger.TryGetAccount(tx!.Sender ?? "", out var id))
            return TxResult.Reject(CoreErrors.UnknownAccount, $"no account '{tx.Sender}' to sign this transaction");
        if (State.Ledger.Account(id).Kind != AccountKind.User)
            return TxResult.Reject(CoreErrors.SenderNotSigner, $"'{tx.Sender}' is a module account; it cannot sign transactions");
        _context.Sender = tx.Sender!;
        _context.SenderId = id;
        return TxResult.Ok;
    }

    private TxResult Dispatch(ITransaction tx)
    {
        if (tx is null) return TxResult.Reject(CoreErrors.MalformedTransaction, "no payload");
        if (!_handlers.TryGetValue(tx.GetType(), out var handler))
            return TxResult.Reject(CoreErrors.UnknownTransaction, $"no module handles {tx.GetType().Name}");
        return handler(_context, tx);
    }

    internal TxResult ExecuteNested(ITransaction action, string actingAccount)
    {
        if (_nesting > 4) return TxResult.Reject(GovernanceErrors.ActionRejected, "governance actions nest too deeply");
        if (action is IGenesisTransaction)
            return TxResult.Reject(CoreErrors.GenesisOnly, $"{Catalog.NameOf(action)} is allowed only in the genesis block");
        var (sender, senderId) = (_context.Sender, _context.SenderId);
        _nesting++;
        try
        {
            _context.Sender = actingAccount;
            _context.SenderId = State.Ledger.TryGetAccount(actingAccount, out var id) ? id : default;
            return Dispatch(action);
        }
        finally
        {
            _nesting--;
            (_context.Sender, _context.SenderId) = (sender, senderId);
        }
    }

    // ---------- state ----------

    public string StateHash() => State.Hash();

    /// <summary>
    /// The version of the state hash's definition: which bytes are hashed for a given state. Raised whenever a change
    /// makes the same state hash differently, so that a log whose blocks carry hashes of another definition is refused
    /// by name rather than by a divergence. 1: until 2026-12-01; 2: price histories hashed as chains of sealed
    /// observations (the O(1) per-block hash).
    /// </summary>
    public const int StateHashDefinition = 2;

    public EngineSnapshot Snapshot() => new(State.Clone());

    public void Restore(EngineSnapshot snapshot) => State = snapshot.State.Clone();
}

/// <summary>Modules that do not fit together: a missing port, a name declared twice, a cycle. Raised when the engine is built.</summary>
public sealed class ModuleContractException(string message) : InvalidOperationException(message);
