using Ballast.Core.Numerics;

namespace Ballast.Margin.Model;

/// <summary>
/// An LP's shares of the pool and its place in the two reward accumulators (TAO fees, alpha emissions):
/// pending = shares·acc − debt, settled into <see cref="PendingFees"/> / <see cref="PendingEmission"/> whenever the
/// shares change, as MasterChef-style pools do.
/// </summary>
public sealed class LiquidityProvider
{
    public UInt128 Shares { get; set; }
    public UInt128 FeeDebt { get; set; }
    public UInt128 EmissionDebt { get; set; }
    public Amount PendingFees { get; set; }
    public Amount PendingEmission { get; set; }
    public long LastActionBlock { get; set; } = long.MinValue / 2;

    public LiquidityProvider Clone() => (LiquidityProvider)MemberwiseClone();
}
