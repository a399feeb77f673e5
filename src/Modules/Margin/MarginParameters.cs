using System.Collections.Immutable;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Margin;

/// <summary>Whether a position's borrowing fee gets its owner's tier and crowdloan discount.</summary>
public enum BorrowFeeDiscount
{
    /// <summary>No discount (as in the FeeManager version read).</summary>
    Undiscounted = 0,
    /// <summary>The tier + crowdloan discount applies to the borrowing fee too (REFERENCE.md; both presets).</summary>
    TierDiscounted = 1,
}

/// <summary>
/// When a position's consecutive liquidation calls start counting again (Tensora-org/subnet67-archive
/// contracts/core/TenexiumProtocol.sol, liquidatePosition: the window restarts when no call was recorded or
/// <c>block.number − firstLiquidatableBlock ≥ maxLiquidationCount</c>).
/// </summary>
public enum LiquidationWindowRule
{
    /// <summary>
    /// The deployed contract: the count is anchored to the window's first call and restarts only once
    /// <c>LiquidationConfirmations</c> blocks have passed since it (calls at 0, 2, 3, 4, … liquidate at block 9).
    /// </summary>
    AnchoredToFirstCall = 0,
    /// <summary>Ballast's earlier reading: a missed block restarts the count at once (0, 2, 3, 4, … liquidate at block 6).</summary>
    RestartOnMissedBlock = 1,
}

/// <summary>
/// What the accrual clock does while nothing is borrowed (Tensora-org/subnet67-archive contracts/core/TenexiumProtocol.sol,
/// updateAccruedBorrowingFees: after the 360-block cooldown check, <c>if (totalBorrowed == 0) return;</c> leaves
/// <c>lastAccruedBorrowingFeesUpdate</c> where it was).
/// </summary>
public enum IdleAccrualClock
{
    /// <summary>
    /// The deployed contract: the clock stays at the last accrual (genesis if none), so the first period after
    /// borrowing starts may fall due at once and charge a borrower a whole period's rate however recently it opened.
    /// </summary>
    Frozen = 0,
    /// <summary>Ballast's earlier reading: the clock restarts every block while nothing is lent, so the first period begins with the first borrow.</summary>
    RestartsWhileIdle = 1,
}

/// <summary>
/// The price that values a position's alpha for its health (liquidation, queries). The deployed contract values it
/// at the current pool (<c>simSwapAlphaForTao</c>, LiquidationManager.sol:131-147), so whoever moves the pool moves
/// every position's health.
/// </summary>
public enum HealthValuation
{
    /// <summary>The sale into the pool as it is now (the deployed contract, mainnet and readme).</summary>
    Spot = 0,
    /// <summary>The same sale rescaled to the pool's TWAP: sale·TWAP/spot. A price moved inside the current block does not count.</summary>
    Twap = 1,
    /// <summary>The lower of the two: the sale at spot and the sale rescaled to the TWAP.</summary>
    WorseOfSpotAndTwap = 2,
}

/// <summary>Whether an open checks the new position's health before it is accepted (the contract does not).</summary>
public enum OpenValuation
{
    /// <summary>No check: a 10× long opens at about 110.8% health, whatever the pool (the deployed contract).</summary>
    Unchecked = 0,
    /// <summary>Refused unless the new position's health, valued at the worse of spot and TWAP after its own buy, is at or above the pair's threshold.</summary>
    WorseOfSpotAndTwap = 1,
}

/// <summary>When borrowing interest reaches the LPs.</summary>
public enum LpInterestCrediting
{
    /// <summary>When a loan repays it (FeeManager.sol:25-57 through PositionManager.sol:188 and LiquidationManager.sol:53): a deposit just before a large repayment shares interest that accrued before it.</summary>
    AtRepayment = 0,
    /// <summary>
    /// At each accrual: the LP part of the period's interest raises the LP share value at once, as a receivable the
    /// repayments then settle; a later deposit pays the higher share value.
    /// </summary>
    PerAccrual = 1,
}

/// <summary>What counts for a user's tier (leverage and fee discount).</summary>
public enum TierInputs
{
    /// <summary>
    /// Alpha staked to the protocol hotkey and crowdloan contributions, read at each action; both can leave at any
    /// block (the deployed contract: PositionManager.sol:257-268, FeeManager.sol:122-142).
    /// </summary>
    Live = 0,
    /// <summary>
    /// Protocol-subnet alpha locked in the margin module (<c>margin.lockTierAlpha</c>) and crowdloan contributions,
    /// neither of which can leave while the user has an open position.
    /// </summary>
    LockedInMargin = 1,
}

/// <summary>What the buyback's slippage bound is measured against.</summary>
public enum BuybackReference
{
    /// <summary>The pool as it is when the buyback runs: a price the caller may just have moved (BuybackManager.sol:32-38).</summary>
    Spot = 0,
    /// <summary>The pool's TWAP: alpha bought must be at least spend/TWAP·(1 − slippage).</summary>
    Twap = 1,
}

/// <summary>
/// One staking tier: alpha staked to the protocol hotkey on the protocol subnet from which it applies, its fee
/// discount and its maximum leverage. Tier 0 is everyone's: its threshold is 0.
/// </summary>
public sealed record TierParameters
{
    /// <summary>Alpha staked to the protocol hotkey from which the tier applies (tier 0: 0).</summary>
    [Parameter("alpha rao", "0", "21_000_000_000_000_000")]
    public long ThresholdRao { get; init; }

    /// <summary>Trading (and, when discounted, borrowing) fee discount.</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb DiscountPpb { get; init; }

    /// <summary>Maximum leverage a trader of this tier may open with.</summary>
    [Parameter("×", "1", "100")]
    public Fixed MaxLeverage { get; init; }

    public TierParameters() { }

    public TierParameters(long thresholdRao, long discountPpb, long maxLeverage) =>
        (ThresholdRao, DiscountPpb, MaxLeverage) = (thresholdRao, new Ppb(discountPpb), Fixed.FromInt(maxLeverage));
}

/// <summary>
/// Governed parameters of the margin protocol (Tenexium), each declared once: unit, range, mainnet value (the
/// property's initial value, also the preset <c>mainnet</c>) and, where the README gives another number, the preset
/// <c>readme</c>. Rates and shares are in parts per billion (<see cref="Ppb"/>, 1e9 = 100%), the contracts' precision;
/// amounts in rao; leverages as decimals; the tiers a table (<c>Tiers[2].MaxLeverage</c>).
/// Sources: ../shared/docs/REFERENCE.md, Tensora-org/subnet67-archive (docs/margin.md).
/// </summary>
public sealed record MarginParameters
{
    /// <summary>The protocol's own subnet (Tenex, SN67): its alpha staked to the protocol hotkey sets tiers, and buybacks buy and burn it.</summary>
    [Parameter("netuid", "1", "65_535")]
    public long ProtocolNetuid { get; init; } = 67;

    /// <summary>Trading fee on gross notional at open and on proceeds at close (0.3%).</summary>
    [Parameter("ppb", "0", "10_000_000")]
    public Ppb TradingFeePpb { get; init; } = new(3_000_000);

    /// <summary>Borrow rate at zero utilisation (mainnet 0.005%, README 0.003% per 360 blocks).</summary>
    [Parameter("ppb per 360 blocks", "0", "1_000_000"), Preset("readme", "30_000")]
    public Ppb BorrowBaseRatePpbPer360Blocks { get; init; } = new(50_000);

    /// <summary>Rise of the borrow rate from 0 to the kink (mainnet 0.015%: 0.020% at the kink; README 0.012% at the kink).</summary>
    [Parameter("ppb per 360 blocks", "0", "10_000_000"), Preset("readme", "90_000")]
    public Ppb BorrowSlope1PpbPer360Blocks { get; init; } = new(150_000);

    /// <summary>Rise from the kink to 100% utilisation (0.08%; the README gives none, so the mainnet value).</summary>
    [Parameter("ppb per 360 blocks", "0", "100_000_000")]
    public Ppb BorrowSlope2PpbPer360Blocks { get; init; } = new(800_000);

    /// <summary>Utilisation of the kink (80%).</summary>
    [Parameter("ppb", "1", "999_999_999")]
    public Ppb BorrowKinkPpb { get; init; } = new(800_000_000);

    /// <summary>The borrow accumulator advances one period at most once per this many blocks.</summary>
    [Parameter("blocks", "1", "100_800")]
    public long BorrowAccrualIntervalBlocks { get; init; } = 360;

    /// <summary>Whether a position's borrowing fee gets its tier/crowdloan discount (REFERENCE.md: it does).</summary>
    [Parameter("switch", "0", "1")]
    public BorrowFeeDiscount BorrowFeeTierDiscounted { get; init; } = BorrowFeeDiscount.TierDiscounted;

    /// <summary>
    /// The accrual clock while nothing is borrowed: 0 frozen at the last accrual (the deployed contract, both presets),
    /// 1 restarted every idle block so the first period begins with the first borrow (docs/margin.md).
    /// </summary>
    [Parameter("switch", "0", "1")]
    public IdleAccrualClock IdleAccrualClock { get; init; } = IdleAccrualClock.Frozen;

    /// <summary>Liquidation fee on gross liquidation proceeds (2%).</summary>
    [Parameter("ppb", "0", "100_000_000")]
    public Ppb LiquidationFeePpb { get; init; } = new(20_000_000);

    /// <summary>LP share of trading fees (mainnet 30%, README 65%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "650_000_000")]
    public Ppb TradingLpSharePpb { get; init; } = new(300_000_000);

    /// <summary>Liquidator share of trading fees.</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb TradingLiquidatorSharePpb { get; init; } = Ppb.Zero;

    /// <summary>Protocol share of trading fees (mainnet 70%, README 35%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "350_000_000")]
    public Ppb TradingProtocolSharePpb { get; init; } = new(700_000_000);

    /// <summary>LP share of borrowing fees (mainnet 35%, README 70%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "700_000_000")]
    public Ppb BorrowingLpSharePpb { get; init; } = new(350_000_000);

    /// <summary>Liquidator share of borrowing fees.</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb BorrowingLiquidatorSharePpb { get; init; } = Ppb.Zero;

    /// <summary>Protocol share of borrowing fees (mainnet 65%, README 30%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "300_000_000")]
    public Ppb BorrowingProtocolSharePpb { get; init; } = new(650_000_000);

    /// <summary>LP share of liquidation fees.</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb LiquidationLpSharePpb { get; init; } = Ppb.Zero;

    /// <summary>Liquidator share of liquidation fees (mainnet 40%, README 60%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "600_000_000")]
    public Ppb LiquidationLiquidatorSharePpb { get; init; } = new(400_000_000);

    /// <summary>Protocol share of liquidation fees (mainnet 60%, README 40%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "400_000_000")]
    public Ppb LiquidationProtocolSharePpb { get; init; } = new(600_000_000);

    /// <summary>Part of the LP share of each trading/borrowing fee sent to the insurance manager (12.5%).</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb LpFeeInsuranceSharePpb { get; init; } = new(125_000_000);

    /// <summary>Part of a close's realised profit above initial collateral sent to insurance (10%).</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb PerfFeeInsuranceSharePpb { get; init; } = new(100_000_000);

    /// <summary>Part of withdrawn protocol fees sent to the owner multisig (2.5%).</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb ProtocolFeeGovernanceSharePpb { get; init; } = new(25_000_000);

    /// <summary>Part of withdrawn protocol fees sent to the buyback pool (mainnet 60%, README 80%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "800_000_000")]
    public Ppb ProtocolFeeBuybackSharePpb { get; init; } = new(600_000_000);

    /// <summary>Part of withdrawn protocol fees sent to insurance (8%); the rest goes to the treasury.</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb ProtocolFeeInsuranceSharePpb { get; init; } = new(80_000_000);

    /// <summary>Free LP liquidity needed on open beyond the borrow (20%: free ≥ 1.2·borrowed).</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb LiquidityBufferPpb { get; init; } = new(200_000_000);

    /// <summary>Utilisation cap: the breaker trips above it and an LP withdrawal may not push past it (90%).</summary>
    [Parameter("ppb", "1", "1_000_000_000")]
    public Ppb MaxUtilizationPpb { get; init; } = new(900_000_000);

    /// <summary>
    /// The breaker trips while LP stakes are below this: 1,000 TAO in both presets. Tensora-org/subnet67-archive
    /// tasks/deploy-config-mainnet.ts sets <c>minLiquidityThreshold: "1000000000000000000000", // 1000 TAO</c> (the
    /// field's type comment there still says 100 TAO, the testnet config's value); the README gives no minimum, so
    /// the readme preset keeps the deployed value.
    /// </summary>
    [Parameter("rao", "0", "1_000_000_000_000_000_000")]
    public long MinLiquidityRao { get; init; } = 1_000_000_000_000;

    /// <summary>Smallest position collateral (0.1 TAO).</summary>
    [Parameter("rao", "1", "1_000_000_000_000_000")]
    public long MinDepositRao { get; init; } = 100_000_000;

    /// <summary>Smallest LP deposit (0.1 TAO).</summary>
    [Parameter("rao", "1", "1_000_000_000_000_000")]
    public long MinLpDepositRao { get; init; } = 100_000_000;

    /// <summary>Blocks between a user's position actions (open, close, add collateral).</summary>
    [Parameter("blocks", "0", "7_200")]
    public long UserCooldownBlocks { get; init; } = 1;

    /// <summary>Blocks between an LP's withdrawals (and after a deposit).</summary>
    [Parameter("blocks", "0", "7_200")]
    public long LpCooldownBlocks { get; init; } = 360;

    /// <summary>Consecutive blocks with a liquidatable call before the position is liquidated (also the window's length).</summary>
    [Parameter("calls", "1", "100")]
    public long LiquidationConfirmations { get; init; } = 5;

    /// <summary>
    /// When the count of liquidation calls restarts: 0 anchored to the window's first call, restarting once
    /// <c>LiquidationConfirmations</c> blocks have passed since it (the deployed contract, both presets); 1 at any
    /// missed block (docs/margin.md).
    /// </summary>
    [Parameter("switch", "0", "1")]
    public LiquidationWindowRule LiquidationWindowRule { get; init; } = LiquidationWindowRule.AnchoredToFirstCall;

    /// <summary>Blocks between buybacks.</summary>
    [Parameter("blocks", "0", "1_000_000"), Preset("hardened", "25")]
    public long BuybackIntervalBlocks { get; init; } = 7_200;

    /// <summary>The buyback pool must hold at least this (1 TAO).</summary>
    [Parameter("rao", "1", "1_000_000_000_000_000_000")]
    public long BuybackThresholdRao { get; init; } = 1_000_000_000;

    /// <summary>A buyback accepts at most this slippage from its quote (5%).</summary>
    [Parameter("bps", "0", "10_000"), Preset("hardened", "100")]
    public Bps BuybackSlippageBps { get; init; } = new(500);

    /// <summary>Fee discount per whole TAO contributed to the crowdloan (mainnet 5%, README 2%).</summary>
    [Parameter("ppb per TAO", "0", "1_000_000_000"), Preset("readme", "20_000_000")]
    public Ppb CrowdloanDiscountPerTaoPpb { get; init; } = new(50_000_000);

    /// <summary>Cap of the crowdloan discount (mainnet 50%, README 20%).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("readme", "200_000_000")]
    public Ppb CrowdloanDiscountCapPpb { get; init; } = new(500_000_000);

    /// <summary>Cap of tier + crowdloan discounts, which stack (90%).</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb CombinedDiscountCapPpb { get; init; } = new(900_000_000);

    /// <summary>Part of the protocol subnet's miner emission credited to LPs; the rest to the insurance manager.</summary>
    [Parameter("ppb", "0", "1_000_000_000")]
    public Ppb LpEmissionSharePpb { get; init; } = Ppb.One;

    // ---------- hardening (docs/margin.md, threat table): each off in mainnet and readme, on in hardened ----------

    /// <summary>The price that values a position's alpha for health: 0 spot (deployed), 1 TWAP, 2 the worse of the two.</summary>
    [Parameter("switch", "0", "2"), Preset("hardened", "1")]
    public HealthValuation HealthValuation { get; init; } = HealthValuation.Spot;

    /// <summary>Window of the pool TWAP the hardening options read (blocks before the current one; clamped to the pool's history).</summary>
    [Parameter("blocks", "1", "7_200")]
    public long TwapWindowBlocks { get; init; } = 30;

    /// <summary>Whether an open must leave the position at or above its threshold valued at the worse of spot and TWAP: 0 unchecked (deployed), 1 checked.</summary>
    [Parameter("switch", "0", "1"), Preset("hardened", "1")]
    public OpenValuation OpenValuation { get; init; } = OpenValuation.Unchecked;

    /// <summary>Opens are refused while spot and TWAP differ by more than this (0: never refused, the deployed behaviour).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("hardened", "20_000_000")]
    public Ppb MaxOpenTwapDeviationPpb { get; init; } = Ppb.Zero;

    /// <summary>A position's gross notional may be at most this part of the pool's TAO reserve (0: no limit, the deployed behaviour).</summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("hardened", "10_000_000")]
    public Ppb MaxPositionDepthPpb { get; init; } = Ppb.Zero;

    /// <summary>
    /// When borrowing interest reaches LPs: 0 at repayment (deployed), 1 at each accrual. With 1, a position's
    /// borrowing-fee discount is the one it opened with, so that what is credited is what it will owe.
    /// </summary>
    [Parameter("switch", "0", "1"), Preset("hardened", "1")]
    public LpInterestCrediting LpInterestCrediting { get; init; } = LpInterestCrediting.AtRepayment;

    /// <summary>What counts for tiers: 0 live stake and crowdloan (deployed), 1 alpha locked in the margin module and a crowdloan that cannot leave while positions are open.</summary>
    [Parameter("switch", "0", "1"), Preset("hardened", "1")]
    public TierInputs TierInputs { get; init; } = TierInputs.Live;

    /// <summary>What the buyback's slippage bound is measured against: 0 the pool now (deployed), 1 the pool's TWAP.</summary>
    [Parameter("switch", "0", "1"), Preset("hardened", "1")]
    public BuybackReference BuybackReference { get; init; } = BuybackReference.Spot;

    /// <summary>
    /// One buyback spends at most this part of the protocol subnet's TAO reserve; the rest waits for the next (0: the
    /// whole pool at once, the deployed behaviour). A sandwich of a buy of c on a pool of depth T grosses about 2·c·P/T
    /// on a pump of P and pays 2·fee·P in pool fees: below c = fee·T it loses (hardened: 0.025%, so pool fees from
    /// 2.5 bps up).
    /// </summary>
    [Parameter("ppb", "0", "1_000_000_000"), Preset("hardened", "250_000")]
    public Ppb BuybackMaxDepthPpb { get; init; } = Ppb.Zero;

    /// <summary>Global cap on a pair's maximum leverage.</summary>
    [Parameter("×", "1", "100")]
    public Fixed MaxLeverage { get; init; } = Fixed.FromInt(10);

    /// <summary>
    /// Staking tiers 0–5: SN67 alpha staked to the protocol hotkey ≥ 0 / 100 / 1,000 / 2,000 / 5,000 / 10,000 gives
    /// fee discounts of 0–50% and max leverage 2/3/4/5/7/10× (both presets). Governed per cell: <c>Tiers[2].MaxLeverage</c>.
    /// </summary>
    [ParameterTable]
    public ImmutableArray<TierParameters> Tiers { get; init; } =
    [
        new(0, 0, 2),
        new(100_000_000_000, 100_000_000, 3),
        new(1_000_000_000_000, 200_000_000, 4),
        new(2_000_000_000_000, 300_000_000, 5),
        new(5_000_000_000_000, 400_000_000, 7),
        new(10_000_000_000_000, 500_000_000, 10),
    ];

    /// <summary>The deployed configuration (tasks/deploy-config-mainnet.ts and REFERENCE.md): the declared defaults.</summary>
    public static MarginParameters Mainnet => Preset("mainnet");

    /// <summary>The README's numbers; where the README is silent, the mainnet value.</summary>
    public static MarginParameters Readme => Preset("readme");

    /// <summary>Mainnet with every hardening option on (docs/margin.md, threat table).</summary>
    public static MarginParameters Hardened => Preset("hardened");

    /// <summary>The governed set, declared by the attributes above; <c>mainnet</c> is the defaults' preset name.</summary>
    public static ParameterSet<MarginParameters> CreateSet(MarginParameters? values = null) =>
        ParameterSet<MarginParameters>.Declared(MarginModule.ModuleName, values, Validate, defaultsPreset: "mainnet");

    /// <summary>A declared preset's values (<c>mainnet</c>, <c>readme</c> or <c>hardened</c>).</summary>
    public static MarginParameters Preset(string name) =>
        CreateSet().TryPreset(name, out var set).Accepted
            ? (MarginParameters)set.ValuesObject
            : throw new ArgumentException($"margin has no preset '{name}'", nameof(name));

    /// <summary>Cross-field rules: each fee split sums to 100%, protocol-fee routing to at most 100%, tiers ordered.</summary>
    public static string? Validate(MarginParameters p)
    {
        if (p.TradingLpSharePpb.Value + p.TradingLiquidatorSharePpb.Value + p.TradingProtocolSharePpb.Value != Ppb.Scale)
            return "the trading fee split (LP + liquidator + protocol) must sum to 1e9 ppb";
        if (p.BorrowingLpSharePpb.Value + p.BorrowingLiquidatorSharePpb.Value + p.BorrowingProtocolSharePpb.Value != Ppb.Scale)
            return "the borrowing fee split must sum to 1e9 ppb";
        if (p.LiquidationLpSharePpb.Value + p.LiquidationLiquidatorSharePpb.Value + p.LiquidationProtocolSharePpb.Value != Ppb.Scale)
            return "the liquidation fee split must sum to 1e9 ppb";
        if (p.ProtocolFeeGovernanceSharePpb.Value + p.ProtocolFeeBuybackSharePpb.Value + p.ProtocolFeeInsuranceSharePpb.Value > Ppb.Scale)
            return "protocol-fee routing (governance + buyback + insurance) exceeds 1e9 ppb";
        var tiers = p.Tiers;
        if (tiers.IsDefaultOrEmpty) return "there must be at least one tier";
        if (tiers[0].ThresholdRao != 0) return "tier 0 is everyone's tier: its threshold must be 0";
        for (int i = 1; i < tiers.Length; i++)
            if (tiers[i].ThresholdRao < tiers[i - 1].ThresholdRao) return $"tier {i}'s threshold is below tier {i - 1}'s";
        for (int i = 1; i < tiers.Length; i++)
            if (tiers[i].MaxLeverage < tiers[i - 1].MaxLeverage) return $"tier {i}'s max leverage is below tier {i - 1}'s";
        if (tiers[^1].MaxLeverage > p.MaxLeverage) return $"tier {tiers.Length - 1}'s max leverage is above the global MaxLeverage";
        return null;
    }
}
