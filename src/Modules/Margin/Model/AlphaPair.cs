using Ballast.Core.Numerics;

namespace Ballast.Margin.Model;

/// <summary>A subnet whose alpha can be bought with leverage, with its own caps and running totals.</summary>
public sealed class AlphaPair
{
    public required int Netuid { get; init; }
    public required Fixed MaxLeverage { get; set; }
    /// <summary>Health below this is liquidatable: 1.05e9–1.10e9 ppb (105%–110%), default 110%.</summary>
    public required long LiquidationThresholdPpb { get; set; }
    /// <summary>Largest price impact a trader may accept on this pair.</summary>
    public required int MaxSlippageBps { get; set; }
    public bool Active { get; set; } = true;
    public Amount TotalCollateral { get; set; }
    public Amount TotalBorrowed { get; set; }
    public Amount TotalAlpha { get; set; }

    public AlphaPair Clone() => (AlphaPair)MemberwiseClone();
}
