using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Insurance;

/// <summary>The pool's λ, its epoch bookkeeping for the treasury backstop, and totals. The reserve is the pool account's TAO.</summary>
public sealed class InsuranceState : ModuleState
{
    /// <summary>The current share λ of the funded subnet's emission diverted to the pool, ppb.</summary>
    public long LambdaPpb { get; set; } = 50_000_000;
    public long EpochStart { get; set; }
    /// <summary>Σ ℓ/R_pre over the epoch's payouts, ppb.</summary>
    public long EpochUtilizationPpb { get; set; }
    public bool TopUpTriggered { get; set; }
    public long LastUtilizationPpb { get; set; }
    public Amount EmissionTao { get; set; }
    public Amount EmissionAlpha { get; set; }
    public Amount Streamed { get; set; }
    public Amount ToppedUp { get; set; }
    public Amount Premiums { get; set; }
    public Amount PaidOut { get; set; }
    public Amount Uncovered { get; set; }
    /// <summary>TAO the last block's diverted emission was worth: λ·E(t).</summary>
    public Amount LastFundingTao { get; set; }

    public override ModuleState Clone() => (InsuranceState)MemberwiseClone();

    public override void WriteHash(StateHasher h)
    {
        h.Write("insurance");
        h.Write(LambdaPpb); h.Write(EpochStart); h.Write(EpochUtilizationPpb); h.Write(TopUpTriggered); h.Write(LastUtilizationPpb);
        h.Write(EmissionTao); h.Write(EmissionAlpha); h.Write(Streamed); h.Write(ToppedUp); h.Write(Premiums); h.Write(PaidOut); h.Write(Uncovered); h.Write(LastFundingTao);
    }

    public override object Describe(EngineContext ctx) => new
    {
        reserve = InsurancePool.Reserve(ctx),
        treasury = InsurancePool.Treasury(ctx),
        lambda = Ballast.Core.Numerics.Fixed.Ratio(LambdaPpb, InsuranceParameters.Ppb, Rounding.Down),
        lastFundingTao = LastFundingTao,
        epochStart = EpochStart,
        epochUtilization = Ballast.Core.Numerics.Fixed.Ratio(EpochUtilizationPpb, InsuranceParameters.Ppb, Rounding.Down),
        topUpTriggered = TopUpTriggered,
        totals = new { emissionTao = EmissionTao, emissionAlpha = EmissionAlpha, streamed = Streamed, toppedUp = ToppedUp, premiums = Premiums, paidOut = PaidOut, uncovered = Uncovered },
    };
}
