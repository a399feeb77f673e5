using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary><c>insurance.pool</c>: the pool's reserve, λ, epoch and totals.</summary>
public sealed record PoolQuery : IQuery<InsurancePoolView>;

/// <summary>What flowed into and out of the pool since genesis.</summary>
public sealed record InsuranceTotals(Amount EmissionTao, Amount EmissionAlpha, Amount Streamed, Amount ToppedUp, Amount Premiums, Amount PaidOut, Amount Uncovered);

/// <summary>
/// The Insurance Pool now: reserve R and the dormant treasury (TAO), λ with its bounds (fractions), the TAO the last
/// block's diverted emission brought, the backstop epoch (start block, cumulative utilisation Σ ℓ/R_pre as a fraction,
/// whether a top-up is allowed and at most how much), and the totals.
/// </summary>
public sealed record InsurancePoolView(
    Amount Reserve,
    Amount Treasury,
    Fixed Lambda,
    Fixed LambdaMin,
    Fixed LambdaMax,
    Fixed LambdaFloor,
    Amount LastFundingTao,
    long EpochStart,
    Fixed EpochUtilization,
    bool TopUpTriggered,
    Amount TopUpLimit,
    InsuranceTotals Totals);

internal static class InsuranceQueries
{
    public static InsurancePoolView Pool(EngineView view)
    {
        var s = view.State<InsuranceState>();
        var p = view.Params<InsuranceParameters>();
        var treasury = InsurancePool.Treasury(view);
        return new InsurancePoolView(
            Reserve: view.Port<IInsuranceCover>().Reserve(view),
            Treasury: treasury,
            Lambda: s.LambdaPpb.ToFixed(),
            LambdaMin: p.LambdaMinPpb.ToFixed(),
            LambdaMax: p.LambdaMaxPpb.ToFixed(),
            LambdaFloor: s.LambdaFloorPpb.ToFixed(),
            LastFundingTao: s.LastFundingTao,
            EpochStart: s.EpochStart,
            EpochUtilization: s.EpochUtilizationPpb.ToFixed(),
            TopUpTriggered: s.TopUpTriggered,
            TopUpLimit: s.TopUpTriggered ? InsuranceModule.TopUpLimit(s, p, treasury) : Amount.Zero,
            Totals: new InsuranceTotals(s.EmissionTao, s.EmissionAlpha, s.Streamed, s.ToppedUp, s.Premiums, s.PaidOut, s.Uncovered));
    }
}
