using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

/// <summary>How the settlement price of a project is averaged over its window (the seed says both "TWAP" and "average peak price").</summary>
public enum AveragingRule
{
    /// <summary>The time-weighted average: the mean of the per-block price over the window (the seed's "TWAP").</summary>
    Twap,
    /// <summary>The mean over the window's days of each day's highest per-block price (the seed's "average peak price of 60 days").</summary>
    DailyPeakAverage,
}

/// <summary>What applies while the capital module has recorded no requirement.</summary>
public enum NoRequirementRule
{
    /// <summary>No new cover is sold until a requirement is recorded (the safe default).</summary>
    Halt,
    /// <summary><see cref="CoverParameters.FallbackMinimumCapitalRao"/> stands in for the requirement.</summary>
    Fallback,
}

/// <summary>
/// Parameters of the IDO cover module (seed 003), each declared once with its unit and range. Rates are annual; a
/// volatility is in bps per √year (15,000 = 150%). Defaults are Ballast's choices, documented in docs/cover.md.
/// </summary>
public sealed record CoverParameters
{
    /// <summary>Cover term from the IDO launch (the sale's end) to settlement: 60 days.</summary>
    [Parameter("blocks", "1", "10000000")]
    public long CoverPeriodBlocks { get; init; } = 60 * BlockClock.BlocksPerDay;

    /// <summary>The averaging window ending at settlement: the whole 60 days.</summary>
    [Parameter("blocks", "1", "10000000")]
    public long AveragingWindowBlocks { get; init; } = 60 * BlockClock.BlocksPerDay;

    /// <summary>The settlement average's reading of the seed: the TWAP by default.</summary>
    [Parameter("switch", "0", "1")]
    public AveragingRule Averaging { get; init; } = AveragingRule.Twap;

    /// <summary>A parametric settlement needs a price in all but this share of the window's blocks (else: a claim): 10%.</summary>
    [Parameter("ppb of window blocks", "0", "1000000000")]
    public Ppb MaxMissingSamplesPpb { get; init; } = new(100_000_000);

    /// <summary>The risk-free rate of the premium model: the staking yield, 10% a year.</summary>
    [Parameter("bps per year", "0", "10000")]
    public Bps RiskFreeRateBps { get; init; } = new(1_000);

    /// <summary>The volatility of a project listed without one: 357% a year, the median of the 70 dTAO subnet tokens over their launch week (daily returns, `ballast cover volatility`).</summary>
    [Parameter("bps per sqrt(year)", "100", "100000")]
    public long DefaultVolatilityBps { get; init; } = 35_700;

    /// <summary>Loading on the fair value: premium = fair·(1 + loading) + the project's risk adjustment: 30%.</summary>
    [Parameter("ppb of fair value", "0", "10000000000")]
    public Ppb LoadingPpb { get; init; } = new(300_000_000);

    /// <summary>The least premium, as a share of the sum insured: 0.5%.</summary>
    [Parameter("bps of sum insured", "0", "10000")]
    public Bps MinPremiumRateBps { get; init; } = new(50);

    /// <summary>The funding trigger: below this capital ratio (fund capital over the minimum capital) new cover halts: 100%.</summary>
    [Parameter("ppb", "0", "100000000000")]
    public Ppb MinCapitalRatioPpb { get; init; } = new(1_000_000_000);

    /// <summary>A project's covers together insure at most this share of the fund's capital: 20%.</summary>
    [Parameter("ppb of fund capital", "0", "100000000000")]
    public Ppb ProjectCapacityPpb { get; init; } = new(200_000_000);

    /// <summary>One cover insures at most this share of the fund's capital: 5%.</summary>
    [Parameter("ppb of fund capital", "0", "100000000000")]
    public Ppb CoverCapacityPpb { get; init; } = new(50_000_000);

    /// <summary>What applies with no capital requirement recorded.</summary>
    [Parameter("switch", "0", "1")]
    public NoRequirementRule NoRequirement { get; init; } = NoRequirementRule.Halt;

    /// <summary>The minimum capital used under <see cref="NoRequirementRule.Fallback"/> (base-token units; 0: no requirement, no halt).</summary>
    [Parameter("base-token units", "0", "9000000000000000000")]
    public long FallbackMinimumCapitalRao { get; init; }

    /// <summary>Simple interest on a DAO loan, from the block lent: 5% a year.</summary>
    [Parameter("bps per year", "0", "10000")]
    public Bps LoanInterestBps { get; init; } = new(500);

    // ---------- claims assessment ----------

    /// <summary>A claim's deposit, as a share of the claimed amount, in the platform token at its price: 5%.</summary>
    [Parameter("bps of claimed amount", "0", "10000")]
    public Bps ClaimDepositBps { get; init; } = new(500);

    /// <summary>Claims on a cover may be filed until this long after its project's settlement block: 30 days.</summary>
    [Parameter("blocks", "0", "10000000")]
    public long ClaimWindowBlocks { get; init; } = 30 * BlockClock.BlocksPerDay;

    /// <summary>Blocks a claim is open to assessors: 3 days.</summary>
    [Parameter("blocks", "1", "1000000")]
    public long AssessmentPeriodBlocks { get; init; } = 3 * BlockClock.BlocksPerDay;

    /// <summary>A vote counts only when the staked voting power cast exceeds this multiple of the cover amount: 5×.</summary>
    [Parameter("multiple of cover amount", "1", "1000")]
    public long QuorumCoverMultiple { get; init; } = 5;

    /// <summary>Assessors' stake stays locked this long after they stake (and after each vote): 30 days.</summary>
    [Parameter("blocks", "0", "10000000")]
    public long StakeLockBlocks { get; init; } = 30 * BlockClock.BlocksPerDay;

    /// <summary>A vote against the consensus extends the voter's lock by this much: 30 days more.</summary>
    [Parameter("blocks", "0", "10000000")]
    public long MinorityLockExtensionBlocks { get; init; } = 30 * BlockClock.BlocksPerDay;

    /// <summary>Tokens that voted are inactive for other claims this long: 12 hours.</summary>
    [Parameter("blocks", "0", "1000000")]
    public long VoteInactivityBlocks { get; init; } = BlockClock.BlocksPerDay / 2;

    /// <summary>The assessors' fee pool, minted in member tokens, as a share of the cost of cover: 20%.</summary>
    [Parameter("ppb of premium", "0", "1000000000")]
    public Ppb AssessmentRewardPpb { get; init; } = new(200_000_000);

    /// <summary>With no consensus the fee pool is reduced to this share of itself: 50%.</summary>
    [Parameter("ppb of fee pool", "0", "1000000000")]
    public Ppb NoConsensusRewardPpb { get; init; } = new(500_000_000);

    /// <summary>A side with at least this share of the voting power cast is the consensus: 70%.</summary>
    [Parameter("ppb of votes cast", "500000001", "1000000000")]
    public Ppb ConsensusPpb { get; init; } = new(700_000_000);

    /// <summary>The members' vote after an escalation lasts this long: 3 days.</summary>
    [Parameter("blocks", "1", "1000000")]
    public long MemberVotePeriodBlocks { get; init; } = 3 * BlockClock.BlocksPerDay;

    /// <summary>The governed set: <paramref name="values"/> (or the defaults) checked against the declarations and <see cref="Validate"/>.</summary>
    public static ParameterSet<CoverParameters> CreateSet(CoverParameters? values = null) =>
        ParameterSet<CoverParameters>.Declared(CoverModule.ModuleName, values, Validate);

    private static string? Validate(CoverParameters p) =>
        p.AveragingWindowBlocks > p.CoverPeriodBlocks ? "AveragingWindowBlocks is longer than CoverPeriodBlocks" : null;
}
