using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Margin.Model;

/// <summary>
/// An LP's shares of the pool and its place in the two reward accumulators (TAO fees, alpha emissions):
/// pending = shares·acc − debt, settled into <see cref="PendingFees"/> / <see cref="PendingEmission"/> whenever the
/// shares change, as MasterChef-style pools do.
/// </summary>
internal sealed class LiquidityProvider : StateObject
{
    public UInt128 Shares { get; set => Set(ref field, value); }
    public UInt128 FeeDebt { get; set => Set(ref field, value); }
    public UInt128 EmissionDebt { get; set => Set(ref field, value); }
    public Amount PendingFees { get; set => Set(ref field, value); }
    public Amount PendingEmission { get; set => Set(ref field, value); }
    public long LastActionBlock { get; set => Set(ref field, value); } = long.MinValue / 2;
}
