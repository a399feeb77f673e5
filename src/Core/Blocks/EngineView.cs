using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Blocks;

/// <summary>
/// The engine as readers see it: queries, keepers, simulator agents and node readers. Everything here reads; the
/// ledger, prices, roles and pauses are read-only interfaces, and a module state reached through
/// <see cref="State{TState}"/> refuses writes while a query or keeper runs (the engine makes its journal read-only).
/// A view holds no caches of its own. Handlers and hooks get <see cref="EngineContext"/>, which adds the writes.
/// </summary>
public class EngineView
{
    private protected readonly Engine Engine;

    internal EngineView(Engine engine) => Engine = engine;

    private protected EngineState S => Engine.State;

    public long Height => S.Clock.Height;
    public BlockClock Clock => S.Clock;
    /// <summary>The TAO token, created by the engine at genesis.</summary>
    public TokenId Tao => Engine.TaoToken;

    public ILedgerView Ledger => S.Ledger;
    public IPriceView Prices => S.Prices;
    public IRoleView Roles => S.Roles;
    public IPauseView Pauses => S.Pauses;
    public TransactionCatalog Catalog => Engine.Catalog;

    /// <summary>A module's current parameter record.</summary>
    public TParams Params<TParams>() where TParams : class => S.Parameters.Get<TParams>();

    /// <summary>A module's parameter set by module name (with units, ranges and presets), or null.</summary>
    public IParameterSet? ParameterSetOf(string module) => S.Parameters.TryGet(module, out var set) ? set : null;

    /// <summary>A module's own state. Module states are internal to their module: other modules use its ports and queries.</summary>
    public TState State<TState>() where TState : ModuleState => (TState)S.Modules[Engine.StateIndex<TState>()];

    /// <summary>The module that provides <typeparamref name="TPort"/> (checked when the engine was built).</summary>
    public TPort Port<TPort>() where TPort : class => Engine.Port<TPort>();

    /// <summary>Runs another module's declared query.</summary>
    public TResult Query<TQuery, TResult>(TQuery query) where TQuery : IQuery<TResult> => Engine.Query<TQuery, TResult>(query);

    // ---------- common checks, so every module words them the same way ----------

    public TxResult ResolveAccount(string name, out AccountId id) =>
        S.Ledger.TryGetAccount(name, out id) // the concrete ledger: this is on every transaction's path
            ? TxResult.Ok
            : TxResult.Reject(CoreErrors.UnknownAccount, $"no account '{name}'");

    public TxResult ResolveToken(string symbol, out TokenId id) =>
        S.Ledger.TryGetToken(symbol, out id)
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
}
