using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>
/// What a protocol that claims on the Insurance Pool uses (the perps engine): the reserve R, premiums paid in,
/// liquidation penalties deposited, and losses covered min(ℓ, R). Reads take a view, writes the handler's or hook's
/// context. Require it with <see cref="Ballast.Core.Modules.HookOrder.BeforeProvider"/> when claims are made from a
/// block hook, so the pool's own hook closes the block over them.
/// </summary>
public interface IInsuranceCover
{
    /// <summary>R: the pool account's TAO.</summary>
    Amount Reserve(EngineView view);

    /// <summary>A premium ψ paid into the pool by <paramref name="payer"/>; false (nothing moved) when the payer is short.</summary>
    bool PayPremium(EngineContext ctx, AccountId payer, Amount premium);

    /// <summary>A liquidation penalty moved from <paramref name="from"/> into the pool; false (nothing moved) when <paramref name="from"/> is short.</summary>
    bool DepositPenalty(EngineContext ctx, AccountId from, Amount penalty);

    /// <summary>
    /// Pays min(ℓ, R) of a loss <paramref name="loss"/> to <paramref name="to"/> and returns it; the rest is the
    /// claimant's to record against its lenders. Utilisation U = ℓ/R_pre counts toward the epoch's backstop trigger;
    /// above θ it raises λ by one step (within its bounds).
    /// </summary>
    Amount Cover(EngineContext ctx, string claimant, AccountId to, Amount loss);
}

/// <summary>What the risk controller reads and moves in the pool: the reserve, the funded subnet, and λ within [λ_min, λ_max].</summary>
public interface IInsuranceControl
{
    /// <summary>R: the pool account's TAO.</summary>
    Amount Reserve(EngineView view);

    /// <summary>λ: the share of the funded subnet's emission diverted to the pool.</summary>
    Ppb Lambda(EngineView view);

    /// <summary>[λ_min, λ_max], the governed bounds of λ.</summary>
    (Ppb Min, Ppb Max) LambdaBounds(EngineView view);

    /// <summary>The subnet whose emission funds the pool; 0 for none.</summary>
    int FundedNetuid(EngineView view);

    /// <summary>Sets λ to <paramref name="lambda"/> clamped to [max(λ_min, the θ floor of this epoch), λ_max] and points the diversion at it: the next block's emission.</summary>
    void SetLambda(EngineContext ctx, Ppb lambda);
}

/// <summary>The pool's implementation of both of its ports.</summary>
internal sealed class InsurancePool : IInsuranceCover, IInsuranceControl
{
    public const long Scale = Ppb.Scale;

    public Amount Reserve(EngineView view) => BalanceOf(view, InsuranceModule.PoolAccount);

    public static Amount Treasury(EngineView view) => BalanceOf(view, InsuranceModule.TreasuryAccount);

    private static Amount BalanceOf(EngineView view, string account) =>
        view.Ledger.TryGetAccount(account, out var id) ? view.Ledger.BalanceOf(id, view.Tao) : Amount.Zero;

    public bool PayPremium(EngineContext ctx, AccountId payer, Amount premium)
    {
        if (premium.IsZero) return true;
        if (!ctx.Ledger.TryTransfer(payer, ctx.Ledger.GetOrCreateModuleAccount(InsuranceModule.PoolAccount), ctx.Tao, premium)) return false;
        ctx.State<InsuranceState>().Premiums += premium;
        return true;
    }

    public bool DepositPenalty(EngineContext ctx, AccountId from, Amount penalty) =>
        penalty.IsZero || ctx.Ledger.TryTransfer(from, ctx.Ledger.GetOrCreateModuleAccount(InsuranceModule.PoolAccount), ctx.Tao, penalty);

    public Amount Cover(EngineContext ctx, string claimant, AccountId to, Amount loss)
    {
        if (loss.IsZero) return Amount.Zero;
        var state = ctx.State<InsuranceState>();
        var p = ctx.Params<InsuranceParameters>();
        var reserve = Reserve(ctx);
        var paid = Amount.Min(loss, reserve);
        if (!paid.IsZero && !ctx.Ledger.TryTransfer(ctx.Ledger.GetOrCreateModuleAccount(InsuranceModule.PoolAccount), to, ctx.Tao, paid))
            throw new InvariantViolationException("insurance pool cannot pay its own reserve");
        const long cap = Scale * 1_000;
        var utilization = new Ppb(reserve.IsZero ? cap : (long)UInt128.Min(FullMath.MulDiv(loss.Units, Scale, reserve.Units, Rounding.Up), cap));
        state.LastUtilizationPpb = utilization;
        state.EpochUtilizationPpb = new Ppb(Math.Min(state.EpochUtilizationPpb.Value + utilization.Value, long.MaxValue / 2));
        if (state.EpochUtilizationPpb > p.TopUpTriggerPpb) state.TopUpTriggered = true;
        state.PaidOut += paid;
        state.Uncovered += loss - paid;
        if (utilization > p.UtilizationThresholdPpb)
        {
            SetLambda(ctx, state.LambdaPpb + p.LambdaStepPpb, LambdaChangeReason.UtilizationAboveThreshold);
            state.LambdaFloorPpb = state.LambdaPpb; // the PID may raise λ further, not take it below this until the epoch ends
        }
        ctx.Emit(new LossCovered(claimant, loss, paid, loss - paid, utilization, state.LambdaPpb));
        return paid;
    }

    public Ppb Lambda(EngineView view) => view.State<InsuranceState>().LambdaPpb;

    public (Ppb Min, Ppb Max) LambdaBounds(EngineView view)
    {
        var p = view.Params<InsuranceParameters>();
        return (p.LambdaMinPpb, p.LambdaMaxPpb);
    }

    public int FundedNetuid(EngineView view) => view.Params<InsuranceParameters>().FundedNetuid;

    public void SetLambda(EngineContext ctx, Ppb lambda) => SetLambda(ctx, lambda, LambdaChangeReason.RiskController);

    /// <summary>Sets λ within [λ_min, λ_max]; the hook points the funded subnet's emission diversion at the pool with it.</summary>
    private static void SetLambda(EngineContext ctx, Ppb lambda, LambdaChangeReason reason)
    {
        var state = ctx.State<InsuranceState>();
        var p = ctx.Params<InsuranceParameters>();
        // [max(λ_min, θ floor), λ_max]: λ_max wins should governance lower it below a floor set earlier in the epoch.
        var bounded = Ppb.Max(p.LambdaMinPpb, Ppb.Min(Ppb.Max(lambda, state.LambdaFloorPpb), p.LambdaMaxPpb));
        if (bounded == state.LambdaPpb) return;
        ctx.Emit(new LambdaChanged(state.LambdaPpb, bounded, reason));
        state.LambdaPpb = bounded;
        InsuranceModule.PointDiversion(ctx); // no block's wait for the pool's next hook: λ is next block's share
    }
}
