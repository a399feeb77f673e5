using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Model;

namespace Ballast.Underwriting.Handlers;

/// <summary>Reads shared by handlers and queries: vaults and instruments by id, share value, budgets and leverage.</summary>
internal static class Lookups
{
    public static TxResult TryVault(EngineView view, long id, out Vault vault) =>
        view.State<UnderwritingState>().Vaults.TryGetValue(id, out vault!)
            ? TxResult.Ok
            : TxResult.Reject(UnderwritingErrors.UnknownVault, $"there is no vault {id}");

    public static TxResult TryInstrument(EngineView view, long id, out Instrument instrument) =>
        view.State<UnderwritingState>().Instruments.TryGetValue(id, out instrument!)
            ? TxResult.Ok
            : TxResult.Reject(UnderwritingErrors.UnknownInstrument, $"there is no instrument {id}");

    /// <summary>An instrument and the vault it draws on (every instrument's vault exists: it is checked when proposed).</summary>
    public static TxResult TryInstrument(EngineView view, long id, out Instrument instrument, out Vault vault)
    {
        vault = null!;
        var r = TryInstrument(view, id, out instrument);
        if (r.Accepted) TryVault(view, instrument.VaultId, out vault);
        return r;
    }

    public static TokenId Asset(EngineView view, Vault vault)
    {
        view.Ledger.TryGetToken(vault.Asset, out var token);
        return token;
    }

    public static TokenId Vt(EngineView view, Vault vault)
    {
        view.Ledger.TryGetToken(vault.VtToken, out var token);
        return token;
    }

    public static Amount Balance(EngineView view, string account, TokenId token) =>
        view.Ledger.TryGetAccount(account, out var id) ? view.Ledger.BalanceOf(id, token) : Amount.Zero;

    /// <summary>The vault's idle asset.</summary>
    public static Amount Idle(EngineView view, Vault vault) => Balance(view, vault.Account, Asset(view, vault));

    /// <summary>Idle + deployed principal + manager loans: what VT is a share of.</summary>
    public static Amount Assets(EngineView view, Vault vault) => Idle(view, vault) + vault.Deployed + vault.Lent;

    public static Amount VtSupply(EngineView view, Vault vault) => view.Ledger.Supply(Vt(view, vault));

    /// <summary>What <paramref name="vt"/> is worth in the asset at the share value, rounded down.</summary>
    public static Amount VtValue(EngineView view, Vault vault, Amount vt)
    {
        var supply = VtSupply(view, vault);
        return supply.IsZero ? Amount.Zero : vt.MulDiv(Assets(view, vault), supply, Rounding.Down);
    }

    /// <summary>A manager's score (0 for an unknown account).</summary>
    public static Fixed Score(EngineView view, string account) =>
        view.State<UnderwritingState>().Managers.TryGetValue(account, out var m) ? m.Score : Fixed.Zero;

    public static bool IsManager(EngineView view, string account) => view.State<UnderwritingState>().Managers.ContainsKey(account);

    /// <summary>Budget per instrument: base + per-score·score (rao), rounded down.</summary>
    public static Amount Budget(UnderwritingParameters p, Fixed score) =>
        new Amount((UInt128)p.ManagerBudgetBaseRao) + score.MulAmount(new Amount((UInt128)p.ManagerBudgetPerScoreRao), Rounding.Down);

    /// <summary>Leverage limit: min(mandate's maximum, 1 + per-score·score).</summary>
    public static Fixed LeverageLimit(UnderwritingParameters p, VaultMandate mandate, Fixed score) =>
        Fixed.Min(mandate.MaxManagerLeverage, Fixed.One + p.LeveragePerScore.Mul(score, Rounding.Down));

    /// <summary>Net long at which the market can be approved: threshold·c, rounded up.</summary>
    public static Amount ApprovalNetLong(Vault vault, Instrument i) => vault.Mandate.ApprovalThresholdPpb.Of(i.Expected, Rounding.Up);

    /// <summary>The net long cap α·c, rounded down.</summary>
    public static Amount NetLongCap(Vault vault, Instrument i) => vault.Mandate.AlphaPpb.Of(i.Expected, Rounding.Down);

    public static bool CanBeApproved(Vault vault, Instrument i) => i.InAssessment && i.NetLong >= ApprovalNetLong(vault, i);

    /// <summary>The value of the VT the account keeps locked (free lock, not stakes) with the vault.</summary>
    public static Amount LockedValue(EngineView view, Vault vault, string account) =>
        VtValue(view, vault, vault.Locked.GetValueOrDefault(account, Amount.Zero));
}
