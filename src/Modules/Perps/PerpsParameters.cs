using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// Parameters of the Hyper-Leverage Engine (seed 000 §2.1). Rates in ppb of notional (fees) or of margin (premium).
/// Defaults are Ballast's (the seed gives none; Perpetual Protocol v1 and Drift guide funding): docs/lih.md.
/// </summary>
public sealed record PerpsParameters
{
    public const long Ppb = 1_000_000_000;

    /// <summary>Trading fee on notional at zero leverage; the fee rate grows by <see cref="FeePpbPerLeverage"/> per 1×. The default value is 1,000 ppb (0.0001%).</summary>
    public long BaseFeePpb { get; init; } = 1_000;
    /// <summary>The default value is 1 ppb of notional per 1× (at 10,000×: 0.0011% of notional, 11% of margin).</summary>
    public long FeePpbPerLeverage { get; init; } = 1;
    /// <summary>ψ0 of the premium ψ(L) = ψ0·L^φ, as a share of margin, paid to the Insurance Pool. The default value is 1,000,000 ppb (0.1%).</summary>
    public long PremiumPsi0Ppb { get; init; } = 1_000_000;
    /// <summary>φ of the premium. The default value is 0.5.</summary>
    public Fixed PremiumPhi { get; init; } = Fixed.Parse("0.5");
    /// <summary>μ: a position is liquidated when the adverse index move reaches (1 − μ)/L. The default value is 62,500,000 ppb (6.25%, Perpetual Protocol v1).</summary>
    public long MaintenanceMarginPpb { get; init; } = 62_500_000;
    /// <summary>Share of a liquidated position's remaining equity sent to the Insurance Pool. The default value is 500,000,000 ppb (50%).</summary>
    public long LiquidationPenaltyPpb { get; init; } = 500_000_000;
    /// <summary>Smallest margin. The default value is 0.01 TAO.</summary>
    public long MinMarginRao { get; init; } = 10_000_000;
    /// <summary>Leverage caps unlocked in turn by governance: 40×, 100×, 1,000×, 10,000×.</summary>
    public Fixed Cap1 { get; init; } = Fixed.FromInt(40);
    public Fixed Cap2 { get; init; } = Fixed.FromInt(100);
    public Fixed Cap3 { get; init; } = Fixed.FromInt(1_000);
    public Fixed Cap4 { get; init; } = Fixed.FromInt(10_000);
    /// <summary>Insurance reserve needed to unlock cap 2, 3, 4. The defaults are 1,000 / 5,000 / 20,000 TAO.</summary>
    public long UnlockReserve2Rao { get; init; } = 1_000_000_000_000;
    public long UnlockReserve3Rao { get; init; } = 5_000_000_000_000;
    public long UnlockReserve4Rao { get; init; } = 20_000_000_000_000;
    /// <summary>Funding is settled into the cumulative index every this many blocks. The default value is 300 (an hour).</summary>
    public long FundingIntervalBlocks { get; init; } = 300;
    /// <summary>Funding per interval = (mark TWAP − index TWAP)/index TWAP / this (24: the daily premium paid hourly). The default value is 24.</summary>
    public long FundingDivisor { get; init; } = 24;
    /// <summary>Cap on one interval's funding rate. The default value is 1,000,000 ppb (0.1%).</summary>
    public long MaxFundingRatePpb { get; init; } = 1_000_000;
    /// <summary>TWAP window of index and mark for funding and the guard. The default value is 30 blocks.</summary>
    public long TwapBlocks { get; init; } = 30;
    /// <summary>Trades are refused while index and guard source differ by more than this. The default value is 500 bps.</summary>
    public long GuardMaxDeviationBps { get; init; } = 500;
    /// <summary>LPs may withdraw only while LP assets stay above this share of open notional. The default value is 100,000,000 ppb (10%).</summary>
    public long MinLpCoveragePpb { get; init; } = 100_000_000;

    public static ParameterSet<PerpsParameters> CreateSet(PerpsParameters values) => new(
        PerpsModule.ModuleName,
        values,
        [
            ParameterSpec<PerpsParameters>.Integer(nameof(BaseFeePpb), "ppb of notional", 0, 10_000_000, p => p.BaseFeePpb, (p, v) => p with { BaseFeePpb = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(FeePpbPerLeverage), "ppb of notional per 1×", 0, 10_000, p => p.FeePpbPerLeverage, (p, v) => p with { FeePpbPerLeverage = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(PremiumPsi0Ppb), "ppb of margin", 0, Ppb, p => p.PremiumPsi0Ppb, (p, v) => p with { PremiumPsi0Ppb = v }),
            ParameterSpec<PerpsParameters>.Decimal(nameof(PremiumPhi), "exponent", Fixed.Zero, Fixed.FromInt(2), p => p.PremiumPhi, (p, v) => p with { PremiumPhi = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(MaintenanceMarginPpb), "ppb", 0, Ppb - 1, p => p.MaintenanceMarginPpb, (p, v) => p with { MaintenanceMarginPpb = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(LiquidationPenaltyPpb), "ppb of remaining equity", 0, Ppb, p => p.LiquidationPenaltyPpb, (p, v) => p with { LiquidationPenaltyPpb = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(MinMarginRao), "rao", 1, 1_000_000_000_000, p => p.MinMarginRao, (p, v) => p with { MinMarginRao = v }),
            ParameterSpec<PerpsParameters>.Decimal(nameof(Cap1), "×", Fixed.One, Fixed.FromInt(100_000), p => p.Cap1, (p, v) => p with { Cap1 = v }),
            ParameterSpec<PerpsParameters>.Decimal(nameof(Cap2), "×", Fixed.One, Fixed.FromInt(100_000), p => p.Cap2, (p, v) => p with { Cap2 = v }),
            ParameterSpec<PerpsParameters>.Decimal(nameof(Cap3), "×", Fixed.One, Fixed.FromInt(100_000), p => p.Cap3, (p, v) => p with { Cap3 = v }),
            ParameterSpec<PerpsParameters>.Decimal(nameof(Cap4), "×", Fixed.One, Fixed.FromInt(100_000), p => p.Cap4, (p, v) => p with { Cap4 = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(UnlockReserve2Rao), "rao", 0, 21_000_000_000_000_000, p => p.UnlockReserve2Rao, (p, v) => p with { UnlockReserve2Rao = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(UnlockReserve3Rao), "rao", 0, 21_000_000_000_000_000, p => p.UnlockReserve3Rao, (p, v) => p with { UnlockReserve3Rao = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(UnlockReserve4Rao), "rao", 0, 21_000_000_000_000_000, p => p.UnlockReserve4Rao, (p, v) => p with { UnlockReserve4Rao = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(FundingIntervalBlocks), "blocks", 1, 100_800, p => p.FundingIntervalBlocks, (p, v) => p with { FundingIntervalBlocks = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(FundingDivisor), "intervals", 1, 10_000, p => p.FundingDivisor, (p, v) => p with { FundingDivisor = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(MaxFundingRatePpb), "ppb per interval", 0, Ppb, p => p.MaxFundingRatePpb, (p, v) => p with { MaxFundingRatePpb = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(TwapBlocks), "blocks", 1, 100_800, p => p.TwapBlocks, (p, v) => p with { TwapBlocks = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(GuardMaxDeviationBps), "bps", 0, 10_000, p => p.GuardMaxDeviationBps, (p, v) => p with { GuardMaxDeviationBps = v }),
            ParameterSpec<PerpsParameters>.Integer(nameof(MinLpCoveragePpb), "ppb", 0, 10 * Ppb, p => p.MinLpCoveragePpb, (p, v) => p with { MinLpCoveragePpb = v }),
        ],
        p => p.Cap1 <= p.Cap2 && p.Cap2 <= p.Cap3 && p.Cap3 <= p.Cap4 ? null : "leverage caps must not decrease (Cap1 ≤ Cap2 ≤ Cap3 ≤ Cap4)");
}
