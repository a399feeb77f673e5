using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Blocks;

/// <summary>
/// The block engine. Height 0 is genesis; <see cref="ExecuteBlock"/> opens the next block, applies its
/// transactions in order (a rejected one is rolled back and changes nothing), runs the block hooks, then checks
/// token conservation. The same engine serves tests, the simulator and the node; only the host differs.
/// </summary>
public sealed class Engine
{
    public const string TaoSymbol = "TAO";

    private readonly Dictionary<Type, Func<EngineContext, ITransaction, TxResult>> _handlers = [];
    private readonly List<(string Module, Action<EngineContext> Hook)> _hooks = [];
    private readonly Dictionary<Type, int> _stateIndex = [];
    private readonly SortedDictionary<string, IKeeper> _keepers = new(StringComparer.Ordinal);
    private readonly EngineContext _context;
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
        var states = new List<ModuleState>();
        var stateModules = new List<string>();
        var parameters = new ParameterRegistry();
        var all = new IModule[] { new LedgerModule(), new GovernanceModule(), new PriceFeedModule() }.Concat(modules).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in all)
        {
            if (!names.Add(module.Name)) throw new InvalidOperationException($"module '{module.Name}' registered twice");
            var builder = new ModuleBuilder(Catalog) { ModuleName = module.Name };
            module.Configure(builder);
            foreach (var state in builder.States)
            {
                _stateIndex.Add(state.GetType(), states.Count);
                states.Add(state);
                stateModules.Add(module.Name);
            }
            foreach (var (type, handler) in builder.Handlers) _handlers.Add(type, handler);
            _hooks.AddRange(builder.BlockHooks);
            foreach (var set in builder.ParameterSets) parameters.Add(set);
            foreach (var (name, keeper) in builder.Keepers) _keepers.Add(name, keeper);
        }
        ModuleNames = all.Select(m => m.Name).ToList();
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
    }

    internal EngineState State { get; private set; }
    public EventLog Events { get; }
    public TransactionCatalog Catalog { get; } = new();
    public IReadOnlyList<string> ModuleNames { get; }
    public TokenId TaoToken { get; }

    /// <summary>The keepers modules offer, by name (<c>margin.liquidator</c>).</summary>
    public IReadOnlyDictionary<string, IKeeper> Keepers => _keepers;

    public long Height => State.Clock.Height;
    public BlockClock Clock => State.Clock;
    public TokenLedger Ledger => State.Ledger;
    public RoleRegistry Roles => State.Roles;
    public PauseRegistry Pauses => State.Pauses;
    public ParameterRegistry Parameters => State.Parameters;
    public PriceOracle Prices => State.Prices;
    public IReadOnlyList<ModuleState> ModuleStates => State.Modules;

    /// <summary>Each module state with the name of the module that owns it, in registration order.</summary>
    public IEnumerable<(string Module, ModuleState State)> ModuleStatesByModule =>
        _stateModules.Zip(State.Modules, (m, s) => (m, s));

    /// <summary>The context handlers see; hosts use it for read-only queries between blocks.</summary>
    public EngineContext Context => _context;

    public TState StateOf<TState>() where TState : ModuleState => (TState)State.Modules[StateIndex<TState>()];

    internal int StateIndex<TState>() where TState : ModuleState =>
        _stateIndex.TryGetValue(typeof(TState), out var i) ? i : throw new InvalidOperationException($"no module state {typeof(TState).Name}");

    // ---------- execution ----------

    /// <summary>Applies genesis transactions at height 0 (no signers, no hooks).</summary>
    public IReadOnlyList<TxResult> ApplyGenesis(IReadOnlyList<Envelope> transactions)
    {
        if (Height != 0) throw new InvalidOperationException("genesis is over");
        Events.Block = 0;
        var results = new TxResult[transactions.Count];
        for (int i = 0; i < transactions.Count; i++)
        {
            _txIndex = i;
            results[i] = ApplyOne(transactions[i], genesis: true);
        }
        Events.TxIndex = -1;
        CheckInvariants();
        return results;
    }

    /// <summary>Opens block Height+1, applies the transactions in order, runs the hooks, checks conservation.</summary>
    public BlockResult ExecuteBlock(IReadOnlyList<Envelope> transactions)
    {
        State.Clock = State.Clock.Next();
        Events.Block = Height;
        var results = new TxResult[transactions.Count];
        for (int i = 0; i < transactions.Count; i++)
        {
            _txIndex = i;
            results[i] = ApplyOne(transactions[i], genesis: false);
        }
        RunHooks();
        return new BlockResult(Height, results);
    }

    /// <summary>Applies <paramref name="transactions"/> as one block without allocating a result list (hot path).</summary>
    public int ExecuteBlockCountingRejections(ReadOnlySpan<Envelope> transactions)
    {
        State.Clock = State.Clock.Next();
        Events.Block = Height;
        int rejected = 0;
        for (int i = 0; i < transactions.Length; i++)
        {
            _txIndex = i;
            if (!ApplyOne(transactions[i], genesis: false).Accepted) rejected++;
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
        foreach (var (module, hook) in _hooks)
        {
            _context.Sender = module;
            hook(_context);
        }
        State.Ledger.ClearJournal();
        State.Prices.ClearJournal();
        CheckInvariants();
    }

    private void CheckInvariants()
    {
        if (!_options.CheckConservationEveryBlock) return;
        var violations = State.Ledger.CheckConservation();
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
        var result = Authorise(tx, genesis);
        if (result.Accepted) result = Dispatch(tx.Payload);
        if (result.Accepted)
        {
            ledger.ClearJournal();
            State.Prices.ClearJournal();
        }
        else
        {
            ledger.RollbackTo(checkpoint);
            State.Prices.RollbackTo(priceCheckpoint);
            Events.TruncateTo(events);
        }
        return result;
    }

    private TxResult Authorise(Envelope tx, bool genesis)
    {
        if (tx.Payload is null) return TxResult.Reject(CoreErrors.MalformedTransaction, "the envelope carries no payload");
        if (tx.Payload is IGenesisTransaction)
        {
            if (!genesis) return TxResult.Reject(CoreErrors.GenesisOnly, $"{Catalog.NameOf(tx.Payload)} is allowed only in the genesis block");
            _context.Sender = "genesis";
            _context.SenderId = default;
            return TxResult.Ok;
        }
        if (!State.Ledger.TryGetAccount(tx.Sender ?? "", out var id))
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
        try
        {
            return handler(_context, tx);
        }
        catch (OverflowException e)
        {
            // Module handlers check before they change module state, so an overflow in arithmetic is a refusal
            // of absurd input; the ledger part is rolled back by the caller.
            return TxResult.Reject(CoreErrors.ArithmeticOverflow, $"arithmetic overflow: {e.Message}");
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentNullException)
        {
            // A transaction built in code with a missing (null) field; the JSON reader refuses these before.
            return TxResult.Reject(CoreErrors.MalformedTransaction, $"{Catalog.NameOf(tx)} has a missing (null) field");
        }
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

    public EngineSnapshot Snapshot() => new(State.Clone());

    public void Restore(EngineSnapshot snapshot) => State = snapshot.State.Clone();
}
