using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Subnets;

namespace Ballast.Insurance;

/// <summary>
/// The Insurance Pool of seed 000: funded each block by λ·E(t) diverted from a subnet's emission (sold for TAO)
/// plus a treasury stream τ until the target reserve R*; pays liquidation losses min(ℓ, R); raises λ after a payout
/// with utilisation above θ; lets governance top it up from the treasury after a bad epoch. Other modules use it
/// through its ports: <see cref="IInsuranceCover"/> (claims, premiums, penalties) and <see cref="IInsuranceControl"/> (λ).
/// </summary>
public sealed class InsuranceModule(InsuranceParameters? parameters = null) : IModule
{
    public const string ModuleName = "insurance";
    public const string PoolAccount = "insurance:pool";
    public const string TreasuryAccount = "insurance:treasury";
    public const string EmissionsAccount = "insurance:emissions";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder)
    {
        var pool = new InsurancePool();
        builder
            .AddState(new InsuranceState())
            .AddParameters(InsuranceParameters.CreateSet(parameters))
            .Handle<FundTreasury>("fundTreasury", Apply)
            .Handle<TreasuryTopUp>("topUp", Apply)
            .Query<PoolQuery, InsurancePoolView>("pool", (view, _) => InsuranceQueries.Pool(view))
            .Event<TreasuryFunded>("treasuryFunded")
            .Event<TreasuryToppedUp>("toppedUp")
            .Event<LossCovered>("lossCovered")
            .Event<LambdaChanged>("lambdaChanged")
            .Event<EmissionFunded>("emissionFunded")
            .Provide<IInsuranceCover>(pool)
            .Provide<IInsuranceControl>(pool)
            .Require<ISubnetMarkets>(HookOrder.AfterProvider)
            .OnBlockEnd(OnBlockEnd);
    }

    private static void OnBlockEnd(EngineContext ctx)
    {
        var state = ctx.State<InsuranceState>();
        var p = ctx.Params<InsuranceParameters>();
        var pool = ctx.Ledger.GetOrCreateModuleAccount(PoolAccount);
        if (ctx.Height - state.EpochStart >= p.EpochBlocks)
        {
            state.EpochStart = ctx.Height;
            state.EpochUtilizationPpb = Ppb.Zero;
            state.TopUpTriggered = false;
            state.EpochToppedUp = Amount.Zero;
            state.LambdaFloorPpb = Ppb.Zero; // a θ step holds λ up for the epoch it happened in
        }
        // λ·E(t): the alpha diverted this block is sold for TAO into the reserve.
        state.LastFundingTao = Amount.Zero;
        int netuid = p.FundedNetuid;
        var markets = ctx.Port<ISubnetMarkets>();
        if (netuid > 0 && markets.TryGetSubnet(ctx, netuid, out var subnet).Accepted)
        {
            var emissions = ctx.Ledger.GetOrCreateModuleAccount(EmissionsAccount);
            var alpha = ctx.Ledger.BalanceOf(emissions, subnet.AlphaToken);
            if (!alpha.IsZero && markets.Swap(ctx, netuid, SwapDirection.AlphaToTao, emissions, pool, alpha, Amount.Zero, out var tao).Accepted)
            {
                state.EmissionAlpha += alpha;
                state.EmissionTao += tao;
                state.LastFundingTao = tao;
                ctx.Emit(new EmissionFunded(alpha, tao));
            }
        }
        PointDiversion(ctx);
        // τ(t) from the treasury until R*.
        var reserve = ctx.Ledger.BalanceOf(pool, ctx.Tao);
        var target = new Amount((UInt128)p.TargetReserveRao);
        if (reserve < target && ctx.Ledger.TryGetAccount(TreasuryAccount, out var treasury))
        {
            var stream = Amount.Min(Amount.Min(new Amount((UInt128)p.TreasuryStreamRaoPerBlock), target - reserve), ctx.Ledger.BalanceOf(treasury, ctx.Tao));
            if (!stream.IsZero && ctx.Ledger.TryTransfer(treasury, pool, ctx.Tao, stream)) state.Streamed += stream;
        }
    }

    /// <summary>
    /// Points the funded subnet's emission diversion at λ now. Called by the hook and whenever λ changes (the
    /// controller's step runs after this hook), so λ set in block t is the share of block t + 1's emission.
    /// </summary>
    internal static void PointDiversion(EngineContext ctx)
    {
        int netuid = ctx.Params<InsuranceParameters>().FundedNetuid;
        var markets = ctx.Port<ISubnetMarkets>();
        if (netuid > 0 && markets.TryGetSubnet(ctx, netuid, out _).Accepted)
            markets.SetEmissionDiversion(ctx, netuid, ctx.Ledger.GetOrCreateModuleAccount(EmissionsAccount), ctx.State<InsuranceState>().LambdaPpb);
    }

    private static TxResult Apply(EngineContext ctx, FundTreasury tx)
    {
        var r = EngineContext.CheckAmount(tx.Amount, "treasury funding");
        if (!r.Accepted) return r;
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount(TreasuryAccount), ctx.Tao, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Amount);
        ctx.Emit(new TreasuryFunded(ctx.Sender, tx.Amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, TreasuryTopUp tx)
    {
        var state = ctx.State<InsuranceState>();
        var p = ctx.Params<InsuranceParameters>();
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "top-up");
        if (!r.Accepted) return r;
        if (!state.TopUpTriggered)
            return TxResult.Reject(InsuranceErrors.TopUpNotTriggered,
                $"this epoch's cumulative utilisation is {state.EpochUtilizationPpb} ppb; a top-up needs more than γ = {p.TopUpTriggerPpb} ppb");
        var limit = TopUpLimit(state, p, InsurancePool.Treasury(ctx));
        if (tx.Amount > limit)
            return TxResult.Reject(InsuranceErrors.TopUpAboveLimit,
                $"top-ups move at most β = {p.TopUpMaxPpb} ppb of the treasury per epoch; {state.EpochToppedUp.ToTokenString()} TAO moved this epoch, {limit.ToTokenString()} TAO left; asked {tx.Amount.ToTokenString()}");
        ctx.Ledger.TryGetAccount(TreasuryAccount, out var treasury);
        ctx.Ledger.TryTransfer(treasury, ctx.Ledger.GetOrCreateModuleAccount(PoolAccount), ctx.Tao, tx.Amount);
        state.ToppedUp += tx.Amount;
        state.EpochToppedUp += tx.Amount;
        ctx.Emit(new TreasuryToppedUp(tx.Amount, ctx.Sender));
        return TxResult.Ok;
    }

    /// <summary>
    /// What a top-up may still move this epoch: β of the treasury before this epoch's top-ups (the treasury now plus
    /// what they moved), less what they moved. Two top-ups in one epoch together move at most β of it.
    /// </summary>
    internal static Amount TopUpLimit(InsuranceState state, InsuranceParameters p, Amount treasury) =>
        p.TopUpMaxPpb.Of(treasury + state.EpochToppedUp, Rounding.Down).SaturatingSub(state.EpochToppedUp);
}
