using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Blocks;

/// <summary>
/// What a transaction handler or block hook sees: the acting account, the ledger, the clock, seeded randomness,
/// the shared governance services, price feeds, module states and the event log. One instance per engine,
/// reused for every transaction (no allocation per transaction).
/// </summary>
public sealed class EngineContext
{
    private readonly Engine _engine;

    internal EngineContext(Engine engine) => _engine = engine;

    private EngineState S => _engine.State;

    /// <summary>The account acting: the signer, or a governance account executing an approved action.</summary>
    public string Sender { get; internal set; } = "";
    public AccountId SenderId { get; internal set; }

    public TokenLedger Ledger => S.Ledger;
    public BlockClock Clock => S.Clock;
    public long Height => S.Clock.Height;
    public DeterministicRandom Random => S.Random;
    public RoleRegistry Roles => S.Roles;
    public PauseRegistry Pauses => S.Pauses;
    public ParameterRegistry Parameters => S.Parameters;
    public PriceOracle Prices => S.Prices;
    public EventLog Events => _engine.Events;
    public TransactionCatalog Catalog => _engine.Catalog;

    /// <summary>The TAO token, created by the engine at genesis.</summary>
    public TokenId Tao => _engine.TaoToken;

    public TState State<TState>() where TState : ModuleState => (TState)S.Modules[_engine.StateIndex<TState>()];
    public TParams Params<TParams>() where TParams : class => S.Parameters.Get<TParams>();

    public void Emit<T>(T @event) where T : IEvent => _engine.Events.Emit(@event);

    /// <summary>Executes <paramref name="action"/> as <paramref name="actingAccount"/> (governance executing an approved action).</summary>
    public TxResult ExecuteAs(ITransaction action, string actingAccount) => _engine.ExecuteNested(action, actingAccount);

    // ---------- common checks, so every module words them the same way ----------

    public TxResult ResolveAccount(string name, out AccountId id) =>
        Ledger.TryGetAccount(name, out id)
            ? TxResult.Ok
            : TxResult.Reject(CoreErrors.UnknownAccount, $"no account '{name}'");

    public TxResult ResolveToken(string symbol, out TokenId id) =>
        Ledger.TryGetToken(symbol, out id)
            ? TxResult.Ok
            : TxResult.Reject(CoreErrors.UnknownToken, $"no token '{symbol}'");

    /// <summary>Rejects zero amounts and amounts above <see cref="MaxTransactionUnits"/>.</summary>
    public static TxResult CheckAmount(Amount amount, string what)
    {
        if (amount.IsZero) return TxResult.Reject(CoreErrors.ZeroAmount, $"{what} must be more than zero");
        if (amount.Units > MaxTransactionUnits)
            return TxResult.Reject(CoreErrors.AmountTooLarge, $"{what} of {amount} units is above the limit of {MaxTransactionUnits} units (1e30)");
        return TxResult.Ok;
    }

    /// <summary>No single transaction moves more than 1e30 units (1e21 whole 9-decimal tokens): absurd amounts are refused up front.</summary>
    public static readonly UInt128 MaxTransactionUnits = UInt128.Parse("1000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    public TxResult RequireRole(string role) =>
        Roles.Has(role, Sender)
            ? TxResult.Ok
            : TxResult.Reject(GovernanceErrors.MissingRole, $"{Sender} does not hold the role '{role}'");

    public TxResult RequireNotPaused(string module, string action) =>
        Pauses.IsPaused(module, action)
            ? TxResult.Reject(GovernanceErrors.Paused, $"{module}.{action} is paused")
            : TxResult.Ok;

    public TxResult InsufficientBalance(string account, TokenId token, Amount needed) =>
        TxResult.Reject(CoreErrors.InsufficientBalance,
            $"{account} holds {Ledger.BalanceOf(Ledger.TryGetAccount(account, out var id) ? id : default, token)} {Ledger.Token(token).Symbol} units, needs {needed}");
}
