using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.RiskControl;

/// <summary>A market's last index and the EWMA of its squared per-block returns.</summary>
internal readonly record struct MarketVolatility(Fixed LastIndex, Fixed Variance);

/// <summary>
/// The controller's estimates and memory, each field declared once (journaled, hashed and cloned from this
/// declaration): per-market EWMA variance, EL, VaR, adequacy, the breaker, the PID's history.
/// </summary>
internal sealed class RiskState : ModuleState
{
    public StateMap<string, MarketVolatility> Markets { get; } = new();
    public Fixed Sigma { get; set => Set(ref field, value); }
    public Fixed AverageLeverage { get; set => Set(ref field, value); } = Fixed.One;
    public Fixed OpenInterestTao { get; set => Set(ref field, value); }
    public Fixed ExpectedLoss { get; set => Set(ref field, value); }
    public Fixed ValueAtRisk { get; set => Set(ref field, value); }
    /// <summary>E(t): the funded subnet's emission to participants last block, in TAO.</summary>
    public Fixed Emission { get; set => Set(ref field, value); }
    public bool Adequate { get; set => Set(ref field, value); } = true;
    /// <summary>R/(κ·VaR); null while VaR is zero.</summary>
    public Fixed? Coverage { get; set => Set(ref field, value); }
    public bool BreakerTripped { get; set => Set(ref field, value); }
    public Fixed LastError { get; set => Set(ref field, value); }
    public Fixed LastExpectedLossRatio { get; set => Set(ref field, value); }
    /// <summary>The integral term's window, oldest first.</summary>
    public StateList<Fixed> History { get; } = new();
    public long Steps { get; set => Set(ref field, value); }

    public override object Describe(EngineView view) => RiskControlModule.Controller(view);
}
