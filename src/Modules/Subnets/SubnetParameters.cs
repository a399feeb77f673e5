using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Subnets;

/// <summary>
/// Governed parameters of the subnet markets, each declared once (unit, range, default). Defaults are subtensor's
/// (see REFERENCE.md). The names are the ones governance scripts write (<c>SwapFeeBps</c>).
/// </summary>
public sealed record SubnetParameters
{
    /// <summary>TAO issued outside this ledger, counted toward the halving schedule. The default value is 0.</summary>
    [Parameter("rao", "0", "21_000_000_000_000_000")]
    public long ExternalTaoIssuanceRao { get; init; }

    /// <summary>Base of the EMA's smoothing factor (subtensor DefaultMovingAlpha). The default value is 0.000003.</summary>
    [Parameter("fraction", "0", "1")]
    public Fixed MovingAlpha { get; init; } = Fixed.Parse("0.000003");

    /// <summary>Blocks over which the EMA's factor ramps up (subtensor EMAPriceHalvingBlocks). The default value is 201,600 (28 days).</summary>
    [Parameter("blocks", "0", "100_000_000")]
    public long EmaHalvingBlocks { get; init; } = 201_600;

    /// <summary>Subnet owner's cut of alpha emission. The default value is 1,800 bps (18%).</summary>
    [Parameter("bps", "0", "10_000")]
    public Bps OwnerCutBps { get; init; } = new(1_800);

    /// <summary>Stakers' (validators') part of the alpha emission left after the owner's cut; miners get the rest. The default value is 5,000 bps (41% / 41% of the total).</summary>
    [Parameter("bps", "0", "10_000")]
    public Bps StakerShareBps { get; init; } = new(5_000);

    /// <summary>
    /// Swap fee on every pool trade's input, kept by the pool. Subtensor charges one: <c>DefaultFeeRate</c> = 33/65,535
    /// ≈ 0.050% per subnet, root-settable (opentensor/subtensor, pallets/swap/src/pallet/mod.rs); the preset
    /// <c>subtensor</c> sets the nearest whole bps, 5. The default value is still 0 bps (a departure from subtensor that
    /// the margin module's hand-worked figures are built on; a scenario that prices a pool-indexed market should take
    /// the preset: docs/subnets.md).
    /// </summary>
    [Parameter("bps", "0", "1_000")]
    [Preset("subtensor", "5")]
    public Bps SwapFeeBps { get; init; }

    /// <summary>Smallest TAO reserve a new subnet's pool may start with. The default value is 1 TAO (1e9 rao).</summary>
    [Parameter("rao", "1", "1_000_000_000_000_000")]
    public long MinRegistrationTaoRao { get; init; } = 1_000_000_000;
}
