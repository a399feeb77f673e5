using System.Collections.Immutable;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// Parameters of the Hyper-Leverage Engine (seed 000 §2.1), each declared once: unit, range, default. Fee and premium
/// rates are <see cref="Ppb"/> of notional. Defaults are Ballast's (the seed gives none; Perpetual Protocol v1 and
/// Drift guide funding and the price band): docs/lih.md, where the premium's calibration is worked.
/// </summary>
public sealed record PerpsParameters
{
    /// <summary>Trading fee on notional at zero leverage (0.0001%); the rate grows by <see cref="FeePpbPerLeverage"/> per 1×.</summary>
    [Parameter("ppb of notional", "0", "10000000")]
    public Ppb BaseFeePpb { get; init; } = new(1_000);

    /// <summary>Fee growth per 1× of leverage: at 10,000× the fee is 0.0011% of notional, 11% of margin.</summary>
    [Parameter("ppb of notional per 1×", "0", "10000")]
    public Ppb FeePpbPerLeverage { get; init; } = new(1);

    /// <summary>
    /// ψ0 of the premium's floor ψ0·L^φ, a share of notional paid to the Insurance Pool at open (0.0001%). The premium is
    /// the larger of this floor and the expected loss beyond the margin under Laplace tails at the controller's σ
    /// (docs/lih.md): ψ0 = 1,000 ppb with φ = 0.5 covers that expected loss at every L ≤ 10,000 while σ ≤ 1e-4 per block.
    /// </summary>
    [Parameter("ppb of notional", "0", "1000000000")]
    public Ppb PremiumPsi0Ppb { get; init; } = new(1_000);

    /// <summary>φ of the premium's floor ψ0·L^φ.</summary>
    [Parameter("exponent", "0", "2")]
    public Fixed PremiumPhi { get; init; } = Fixed.Parse("0.5");

    /// <summary>
    /// μ: the maintenance requirement is at least μ of the margin, so at an unchanged vAMM a position is liquidated once
    /// the adverse index move reaches (1 − μ)/L (6.25%, Perpetual Protocol v1); at high leverage the band term
    /// (<see cref="MarkBandPpb"/>) takes over.
    /// </summary>
    [Parameter("ppb", "0", "999999999")]
    public Ppb MaintenanceMarginPpb { get; init; } = new(62_500_000);

    /// <summary>Share of a liquidated position's remaining equity sent to the Insurance Pool (50%).</summary>
    [Parameter("ppb of remaining equity", "0", "1000000000")]
    public Ppb LiquidationPenaltyPpb { get; init; } = new(500_000_000);

    /// <summary>Smallest margin: 0.01 TAO.</summary>
    [Parameter("rao", "1", "1000000000000")]
    public long MinMarginRao { get; init; } = 10_000_000;

    /// <summary>
    /// The progressive unlock, one row per cap: 40× open from genesis, then 100×, 1,000× and 10,000×, each unlocked in
    /// turn by a governor once the insurance reserve holds its <see cref="LeverageCap.UnlockReserveRao"/> (1,000 / 5,000
    /// / 20,000 TAO). Governed per cell: <c>Caps[2].MaxLeverage</c>, <c>Caps[1].UnlockReserveRao</c>.
    /// </summary>
    [ParameterTable]
    public ImmutableArray<LeverageCap> Caps { get; init; } =
    [
        new(Fixed.FromInt(40), 0),
        new(Fixed.FromInt(100), 1_000_000_000_000),
        new(Fixed.FromInt(1_000), 5_000_000_000_000),
        new(Fixed.FromInt(10_000), 20_000_000_000_000),
    ];

    /// <summary>Funding is settled into the cumulative index every this many blocks (an hour).</summary>
    [Parameter("blocks", "1", "100800")]
    public long FundingIntervalBlocks { get; init; } = 300;

    /// <summary>Funding per interval = (mark TWAP − index TWAP)/index TWAP / this (24: the daily premium paid hourly).</summary>
    [Parameter("intervals", "1", "10000")]
    public long FundingDivisor { get; init; } = 24;

    /// <summary>Cap on one interval's funding rate (0.1%).</summary>
    [Parameter("ppb per interval", "0", "1000000000")]
    public Ppb MaxFundingRatePpb { get; init; } = new(1_000_000);

    /// <summary>TWAP window of index and mark for funding and the index of a pool-priced market.</summary>
    [Parameter("blocks", "1", "100800")]
    public long TwapBlocks { get; init; } = 30;

    /// <summary>
    /// The per-block price band b (0.002%): trades can never move the mark more than b/2 from the peg (the open-interest
    /// caps of each side are sized on the market's depth at creation so that no reachable net size does), and the
    /// maintenance requirement covers a block in which the index moves by b, the skew by b and funding by its
    /// per-block cap. When the index moves less than b a block, no position reaches negative equity.
    /// </summary>
    [Parameter("ppb per block", "1", "100000000")]
    public Ppb MarkBandPpb { get; init; } = new(20_000);

    /// <summary>
    /// Share of each trading fee set aside (from the lenders' income) as the budget that pays traders' gains from a
    /// shallower vAMM when the controller lowers the depth (10%); a resize whose cost exceeds the budget waits.
    /// </summary>
    [Parameter("ppb of fee", "0", "1000000000")]
    public Ppb DepthBudgetPpb { get; init; } = new(100_000_000);

    /// <summary>Opens are refused while index and guard source differ by more than this (5%).</summary>
    [Parameter("bps", "0", "10000")]
    public Bps GuardMaxDeviationBps { get; init; } = new(500);

    /// <summary>Lenders may withdraw only while their assets stay above this share of open notional (10%).</summary>
    [Parameter("ppb", "0", "10000000000")]
    public Ppb MinLpCoveragePpb { get; init; } = new(100_000_000);

    /// <summary>The governed set: <paramref name="values"/> (or the defaults) checked against the declarations and the cross-field rules.</summary>
    public static ParameterSet<PerpsParameters> CreateSet(PerpsParameters? values = null) =>
        ParameterSet<PerpsParameters>.Declared(PerpsModule.ModuleName, values, Validate);

    private static string? Validate(PerpsParameters p)
    {
        for (int i = 1; i < p.Caps.Length; i++)
            if (p.Caps[i].MaxLeverage < p.Caps[i - 1].MaxLeverage)
                return $"leverage caps must not decrease (Caps[{i - 1}].MaxLeverage ≤ Caps[{i}].MaxLeverage)";
        return p.Caps[0].UnlockReserveRao != 0 ? "Caps[0] is open from genesis: its UnlockReserveRao must be 0" : null;
    }
}

/// <summary>One step of the progressive unlock: its leverage cap and the insurance reserve needed to unlock it.</summary>
public sealed record LeverageCap(
    [property: Parameter("×", "1", "100000")] Fixed MaxLeverage,
    [property: Parameter("rao", "0", "21000000000000000")] long UnlockReserveRao);
