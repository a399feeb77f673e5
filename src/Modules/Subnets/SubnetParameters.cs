using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Subnets;

/// <summary>Governed parameters of the subnet markets. Defaults are subtensor's (see REFERENCE.md).</summary>
public sealed record SubnetParameters
{
    /// <summary>TAO issued outside this ledger, counted toward the halving schedule. The default value is 0.</summary>
    public long ExternalTaoIssuanceRao { get; init; }

    /// <summary>Base of the EMA's smoothing factor (subtensor DefaultMovingAlpha). The default value is 0.000003.</summary>
    public Fixed MovingAlpha { get; init; } = Fixed.Parse("0.000003");

    /// <summary>Blocks over which the EMA's factor ramps up (subtensor EMAPriceHalvingBlocks). The default value is 201,600 (28 days).</summary>
    public long EmaHalvingBlocks { get; init; } = 201_600;

    /// <summary>Subnet owner's cut of alpha emission. The default value is 1,800 bps (18%).</summary>
    public int OwnerCutBps { get; init; } = 1_800;

    /// <summary>Stakers' (validators') part of the alpha emission left after the owner's cut; miners get the rest. The default value is 5,000 bps (41% / 41% of the total).</summary>
    public int StakerShareBps { get; init; } = 5_000;

    /// <summary>Swap fee kept by the pool. The default value is 0 bps.</summary>
    public int SwapFeeBps { get; init; }

    /// <summary>Smallest TAO reserve a new subnet's pool may start with. The default value is 1 TAO (1e9 rao).</summary>
    public long MinRegistrationTaoRao { get; init; } = 1_000_000_000;

    public static ParameterSet<SubnetParameters> CreateSet(SubnetParameters values) => new(
        "subnets",
        values,
        [
            ParameterSpec<SubnetParameters>.Integer(nameof(ExternalTaoIssuanceRao), "rao", 0, 21_000_000_000_000_000,
                p => p.ExternalTaoIssuanceRao, (p, v) => p with { ExternalTaoIssuanceRao = v }),
            ParameterSpec<SubnetParameters>.Decimal(nameof(MovingAlpha), "fraction", Fixed.Zero, Fixed.One,
                p => p.MovingAlpha, (p, v) => p with { MovingAlpha = v }),
            ParameterSpec<SubnetParameters>.Integer(nameof(EmaHalvingBlocks), "blocks", 0, 100_000_000,
                p => p.EmaHalvingBlocks, (p, v) => p with { EmaHalvingBlocks = v }),
            ParameterSpec<SubnetParameters>.Integer(nameof(OwnerCutBps), "bps", 0, 10_000,
                p => p.OwnerCutBps, (p, v) => p with { OwnerCutBps = (int)v }),
            ParameterSpec<SubnetParameters>.Integer(nameof(StakerShareBps), "bps", 0, 10_000,
                p => p.StakerShareBps, (p, v) => p with { StakerShareBps = (int)v }),
            ParameterSpec<SubnetParameters>.Integer(nameof(SwapFeeBps), "bps", 0, 1_000,
                p => p.SwapFeeBps, (p, v) => p with { SwapFeeBps = (int)v }),
            ParameterSpec<SubnetParameters>.Integer(nameof(MinRegistrationTaoRao), "rao", 1, 1_000_000_000_000_000,
                p => p.MinRegistrationTaoRao, (p, v) => p with { MinRegistrationTaoRao = v }),
        ]);
}
