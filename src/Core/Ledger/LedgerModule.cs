using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Modules;

namespace Ballast.Core.Ledger;

/// <summary>The ledger's own transactions: transfers and accounts. Always present in an engine.</summary>
public sealed class LedgerModule : IModule
{
    public string Name => "ledger";

    public void Configure(ModuleBuilder builder) => builder
        .Handle<Transfer>("transfer", Apply)
        .Handle<OpenAccount>("openAccount", Apply)
        .Handle<GenesisAccount>("genesisAccount", Apply)
        .Event<Transferred>("transferred")
        .Event<AccountOpened>("accountOpened")
        .Event<Minted>("minted")
        .Query<BalanceQuery, BalanceView>("balance", (view, q) =>
            new BalanceView(q.Account, q.Token,
                view.Ledger.TryGetAccount(q.Account ?? "", out var a) && view.Ledger.TryGetToken(q.Token ?? "", out var t) ? view.Ledger.BalanceOf(a, t) : Amount.Zero))
        .Query<SupplyQuery, SupplyView?>("supply", (view, q) =>
        {
            if (!view.Ledger.TryGetToken(q.Token ?? "", out var t)) return null;
            var info = view.Ledger.Token(t);
            return new SupplyView(info.Symbol, info.Decimals, info.Issuer, view.Ledger.Minted(t), view.Ledger.Burned(t), view.Ledger.Supply(t));
        });

    /// <summary>User names: 1–64 of letters, digits, '_', '-', '.'; ':' is reserved for module accounts.</summary>
    public static bool IsValidUserName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static TxResult Apply(EngineContext ctx, Transfer tx)
    {
        var r = EngineContext.CheckAmount(tx.Amount, "transfer amount");
        if (!r.Accepted) return r;
        r = ctx.ResolveToken(tx.Token, out var token);
        if (!r.Accepted) return r;
        r = ctx.ResolveAccount(tx.To, out var to);
        if (!r.Accepted) return r;
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, to, token, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, token, tx.Amount);
        ctx.Emit(new Transferred(ctx.Sender, tx.To, tx.Token, tx.Amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, OpenAccount tx)
    {
        var r = CheckNewName(ctx, tx.Name);
        if (!r.Accepted) return r;
        ctx.Ledger.CreateAccount(tx.Name, AccountKind.User);
        ctx.Emit(new AccountOpened(tx.Name));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, GenesisAccount tx)
    {
        var r = CheckNewName(ctx, tx.Name);
        if (!r.Accepted) return r;
        var balances = tx.Balances ?? new Dictionary<string, Ballast.Core.Numerics.Amount>();
        foreach (var (symbol, amount) in balances.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            r = ctx.ResolveToken(symbol, out _);
            if (!r.Accepted) return r;
            if (amount.Units > EngineContext.MaxTransactionUnits)
                return EngineContext.CheckAmount(amount, $"genesis balance of {symbol}");
        }
        var id = ctx.Ledger.CreateAccount(tx.Name, AccountKind.User);
        ctx.Emit(new AccountOpened(tx.Name));
        foreach (var (symbol, amount) in balances.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (amount.IsZero) continue;
            ctx.ResolveToken(symbol, out var token);
            if (!ctx.Ledger.TryMint(id, token, amount))
                return TxResult.Reject(CoreErrors.AmountTooLarge, $"minting {amount} {symbol} would exceed the token's supply range");
            ctx.Emit(new Minted(tx.Name, symbol, amount));
        }
        return TxResult.Ok;
    }

    private static TxResult CheckNewName(EngineContext ctx, string name)
    {
        if (!IsValidUserName(name))
            return TxResult.Reject(CoreErrors.InvalidAccountName,
                $"'{name}' is not a valid account name: 1–64 letters, digits, '_', '-' or '.'");
        if (ctx.Ledger.TryGetAccount(name, out _))
            return TxResult.Reject(CoreErrors.AccountExists, $"account '{name}' already exists");
        return TxResult.Ok;
    }
}
