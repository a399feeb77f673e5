using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>
/// The Insurance Pool's public surface for other modules: its reserve R, premiums paid in, payouts min(ℓ, R) with
/// the utilisation rule, and λ for the risk controller.
/// </summary>
public static class InsurancePool
{
    public const string PoolAccount = "insurance:pool";
    public const string TreasuryAccount = "insurance:treasury";
    public const string EmissionsAccount = "insurance:emissions";

    public static Amount Reserve(EngineContext ctx) =>
        ctx.Ledger.TryGetAccount(PoolAccount, out var pool) ? ctx.Ledger.BalanceOf(pool, ctx.Tao) : Amount.Zero;

    public static Amount Treasury(EngineContext ctx) =>
        ctx.Ledger.TryGetAccount(TreasuryAccount, out var t) ? ctx.Ledger.BalanceOf(t, ctx.Tao) : Amount.Zero;

    public static long LambdaPpb(EngineContext ctx) => ctx.State<InsuranceState>().LambdaPpb;

    /// <summary>A premium (ψ) paid into the pool from <paramref name="payer"/>; false if the payer is short.</summary>
    public static bool PayPremium(EngineContext ctx, AccountId payer, Amount premium)
    {
        if (premium.IsZero) return true;
        if (!ctx.Ledger.TryTransfer(payer, ctx.Ledger.GetOrCreateModuleAccount(PoolAccount), ctx.Tao, premium)) return false;
        ctx.State<InsuranceState>().Premiums += premium;
        return true;
    }

    /// <summary>
    /// Pays min(ℓ, R) of a liquidation loss to <paramref name="to"/> and returns it; the rest is the caller's to
    /// record against its lenders. Utilisation U = ℓ/R_pre counts toward the epoch's backstop trigger; above θ it
    /// raises λ by one step (within the bounds).
    /// </summary>
    public static Amount Cover(EngineContext ctx, string claimant, AccountId to, Amount loss)
    {
        if (loss.IsZero) return Amount.Zero;
        var state = ctx.State<InsuranceState>();
        var p = ctx.Params<InsuranceParameters>();
        var reserve = Reserve(ctx);
        var paid = Amount.Min(loss, reserve);
        if (!paid.IsZero && !ctx.Ledger.TryTransfer(ctx.Ledger.GetOrCreateModuleAccount(PoolAccount), to, ctx.Tao, paid))
            throw new InvariantViolationException("insurance pool cannot pay its own reserve");
        long utilization = reserve.IsZero
            ? InsuranceParameters.Ppb * 1_000
            : (long)UInt128.Min(FullMath.MulDiv(loss.Units, InsuranceParameters.Ppb, reserve.Units, Rounding.Up), InsuranceParameters.Ppb * 1_000);
        state.LastUtilizationPpb = utilization;
        state.EpochUtilizationPpb = Math.Min(state.EpochUtilizationPpb + utilization, long.MaxValue / 2);
        if (state.EpochUtilizationPpb > p.TopUpTriggerPpb) state.TopUpTriggered = true;
        state.PaidOut += paid;
        state.Uncovered += loss - paid;
        if (utilization > p.UtilizationThresholdPpb)
            SetLambda(ctx, state.LambdaPpb + p.LambdaStepPpb, $"payout utilisation {utilization} ppb above θ");
        ctx.Emit(new LossCovered(claimant, loss, paid, loss - paid, utilization, state.LambdaPpb));
        return paid;
    }

    /// <summary>Sets λ within [λ_min, λ_max] and points the funded subnet's emission diversion at the pool.</summary>
    public static void SetLambda(EngineContext ctx, long lambdaPpb, string reason)
    {
        var state = ctx.State<InsuranceState>();
        var p = ctx.Params<InsuranceParameters>();
        var bounded = Math.Clamp(lambdaPpb, p.LambdaMinPpb, p.LambdaMaxPpb);
        if (bounded == state.LambdaPpb) return;
        ctx.Emit(new LambdaChanged(state.LambdaPpb, bounded, reason));
        state.LambdaPpb = bounded;
    }
}
