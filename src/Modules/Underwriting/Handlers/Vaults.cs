using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Model;

namespace Ballast.Underwriting.Handlers;

/// <summary>Vault creation, VT mint/redeem at share value, locking VT, manager registration.</summary>
internal static class Vaults
{
    /// <summary>The identity gate: a governance-granted role standing in for seed 002 §5.1's Web2/Web3 identity proof.</summary>
    public const string IdentityRole = "underwriting:identity";

    /// <summary>
    /// The most asset units one VT unit may be worth when a deposit mints: the inflation attack's bound. A vault's share
    /// value starts at 1 (one VT per unit) and grows only by its returns, so an honest vault never comes near; a first
    /// depositor who donates straight to the vault's account to make its few VT units worth a lot (and round a later
    /// deposit down into its own pocket) is refused past this, which bounds a depositor's rounding loss below 1,000 units.
    /// </summary>
    public const ulong MaxShareValueUnits = 1_000;

    public static TxResult Apply(EngineContext ctx, CreateVault tx)
    {
        var r = ctx.ResolveToken(tx.Asset, out _);
        if (!r.Accepted) return r;
        if (tx.AlphaPpb.Value <= 0 || tx.AlphaPpb > Ppb.One)
            return TxResult.Reject(UnderwritingErrors.InvalidMandate, $"α must be in (0, 1e9] ppb; got {tx.AlphaPpb}");
        if (tx.ApprovalThresholdPpb.Value <= 0 || tx.ApprovalThresholdPpb > tx.AlphaPpb)
            return TxResult.Reject(UnderwritingErrors.InvalidMandate, $"the approval threshold must be in (0, α = {tx.AlphaPpb}] ppb; got {tx.ApprovalThresholdPpb}");
        if (tx.MaxManagerLeverage < Fixed.One || tx.MaxManagerLeverage > Fixed.FromInt(100))
            return TxResult.Reject(UnderwritingErrors.InvalidMandate, $"the managers' leverage limit must be in [1, 100]; got {tx.MaxManagerLeverage}");
        if (!tx.AllowCreditLines && !tx.AllowAssets)
            return TxResult.Reject(UnderwritingErrors.InvalidMandate, "a vault must allow at least one instrument class");
        var state = ctx.State<UnderwritingState>();
        long id = state.NextVaultId;
        string vt = $"VT{id}";
        if (ctx.Ledger.TryGetToken(vt, out _))
            return TxResult.Reject(UnderwritingErrors.InvalidMandate, $"the token {vt} exists already");
        state.NextVaultId = id + 1;
        var vault = new Vault
        {
            Id = id,
            Asset = tx.Asset,
            VtToken = vt,
            Mandate = new VaultMandate(tx.AlphaPpb, tx.ApprovalThresholdPpb, tx.MaxManagerLeverage, tx.ValidatorStakeVt, tx.AllowCreditLines, tx.AllowAssets),
        };
        ctx.Ledger.CreateToken(vt, 9, UnderwritingModule.ModuleName);
        ctx.Ledger.GetOrCreateModuleAccount(vault.Account);
        ctx.Ledger.GetOrCreateModuleAccount(vault.LockAccount);
        state.Vaults.Add(id, vault);
        ctx.Emit(new VaultCreated(id, tx.Asset, vt, tx.AlphaPpb, tx.ApprovalThresholdPpb, tx.MaxManagerLeverage, tx.ValidatorStakeVt));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Deposit tx)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, "deposit");
        if (!r.Accepted) return r;
        r = Lookups.TryVault(ctx, tx.VaultId, out var vault);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "deposit");
        if (!r.Accepted) return r;
        var asset = Lookups.Asset(ctx, vault);
        var supply = Lookups.VtSupply(ctx, vault);
        var assets = Lookups.Assets(ctx, vault);
        // The first deposit mints one VT per unit; later ones at supply/assets, rounded down (the vault's favour). A vault
        // whose assets are all gone while VT is outstanding mints nothing (ZeroShares) rather than dilute at a made-up price.
        if (!supply.IsZero && assets.Units > supply.Units * (UInt128)MaxShareValueUnits)
            return TxResult.Reject(UnderwritingErrors.ShareValueTooHigh, $"one VT unit is worth more than {MaxShareValueUnits} units ({assets} assets over {supply} VT): deposits are refused at an inflated share value");
        var vt = supply.IsZero ? tx.Amount : assets.IsZero ? Amount.Zero : tx.Amount.MulDiv(supply, assets, Rounding.Down);
        if (vt.IsZero)
            return TxResult.Reject(UnderwritingErrors.ZeroShares, $"{tx.Amount} units buy no VT at the share value ({assets} assets over {supply} VT)");
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Account(ctx, vault.Account), asset, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, asset, tx.Amount);
        ctx.Ledger.TryMint(ctx.SenderId, Lookups.Vt(ctx, vault), vt);
        ctx.Emit(new Deposited(vault.Id, ctx.Sender, tx.Amount, vt));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Withdraw tx)
    {
        var r = Lookups.TryVault(ctx, tx.VaultId, out var vault);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Vt, "withdrawal");
        if (!r.Accepted) return r;
        var vtToken = Lookups.Vt(ctx, vault);
        if (ctx.Ledger.BalanceOf(ctx.SenderId, vtToken) < tx.Vt) return ctx.InsufficientBalance(ctx.Sender, vtToken, tx.Vt);
        var amount = Lookups.VtValue(ctx, vault, tx.Vt);
        var idle = Lookups.Idle(ctx, vault);
        if (amount > idle)
            return TxResult.Reject(UnderwritingErrors.VaultLacksLiquidity, $"{tx.Vt} VT is worth {amount} units but the vault holds {idle} idle (the rest is deployed or lent)");
        ctx.Ledger.TryBurn(ctx.SenderId, vtToken, tx.Vt);
        ctx.Ledger.TryTransfer(Account(ctx, vault.Account), ctx.SenderId, Lookups.Asset(ctx, vault), amount);
        ctx.Emit(new Withdrawn(vault.Id, ctx.Sender, tx.Vt, amount));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, LockVt tx)
    {
        var r = Lookups.TryVault(ctx, tx.VaultId, out var vault);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Vt, "lock");
        if (!r.Accepted) return r;
        var vtToken = Lookups.Vt(ctx, vault);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Account(ctx, vault.LockAccount), vtToken, tx.Vt))
            return ctx.InsufficientBalance(ctx.Sender, vtToken, tx.Vt);
        var total = vault.Locked.GetValueOrDefault(ctx.Sender, Amount.Zero) + tx.Vt;
        vault.Locked[ctx.Sender] = total;
        ctx.Emit(new VtLockChanged(vault.Id, ctx.Sender, tx.Vt, Amount.Zero, total));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, UnlockVt tx)
    {
        var r = Lookups.TryVault(ctx, tx.VaultId, out var vault);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Vt, "unlock");
        if (!r.Accepted) return r;
        var locked = vault.Locked.GetValueOrDefault(ctx.Sender, Amount.Zero);
        if (locked < tx.Vt)
            return TxResult.Reject(UnderwritingErrors.VtLocked, $"{ctx.Sender} has {locked} VT locked (stakes excluded), asked to unlock {tx.Vt}");
        foreach (var i in ctx.State<UnderwritingState>().Instruments.Values)
        {
            if (i.VaultId != vault.Id || i.Phase is MarketPhase.Resolved or MarketPhase.Closed) continue;
            if (i.Holders.TryGetValue(ctx.Sender, out var h) && !h.Short.IsZero)
                return TxResult.Reject(UnderwritingErrors.VtLocked, $"{ctx.Sender} holds {h.Short} shortZCB of instrument {i.Id}: its locked VT stays until that market resolves");
            if (i.Orders.Values.Any(o => o.Account == ctx.Sender && o.Side is OrderSide.BuyShort or OrderSide.SellShort))
                return TxResult.Reject(UnderwritingErrors.VtLocked, $"{ctx.Sender} has a shortZCB order (bid or offer) resting on instrument {i.Id}: cancel it before unlocking");
        }
        ctx.Ledger.TryTransfer(Account(ctx, vault.LockAccount), ctx.SenderId, Lookups.Vt(ctx, vault), tx.Vt);
        var total = locked - tx.Vt;
        if (total.IsZero) vault.Locked.Remove(ctx.Sender); else vault.Locked[ctx.Sender] = total;
        ctx.Emit(new VtLockChanged(vault.Id, ctx.Sender, Amount.Zero, tx.Vt, total));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, RegisterManager _)
    {
        if (!ctx.Roles.Has(IdentityRole, ctx.Sender))
            return TxResult.Reject(UnderwritingErrors.NotAManager, $"{ctx.Sender} has not passed the identity gate (role '{IdentityRole}', granted by governance)");
        var managers = ctx.State<UnderwritingState>().Managers;
        if (managers.ContainsKey(ctx.Sender))
            return TxResult.Reject(UnderwritingErrors.ManagerExists, $"{ctx.Sender} is a manager already");
        managers.Add(ctx.Sender, new ManagerRecord(Fixed.Zero, 0, Fixed.Zero));
        ctx.Emit(new ManagerRegistered(ctx.Sender, Fixed.Zero));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, GenesisManager tx)
    {
        var r = ctx.ResolveAccount(tx.Account, out _);
        if (!r.Accepted) return r;
        if (tx.Score.IsNegative)
            return TxResult.Reject(UnderwritingErrors.InvalidTerms, $"a score is never negative; got {tx.Score}");
        var managers = ctx.State<UnderwritingState>().Managers;
        if (managers.ContainsKey(tx.Account))
            return TxResult.Reject(UnderwritingErrors.ManagerExists, $"{tx.Account} is a manager already");
        managers.Add(tx.Account, new ManagerRecord(tx.Score, 0, Fixed.Zero));
        ctx.Emit(new ManagerRegistered(tx.Account, tx.Score));
        return TxResult.Ok;
    }

    internal static Ballast.Core.Ledger.AccountId Account(EngineContext ctx, string name) => ctx.Ledger.GetOrCreateModuleAccount(name);
}
