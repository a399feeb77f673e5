using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Underwriting.Pricing;

namespace Ballast.Underwriting.Model;

/// <summary>
/// An instrument and its market, one object: the terms (immutable), the assessment curve's position, the holders,
/// the validators, the post-assessment order book and, after resolution, ω and the accounting of V_in = V_out.
/// The instrument's asset sits in <see cref="Account"/> (its balance is the maturity oracle, §5.2); the market's
/// collateral in <see cref="MarketAccount"/>.
/// </summary>
internal sealed class Instrument : StateObject
{
    public required long Id { get; init; }
    public required long VaultId { get; init; }
    public required InstrumentKind Kind { get; init; }
    public required string Utilizer { get; init; }
    public required Amount Principal { get; init; }
    /// <summary>I: the return promised on top of the principal.</summary>
    public required Amount Return { get; init; }
    public required long DurationBlocks { get; init; }
    public required long GraceBlocks { get; init; }
    /// <summary>The asset instrument's subnet; 0 for a credit line.</summary>
    public required int Netuid { get; init; }
    public required long ProposedAt { get; init; }
    public required long AssessmentDeadline { get; init; }
    public LinearCurve Curve => LinearCurve.FromPrincipalAndReturn(Principal, Return);
    public string Account => $"underwriting:instrument:{Id}";
    public string MarketAccount => $"underwriting:market:{Id}";
    /// <summary>What the instrument owes at maturity: P + I.</summary>
    public Amount Expected => Principal + Return;

    public MarketPhase Phase { get; set => Set(ref field, value); }
    /// <summary>c̄: longZCB minus shortZCB issued against the curve (the curve's position).</summary>
    public Amount NetLong { get; set => Set(ref field, value); }
    public Amount LongSupply { get; set => Set(ref field, value); }
    public Amount ShortSupply { get; set => Set(ref field, value); }
    /// <summary>The market account's collateral (curve purchases, short escrows, post-assessment pairs), not counting resting orders.</summary>
    public Amount Collateral { get; set => Set(ref field, value); }
    /// <summary>Asset escrowed by resting orders (also in the market account).</summary>
    public Amount OrderEscrow { get; set => Set(ref field, value); }
    public bool ValidatorsDrawn { get; set => Set(ref field, value); }
    public long ApprovedAt { get; set => Set(ref field, value); }
    public long MaturityBlock { get; set => Set(ref field, value); }
    public bool PrincipalDrawn { get; set => Set(ref field, value); }
    /// <summary>Alpha the asset instrument holds.</summary>
    public Amount AssetHeld { get; set => Set(ref field, value); }
    /// <summary>The post-assessment market's last traded tick (0 before any trade).</summary>
    public int LastTick { get; set => Set(ref field, value); }
    public long NextOrderId { get; set => Set(ref field, value); } = 1;

    // Resolution (zero before).
    public Amount Realized { get; set => Set(ref field, value); }
    public UInt128 OmegaNumerator { get; set => Set(ref field, value); }
    public UInt128 OmegaDenominator { get; set => Set(ref field, value); }
    public UInt128 ShortNumerator { get; set => Set(ref field, value); }
    public UInt128 ShortDenominator { get; set => Set(ref field, value); }
    /// <summary>Redemptions reserved at resolution and not yet redeemed.</summary>
    public Amount RedemptionReserve { get; set => Set(ref field, value); }
    public Amount Redemptions { get; set => Set(ref field, value); }
    public Amount VaultShare { get; set => Set(ref field, value); }
    public Amount Dust { get; set => Set(ref field, value); }

    public StateMap<string, Holding> Holders { get; } = new();
    public StateMap<string, ValidatorSeat> Validators { get; } = new();
    public StateMap<long, Order> Orders { get; } = new();

    public RedemptionPrice Redemption => new(OmegaNumerator, OmegaDenominator, ShortNumerator, ShortDenominator);
    public bool InAssessment => Phase is MarketPhase.ReputableOnly or MarketPhase.Assessment;
}

/// <summary>
/// One account's position in a market: bonds held, what it paid into the curve (net of what the curve paid back, for an
/// exact refund), what the vault lent it, and its assessment purchase (bonds, cost, budget) for the reputation update.
/// </summary>
public sealed record Holding(
    Amount Long,
    Amount Short,
    Amount Paid,
    Amount Received,
    Amount Debt,
    Amount AssessmentBonds,
    Amount AssessmentCost,
    Amount Budget,
    bool Redeemed)
{
    public static readonly Holding Empty = new(Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero, false);
}

/// <summary>A drawn validator: whether it approved, and the VT it locked as stake.</summary>
public sealed record ValidatorSeat(bool Approved, Amount StakedVt);

/// <summary>
/// A resting post-assessment order at a tick: bonds left, the asset escrowed for a buy (zero for a sell, whose bonds are
/// the escrow), and whether it is passive (recycled when filled) or one-time liquidity.
/// </summary>
public sealed record Order(string Account, OrderSide Side, int Tick, Amount Bonds, Amount Escrow, bool Passive = false);

/// <summary>A manager's reputation: score, instruments scored, and the sum of its Brier scores.</summary>
public sealed record ManagerRecord(Fixed Score, int Scored, Fixed BrierSum);
