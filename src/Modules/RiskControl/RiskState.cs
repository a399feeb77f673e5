using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.RiskControl;

/// <summary>The controller's estimates and memory: per-market EWMA variance, EL, VaR, adequacy, the PID's history.</summary>
public sealed class RiskState : ModuleState
{
    public SortedDictionary<string, (Fixed LastIndex, Fixed Variance)> Markets { get; private set; } = new(StringComparer.Ordinal);
    public Fixed Sigma { get; set; }
    public Fixed AverageLeverage { get; set; } = Fixed.One;
    public Fixed OpenInterestTao { get; set; }
    public Fixed ExpectedLoss { get; set; }
    public Fixed ValueAtRisk { get; set; }
    /// <summary>E(t): the funded subnet's emission to participants last block, in TAO.</summary>
    public Fixed Emission { get; set; }
    public bool Adequate { get; set; } = true;
    /// <summary>R/(κ·VaR); null while VaR is zero.</summary>
    public Fixed? Coverage { get; set; }
    public bool BreakerTripped { get; set; }
    public Fixed LastError { get; set; }
    public Fixed LastExpectedLossRatio { get; set; }
    public List<Fixed> History { get; private set; } = [];
    public long Steps { get; set; }

    public override ModuleState Clone()
    {
        var copy = (RiskState)MemberwiseClone();
        copy.Markets = new(Markets, StringComparer.Ordinal);
        copy.History = [.. History];
        return copy;
    }

    public override void WriteHash(StateHasher h)
    {
        h.Write("risk");
        h.Write(Markets.Count);
        foreach (var (id, (last, variance)) in Markets) { h.Write(id); h.Write(last); h.Write(variance); }
        h.Write(Sigma); h.Write(AverageLeverage); h.Write(OpenInterestTao); h.Write(ExpectedLoss); h.Write(ValueAtRisk); h.Write(Emission);
        h.Write(Adequate); h.Write(Coverage?.Raw ?? -1); h.Write(BreakerTripped); h.Write(LastError); h.Write(LastExpectedLossRatio);
        h.Write(History.Count);
        foreach (var x in History) h.Write(x);
        h.Write(Steps);
    }

    public override object Describe(EngineContext ctx) => new
    {
        sigmaPerBlock = Sigma,
        averageLeverage = AverageLeverage,
        openInterestTao = OpenInterestTao,
        expectedLossTaoPerBlock = ExpectedLoss,
        valueAtRiskTaoPerBlock = ValueAtRisk,
        emissionTaoPerBlock = Emission,
        lambda = Fixed.Ratio(Ballast.Insurance.InsurancePool.LambdaPpb(ctx), 1_000_000_000, Rounding.Down),
        adequate = Adequate,
        coverage = Coverage?.ToString() ?? "n/a (no VaR)",
        breakerTripped = BreakerTripped,
        maxLeverage = ctx.State<Ballast.Perps.PerpsState>().MaxLeverage,
        lastError = LastError,
        steps = Steps,
    };
}
