using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Blocks;

/// <summary>
/// What a transaction handler or block hook sees: the read view plus the writes — the acting account, the writable
/// ledger and oracle, seeded randomness, roles, pauses, parameters, events and nested execution. One instance per
/// engine, reused for every transaction (no allocation per transaction). Module state written through it is
/// journaled: a rejected transaction leaves no trace.
/// </summary>
public sealed class EngineContext : EngineView
{
    internal EngineContext(Engine engine) : base(engine) { }

    /// <summary>The account acting: the signer, or a governance account executing an approved action.</summary>
    public string Sender { get; internal set; } = "";
    public AccountId SenderId { get; internal set; }

    public new TokenLedger Ledger => S.Ledger;
    public new PriceOracle Prices => S.Prices;
    public new RoleRegistry Roles => S.Roles;
    public new PauseRegistry Pauses => S.Pauses;
    public ParameterRegistry Parameters => S.Parameters;
    public DeterministicRandom Random => S.Random;
    public EventLog Events => Engine.Events;

    /// <summary>Emits a declared event (an undeclared one is a module bug: <see cref="InvariantViolationException"/>).</summary>
    public void Emit<T>(T @event) where T : IEvent => Engine.Emit(@event);

    /// <summary>Executes <paramref name="action"/> as <paramref name="actingAccount"/> (governance executing an approved action).</summary>
    public TxResult ExecuteAs(ITransaction action, string actingAccount) => Engine.ExecuteNested(action, actingAccount);

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
