using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Margin;

/// <summary>
/// Governed parameters of the margin protocol (Tenexium). Rates and shares are in parts per billion (ppb,
/// 1e9 = 100%), the contracts' precision; amounts in rao; leverages as decimals. Two presets:
/// <see cref="Mainnet"/> (the deployed configuration, the default) and <see cref="Readme"/> (the README's numbers
/// where they differ). Sources: ../shared/docs/REFERENCE.md, Tensora-org/subnet67-archive (docs/margin.md).
/// </summary>
public sealed record MarginParameters
{
    public const long Ppb = 1_000_000_000;

    /// <summary>The protocol's own subnet (Tenex, SN67): its alpha staked to the protocol hotkey sets tiers, and buybacks buy and burn it. Unit: netuid.</summary>
    public long ProtocolNetuid { get; init; }

    /// <summary>Trading fee on gross notional at open and on proceeds at close (0.3%). Unit: ppb.</summary>
    public long TradingFeePpb { get; init; }

    /// <summary>Borrow rate at zero utilisation (mainnet 0.005%, README 0.003% per 360 blocks). Unit: ppb per 360 blocks.</summary>
    public long BorrowBaseRatePpbPer360Blocks { get; init; }

    /// <summary>Rise of the borrow rate from 0 to the kink (mainnet 0.015%: 0.020% at the kink; README 0.012% at the kink). Unit: ppb per 360 blocks.</summary>
    public long BorrowSlope1PpbPer360Blocks { get; init; }

    /// <summary>Rise from the kink to 100% utilisation (0.08%; the README gives none, so the mainnet value). Unit: ppb per 360 blocks.</summary>
    public long BorrowSlope2PpbPer360Blocks { get; init; }

    /// <summary>Utilisation of the kink (80%). Unit: ppb.</summary>
    public long BorrowKinkPpb { get; init; }

    /// <summary>The borrow accumulator advances one period at most once per this many blocks. Unit: blocks.</summary>
    public long BorrowAccrualIntervalBlocks { get; init; }

    /// <summary>1: a position's borrowing fee gets its tier/crowdloan discount (REFERENCE.md); 0: no discount (as in the FeeManager version read). Unit: 0/1.</summary>
    public long BorrowFeeTierDiscounted { get; init; }

    /// <summary>Liquidation fee on gross liquidation proceeds (2%). Unit: ppb.</summary>
    public long LiquidationFeePpb { get; init; }

    /// <summary>LP share of trading fees (mainnet 30%, README 65%). Unit: ppb.</summary>
    public long TradingLpSharePpb { get; init; }

    /// <summary>Liquidator share of trading fees. Unit: ppb.</summary>
    public long TradingLiquidatorSharePpb { get; init; }

    /// <summary>Protocol share of trading fees (mainnet 70%, README 35%). Unit: ppb.</summary>
    public long TradingProtocolSharePpb { get; init; }

    /// <summary>LP share of borrowing fees (mainnet 35%, README 70%). Unit: ppb.</summary>
    public long BorrowingLpSharePpb { get; init; }

    /// <summary>Liquidator share of borrowing fees. Unit: ppb.</summary>
    public long BorrowingLiquidatorSharePpb { get; init; }

    /// <summary>Protocol share of borrowing fees (mainnet 65%, README 30%). Unit: ppb.</summary>
    public long BorrowingProtocolSharePpb { get; init; }

    /// <summary>LP share of liquidation fees. Unit: ppb.</summary>
    public long LiquidationLpSharePpb { get; init; }

    /// <summary>Liquidator share of liquidation fees (mainnet 40%, README 60%). Unit: ppb.</summary>
    public long LiquidationLiquidatorSharePpb { get; init; }

    /// <summary>Protocol share of liquidation fees (mainnet 60%, README 40%). Unit: ppb.</summary>
    public long LiquidationProtocolSharePpb { get; init; }

    /// <summary>Part of the LP share of each trading/borrowing fee sent to the insurance manager (12.5%). Unit: ppb.</summary>
    public long LpFeeInsuranceSharePpb { get; init; }

    /// <summary>Part of a close's realised profit above initial collateral sent to insurance (10%). Unit: ppb.</summary>
    public long PerfFeeInsuranceSharePpb { get; init; }

    /// <summary>Part of withdrawn protocol fees sent to the owner multisig (2.5%). Unit: ppb.</summary>
    public long ProtocolFeeGovernanceSharePpb { get; init; }

    /// <summary>Part of withdrawn protocol fees sent to the buyback pool (mainnet 60%, README 80%). Unit: ppb.</summary>
    public long ProtocolFeeBuybackSharePpb { get; init; }

    /// <summary>Part of withdrawn protocol fees sent to insurance (8%); the rest goes to the treasury. Unit: ppb.</summary>
    public long ProtocolFeeInsuranceSharePpb { get; init; }

    /// <summary>Free LP liquidity needed on open beyond the borrow (20%: free ≥ 1.2·borrowed). Unit: ppb.</summary>
    public long LiquidityBufferPpb { get; init; }

    /// <summary>Utilisation cap: the breaker trips above it and an LP withdrawal may not push past it (90%). Unit: ppb.</summary>
    public long MaxUtilizationPpb { get; init; }

    /// <summary>The breaker trips while LP stakes are below this (mainnet 1,000 TAO; 100 TAO in the older deploy script). Unit: rao.</summary>
    public long MinLiquidityRao { get; init; }

    /// <summary>Smallest position collateral (0.1 TAO). Unit: rao.</summary>
    public long MinDepositRao { get; init; }

    /// <summary>Smallest LP deposit (0.1 TAO). Unit: rao.</summary>
    public long MinLpDepositRao { get; init; }

    /// <summary>Blocks between a user's position actions (open, close, add collateral). Unit: blocks.</summary>
    public long UserCooldownBlocks { get; init; }

    /// <summary>Blocks between an LP's withdrawals (and after a deposit). Unit: blocks.</summary>
    public long LpCooldownBlocks { get; init; }

    /// <summary>Consecutive blocks with a liquidatable call before the position is liquidated. Unit: calls.</summary>
    public long LiquidationConfirmations { get; init; }

    /// <summary>Blocks between buybacks. Unit: blocks.</summary>
    public long BuybackIntervalBlocks { get; init; }

    /// <summary>The buyback pool must hold at least this (1 TAO). Unit: rao.</summary>
    public long BuybackThresholdRao { get; init; }

    /// <summary>A buyback accepts at most this slippage from its quote (5%). Unit: bps.</summary>
    public long BuybackSlippageBps { get; init; }

    /// <summary>Alpha staked to the protocol hotkey for tier 1 (100 alpha). Unit: alpha rao.</summary>
    public long Tier1ThresholdRao { get; init; }

    /// <summary>Tier 2 (1,000 alpha). Unit: alpha rao.</summary>
    public long Tier2ThresholdRao { get; init; }

    /// <summary>Tier 3 (2,000 alpha). Unit: alpha rao.</summary>
    public long Tier3ThresholdRao { get; init; }

    /// <summary>Tier 4 (5,000 alpha). Unit: alpha rao.</summary>
    public long Tier4ThresholdRao { get; init; }

    /// <summary>Tier 5 (10,000 alpha). Unit: alpha rao.</summary>
    public long Tier5ThresholdRao { get; init; }

    /// <summary>Fee discount of tier 0. Unit: ppb.</summary>
    public long Tier0DiscountPpb { get; init; }

    /// <summary>Tier 1 (10%). Unit: ppb.</summary>
    public long Tier1DiscountPpb { get; init; }

    /// <summary>Tier 2 (20%). Unit: ppb.</summary>
    public long Tier2DiscountPpb { get; init; }

    /// <summary>Tier 3 (30%). Unit: ppb.</summary>
    public long Tier3DiscountPpb { get; init; }

    /// <summary>Tier 4 (40%). Unit: ppb.</summary>
    public long Tier4DiscountPpb { get; init; }

    /// <summary>Tier 5 (50%). Unit: ppb.</summary>
    public long Tier5DiscountPpb { get; init; }

    /// <summary>Fee discount per whole TAO contributed to the crowdloan (mainnet 5%, README 2%). Unit: ppb per TAO.</summary>
    public long CrowdloanDiscountPerTaoPpb { get; init; }

    /// <summary>Cap of the crowdloan discount (mainnet 50%, README 20%). Unit: ppb.</summary>
    public long CrowdloanDiscountCapPpb { get; init; }

    /// <summary>Cap of tier + crowdloan discounts, which stack (90%). Unit: ppb.</summary>
    public long CombinedDiscountCapPpb { get; init; }

    /// <summary>Part of the protocol subnet's miner emission credited to LPs; the rest to the insurance manager. Unit: ppb.</summary>
    public long LpEmissionSharePpb { get; init; }

    /// <summary>Global cap on a pair's maximum leverage.</summary>
    public Fixed MaxLeverage { get; init; }

    /// <summary>Max leverage of tier 0.</summary>
    public Fixed Tier0MaxLeverage { get; init; }

    /// <summary>Tier 1.</summary>
    public Fixed Tier1MaxLeverage { get; init; }

    /// <summary>Tier 2.</summary>
    public Fixed Tier2MaxLeverage { get; init; }

    /// <summary>Tier 3.</summary>
    public Fixed Tier3MaxLeverage { get; init; }

    /// <summary>Tier 4.</summary>
    public Fixed Tier4MaxLeverage { get; init; }

    /// <summary>Tier 5.</summary>
    public Fixed Tier5MaxLeverage { get; init; }

    /// <summary>The deployed configuration (tasks/deploy-config-mainnet.ts and REFERENCE.md).</summary>
    public static readonly MarginParameters Mainnet = new()
    {
        ProtocolNetuid = 67,
        TradingFeePpb = 3_000_000,
        BorrowBaseRatePpbPer360Blocks = 50_000,
        BorrowSlope1PpbPer360Blocks = 150_000,
        BorrowSlope2PpbPer360Blocks = 800_000,
        BorrowKinkPpb = 800_000_000,
        BorrowAccrualIntervalBlocks = 360,
        BorrowFeeTierDiscounted = 1,
        LiquidationFeePpb = 20_000_000,
        TradingLpSharePpb = 300_000_000,
        TradingLiquidatorSharePpb = 0,
        TradingProtocolSharePpb = 700_000_000,
        BorrowingLpSharePpb = 350_000_000,
        BorrowingLiquidatorSharePpb = 0,
        BorrowingProtocolSharePpb = 650_000_000,
        LiquidationLpSharePpb = 0,
        LiquidationLiquidatorSharePpb = 400_000_000,
        LiquidationProtocolSharePpb = 600_000_000,
        LpFeeInsuranceSharePpb = 125_000_000,
        PerfFeeInsuranceSharePpb = 100_000_000,
        ProtocolFeeGovernanceSharePpb = 25_000_000,
        ProtocolFeeBuybackSharePpb = 600_000_000,
        ProtocolFeeInsuranceSharePpb = 80_000_000,
        LiquidityBufferPpb = 200_000_000,
        MaxUtilizationPpb = 900_000_000,
        MinLiquidityRao = 1_000_000_000_000,
        MinDepositRao = 100_000_000,
        MinLpDepositRao = 100_000_000,
        UserCooldownBlocks = 1,
        LpCooldownBlocks = 360,
        LiquidationConfirmations = 5,
        BuybackIntervalBlocks = 7_200,
        BuybackThresholdRao = 1_000_000_000,
        BuybackSlippageBps = 500,
        Tier1ThresholdRao = 100_000_000_000,
        Tier2ThresholdRao = 1_000_000_000_000,
        Tier3ThresholdRao = 2_000_000_000_000,
        Tier4ThresholdRao = 5_000_000_000_000,
        Tier5ThresholdRao = 10_000_000_000_000,
        Tier0DiscountPpb = 0,
        Tier1DiscountPpb = 100_000_000,
        Tier2DiscountPpb = 200_000_000,
        Tier3DiscountPpb = 300_000_000,
        Tier4DiscountPpb = 400_000_000,
        Tier5DiscountPpb = 500_000_000,
        CrowdloanDiscountPerTaoPpb = 50_000_000,
        CrowdloanDiscountCapPpb = 500_000_000,
        CombinedDiscountCapPpb = 900_000_000,
        LpEmissionSharePpb = 1_000_000_000,
        MaxLeverage = Fixed.Parse("10"),
        Tier0MaxLeverage = Fixed.Parse("2"),
        Tier1MaxLeverage = Fixed.Parse("3"),
        Tier2MaxLeverage = Fixed.Parse("4"),
        Tier3MaxLeverage = Fixed.Parse("5"),
        Tier4MaxLeverage = Fixed.Parse("7"),
        Tier5MaxLeverage = Fixed.Parse("10"),
    };

    /// <summary>The README's numbers; where the README is silent, the mainnet value.</summary>
    public static readonly MarginParameters Readme = new()
    {
        ProtocolNetuid = 67,
        TradingFeePpb = 3_000_000,
        BorrowBaseRatePpbPer360Blocks = 30_000,
        BorrowSlope1PpbPer360Blocks = 90_000,
        BorrowSlope2PpbPer360Blocks = 800_000,
        BorrowKinkPpb = 800_000_000,
        BorrowAccrualIntervalBlocks = 360,
        BorrowFeeTierDiscounted = 1,
        LiquidationFeePpb = 20_000_000,
        TradingLpSharePpb = 650_000_000,
        TradingLiquidatorSharePpb = 0,
        TradingProtocolSharePpb = 350_000_000,
        BorrowingLpSharePpb = 700_000_000,
        BorrowingLiquidatorSharePpb = 0,
        BorrowingProtocolSharePpb = 300_000_000,
        LiquidationLpSharePpb = 0,
        LiquidationLiquidatorSharePpb = 600_000_000,
        LiquidationProtocolSharePpb = 400_000_000,
        LpFeeInsuranceSharePpb = 125_000_000,
        PerfFeeInsuranceSharePpb = 100_000_000,
        ProtocolFeeGovernanceSharePpb = 25_000_000,
        ProtocolFeeBuybackSharePpb = 800_000_000,
        ProtocolFeeInsuranceSharePpb = 80_000_000,
        LiquidityBufferPpb = 200_000_000,
        MaxUtilizationPpb = 900_000_000,
        MinLiquidityRao = 1_000_000_000_000, // the README gives no minimum: the mainnet value (100 TAO was the older deploy script's)
        MinDepositRao = 100_000_000,
        MinLpDepositRao = 100_000_000,
        UserCooldownBlocks = 1,
        LpCooldownBlocks = 360,
        LiquidationConfirmations = 5,
        BuybackIntervalBlocks = 7_200,
        BuybackThresholdRao = 1_000_000_000,
        BuybackSlippageBps = 500,
        Tier1ThresholdRao = 100_000_000_000,
        Tier2ThresholdRao = 1_000_000_000_000,
        Tier3ThresholdRao = 2_000_000_000_000,
        Tier4ThresholdRao = 5_000_000_000_000,
        Tier5ThresholdRao = 10_000_000_000_000,
        Tier0DiscountPpb = 0,
        Tier1DiscountPpb = 100_000_000,
        Tier2DiscountPpb = 200_000_000,
        Tier3DiscountPpb = 300_000_000,
        Tier4DiscountPpb = 400_000_000,
        Tier5DiscountPpb = 500_000_000,
        CrowdloanDiscountPerTaoPpb = 20_000_000,
        CrowdloanDiscountCapPpb = 200_000_000,
        CombinedDiscountCapPpb = 900_000_000,
        LpEmissionSharePpb = 1_000_000_000,
        MaxLeverage = Fixed.Parse("10"),
        Tier0MaxLeverage = Fixed.Parse("2"),
        Tier1MaxLeverage = Fixed.Parse("3"),
        Tier2MaxLeverage = Fixed.Parse("4"),
        Tier3MaxLeverage = Fixed.Parse("5"),
        Tier4MaxLeverage = Fixed.Parse("7"),
        Tier5MaxLeverage = Fixed.Parse("10"),
    };

    public static ParameterSet<MarginParameters> CreateSet(MarginParameters values) => new(
        MarginModule.ModuleName,
        values,
        [
            ParameterSpec<MarginParameters>.Integer(nameof(ProtocolNetuid), "netuid", 1, 65_535, p => p.ProtocolNetuid, (p, v) => p with { ProtocolNetuid = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(TradingFeePpb), "ppb", 0, 10_000_000, p => p.TradingFeePpb, (p, v) => p with { TradingFeePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowBaseRatePpbPer360Blocks), "ppb per 360 blocks", 0, 1_000_000, p => p.BorrowBaseRatePpbPer360Blocks, (p, v) => p with { BorrowBaseRatePpbPer360Blocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowSlope1PpbPer360Blocks), "ppb per 360 blocks", 0, 10_000_000, p => p.BorrowSlope1PpbPer360Blocks, (p, v) => p with { BorrowSlope1PpbPer360Blocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowSlope2PpbPer360Blocks), "ppb per 360 blocks", 0, 100_000_000, p => p.BorrowSlope2PpbPer360Blocks, (p, v) => p with { BorrowSlope2PpbPer360Blocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowKinkPpb), "ppb", 1, 999_999_999, p => p.BorrowKinkPpb, (p, v) => p with { BorrowKinkPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowAccrualIntervalBlocks), "blocks", 1, 100_800, p => p.BorrowAccrualIntervalBlocks, (p, v) => p with { BorrowAccrualIntervalBlocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowFeeTierDiscounted), "0/1", 0, 1, p => p.BorrowFeeTierDiscounted, (p, v) => p with { BorrowFeeTierDiscounted = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LiquidationFeePpb), "ppb", 0, 100_000_000, p => p.LiquidationFeePpb, (p, v) => p with { LiquidationFeePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(TradingLpSharePpb), "ppb", 0, 1_000_000_000, p => p.TradingLpSharePpb, (p, v) => p with { TradingLpSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(TradingLiquidatorSharePpb), "ppb", 0, 1_000_000_000, p => p.TradingLiquidatorSharePpb, (p, v) => p with { TradingLiquidatorSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(TradingProtocolSharePpb), "ppb", 0, 1_000_000_000, p => p.TradingProtocolSharePpb, (p, v) => p with { TradingProtocolSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowingLpSharePpb), "ppb", 0, 1_000_000_000, p => p.BorrowingLpSharePpb, (p, v) => p with { BorrowingLpSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowingLiquidatorSharePpb), "ppb", 0, 1_000_000_000, p => p.BorrowingLiquidatorSharePpb, (p, v) => p with { BorrowingLiquidatorSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BorrowingProtocolSharePpb), "ppb", 0, 1_000_000_000, p => p.BorrowingProtocolSharePpb, (p, v) => p with { BorrowingProtocolSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LiquidationLpSharePpb), "ppb", 0, 1_000_000_000, p => p.LiquidationLpSharePpb, (p, v) => p with { LiquidationLpSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LiquidationLiquidatorSharePpb), "ppb", 0, 1_000_000_000, p => p.LiquidationLiquidatorSharePpb, (p, v) => p with { LiquidationLiquidatorSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LiquidationProtocolSharePpb), "ppb", 0, 1_000_000_000, p => p.LiquidationProtocolSharePpb, (p, v) => p with { LiquidationProtocolSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LpFeeInsuranceSharePpb), "ppb", 0, 1_000_000_000, p => p.LpFeeInsuranceSharePpb, (p, v) => p with { LpFeeInsuranceSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(PerfFeeInsuranceSharePpb), "ppb", 0, 1_000_000_000, p => p.PerfFeeInsuranceSharePpb, (p, v) => p with { PerfFeeInsuranceSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(ProtocolFeeGovernanceSharePpb), "ppb", 0, 1_000_000_000, p => p.ProtocolFeeGovernanceSharePpb, (p, v) => p with { ProtocolFeeGovernanceSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(ProtocolFeeBuybackSharePpb), "ppb", 0, 1_000_000_000, p => p.ProtocolFeeBuybackSharePpb, (p, v) => p with { ProtocolFeeBuybackSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(ProtocolFeeInsuranceSharePpb), "ppb", 0, 1_000_000_000, p => p.ProtocolFeeInsuranceSharePpb, (p, v) => p with { ProtocolFeeInsuranceSharePpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LiquidityBufferPpb), "ppb", 0, 1_000_000_000, p => p.LiquidityBufferPpb, (p, v) => p with { LiquidityBufferPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(MaxUtilizationPpb), "ppb", 1, 1_000_000_000, p => p.MaxUtilizationPpb, (p, v) => p with { MaxUtilizationPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(MinLiquidityRao), "rao", 0, 1_000_000_000_000_000_000, p => p.MinLiquidityRao, (p, v) => p with { MinLiquidityRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(MinDepositRao), "rao", 1, 1_000_000_000_000_000, p => p.MinDepositRao, (p, v) => p with { MinDepositRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(MinLpDepositRao), "rao", 1, 1_000_000_000_000_000, p => p.MinLpDepositRao, (p, v) => p with { MinLpDepositRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(UserCooldownBlocks), "blocks", 0, 7_200, p => p.UserCooldownBlocks, (p, v) => p with { UserCooldownBlocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LpCooldownBlocks), "blocks", 0, 7_200, p => p.LpCooldownBlocks, (p, v) => p with { LpCooldownBlocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LiquidationConfirmations), "calls", 1, 100, p => p.LiquidationConfirmations, (p, v) => p with { LiquidationConfirmations = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BuybackIntervalBlocks), "blocks", 0, 1_000_000, p => p.BuybackIntervalBlocks, (p, v) => p with { BuybackIntervalBlocks = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BuybackThresholdRao), "rao", 1, 1_000_000_000_000_000_000, p => p.BuybackThresholdRao, (p, v) => p with { BuybackThresholdRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(BuybackSlippageBps), "bps", 0, 10_000, p => p.BuybackSlippageBps, (p, v) => p with { BuybackSlippageBps = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier1ThresholdRao), "alpha rao", 0, 21_000_000_000_000_000, p => p.Tier1ThresholdRao, (p, v) => p with { Tier1ThresholdRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier2ThresholdRao), "alpha rao", 0, 21_000_000_000_000_000, p => p.Tier2ThresholdRao, (p, v) => p with { Tier2ThresholdRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier3ThresholdRao), "alpha rao", 0, 21_000_000_000_000_000, p => p.Tier3ThresholdRao, (p, v) => p with { Tier3ThresholdRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier4ThresholdRao), "alpha rao", 0, 21_000_000_000_000_000, p => p.Tier4ThresholdRao, (p, v) => p with { Tier4ThresholdRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier5ThresholdRao), "alpha rao", 0, 21_000_000_000_000_000, p => p.Tier5ThresholdRao, (p, v) => p with { Tier5ThresholdRao = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier0DiscountPpb), "ppb", 0, 1_000_000_000, p => p.Tier0DiscountPpb, (p, v) => p with { Tier0DiscountPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier1DiscountPpb), "ppb", 0, 1_000_000_000, p => p.Tier1DiscountPpb, (p, v) => p with { Tier1DiscountPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier2DiscountPpb), "ppb", 0, 1_000_000_000, p => p.Tier2DiscountPpb, (p, v) => p with { Tier2DiscountPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier3DiscountPpb), "ppb", 0, 1_000_000_000, p => p.Tier3DiscountPpb, (p, v) => p with { Tier3DiscountPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier4DiscountPpb), "ppb", 0, 1_000_000_000, p => p.Tier4DiscountPpb, (p, v) => p with { Tier4DiscountPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(Tier5DiscountPpb), "ppb", 0, 1_000_000_000, p => p.Tier5DiscountPpb, (p, v) => p with { Tier5DiscountPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(CrowdloanDiscountPerTaoPpb), "ppb per TAO", 0, 1_000_000_000, p => p.CrowdloanDiscountPerTaoPpb, (p, v) => p with { CrowdloanDiscountPerTaoPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(CrowdloanDiscountCapPpb), "ppb", 0, 1_000_000_000, p => p.CrowdloanDiscountCapPpb, (p, v) => p with { CrowdloanDiscountCapPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(CombinedDiscountCapPpb), "ppb", 0, 1_000_000_000, p => p.CombinedDiscountCapPpb, (p, v) => p with { CombinedDiscountCapPpb = v }),
            ParameterSpec<MarginParameters>.Integer(nameof(LpEmissionSharePpb), "ppb", 0, 1_000_000_000, p => p.LpEmissionSharePpb, (p, v) => p with { LpEmissionSharePpb = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.MaxLeverage, (p, v) => p with { MaxLeverage = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(Tier0MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.Tier0MaxLeverage, (p, v) => p with { Tier0MaxLeverage = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(Tier1MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.Tier1MaxLeverage, (p, v) => p with { Tier1MaxLeverage = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(Tier2MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.Tier2MaxLeverage, (p, v) => p with { Tier2MaxLeverage = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(Tier3MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.Tier3MaxLeverage, (p, v) => p with { Tier3MaxLeverage = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(Tier4MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.Tier4MaxLeverage, (p, v) => p with { Tier4MaxLeverage = v }),
            ParameterSpec<MarginParameters>.Decimal(nameof(Tier5MaxLeverage), "×", Fixed.Parse("1"), Fixed.Parse("100"), p => p.Tier5MaxLeverage, (p, v) => p with { Tier5MaxLeverage = v }),
        ],
        Validate,
        new Dictionary<string, MarginParameters> { ["mainnet"] = Mainnet, ["readme"] = Readme });

    /// <summary>Cross-field rules: each fee split sums to 100%, protocol-fee routing to at most 100%, tiers ordered.</summary>
    public static string? Validate(MarginParameters p)
    {
        if (p.TradingLpSharePpb + p.TradingLiquidatorSharePpb + p.TradingProtocolSharePpb != Ppb)
            return "the trading fee split (LP + liquidator + protocol) must sum to 1e9 ppb";
        if (p.BorrowingLpSharePpb + p.BorrowingLiquidatorSharePpb + p.BorrowingProtocolSharePpb != Ppb)
            return "the borrowing fee split must sum to 1e9 ppb";
        if (p.LiquidationLpSharePpb + p.LiquidationLiquidatorSharePpb + p.LiquidationProtocolSharePpb != Ppb)
            return "the liquidation fee split must sum to 1e9 ppb";
        if (p.ProtocolFeeGovernanceSharePpb + p.ProtocolFeeBuybackSharePpb + p.ProtocolFeeInsuranceSharePpb > Ppb)
            return "protocol-fee routing (governance + buyback + insurance) exceeds 1e9 ppb";
        long[] thresholds = [p.Tier1ThresholdRao, p.Tier2ThresholdRao, p.Tier3ThresholdRao, p.Tier4ThresholdRao, p.Tier5ThresholdRao];
        for (int i = 1; i < thresholds.Length; i++)
            if (thresholds[i] < thresholds[i - 1]) return $"tier {i + 1}'s threshold is below tier {i}'s";
        Fixed[] leverages = [p.Tier0MaxLeverage, p.Tier1MaxLeverage, p.Tier2MaxLeverage, p.Tier3MaxLeverage, p.Tier4MaxLeverage, p.Tier5MaxLeverage];
        for (int i = 1; i < leverages.Length; i++)
            if (leverages[i] < leverages[i - 1]) return $"tier {i}'s max leverage is below tier {i - 1}'s";
        if (leverages[^1] > p.MaxLeverage) return "tier 5's max leverage is above the global MaxLeverage";
        return null;
    }
}
