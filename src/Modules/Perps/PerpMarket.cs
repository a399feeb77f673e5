using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Perps;

/// <summary>
/// A perpetual market's virtual AMM, held as its depth D (the balance reserve: X = Y = D when longs and shorts net to
/// zero) and the traders' net size n (base units, long positive). The reserves follow: X = D − n, Y = D²/X, k = D²;
/// the peg (the index, refreshed before every trade and at each block's end, as Drift's oracle-pegged AMM does) turns
/// them into prices: mark = peg·Y/X. Keeping D and n rather than X and Y makes a depth change exact: it moves D and
/// leaves n, so no trader's size is rescaled (docs/lih.md, "Depth changes"). No tokens sit in the vAMM; trades move
/// D and n, and the TAO moves between traders and the vault.
/// </summary>
internal sealed class PerpMarket : StateObject
{
    public required string Id { get; init; }
    public required string IndexSource { get; init; }
    public string? GuardSource { get; init; }
    /// <summary>The subnet whose pool prices the index (a <c>subnet:N</c> source), or null for an external feed.</summary>
    public int? IndexNetuid { get; init; }
    /// <summary>True when the quote currency is TAO (a subnet's alpha in TAO); false for an external quote such as USD (base TAO).</summary>
    public required bool QuoteIsTao { get; init; }
    /// <summary>The oracle source of this market's mark price, <c>perps:{id}:mark</c> (named once at creation: it is recorded every block).</summary>
    public required string MarkSource { get; init; }
    /// <summary>The depth at creation, B: the smallest depth the controller can return the market to (open-interest caps are sized on it).</summary>
    public required Fixed CreationDepth { get; init; }

    /// <summary>D: the balance reserve now (B times the controller's depth scale).</summary>
    public Fixed Depth { get; set => Set(ref field, value); }
    /// <summary>n: Σ sizes of open positions (long positive), as the vAMM sees it.</summary>
    public Fixed NetSize { get; set => Set(ref field, value); }
    /// <summary>Quote per normalised unit: the index when last refreshed.</summary>
    public Fixed Peg { get; set => Set(ref field, value); }
    /// <summary>The controller's depth multiplier (1 at creation): D = B·scale.</summary>
    public Fixed DepthScale { get; set => Set(ref field, value); } = Fixed.One;
    /// <summary>The controller's per-block σ estimate of this market's index (0 until it has one): prices the premium's tail term.</summary>
    public Fixed SigmaPerBlock { get; set => Set(ref field, value); }

    /// <summary>X = D − n.</summary>
    public Fixed BaseReserve => Depth - NetSize;
    /// <summary>Y = D²/X, rounded down.</summary>
    public Fixed QuoteReserve => PerpsBook.QuoteReserve(Depth, Depth - NetSize);
    /// <summary>mark = peg·Y/X.</summary>
    public Fixed Mark => Peg.Mul(QuoteReserve.Div(BaseReserve, Rounding.Down), Rounding.Down);

    /// <summary>Σ funding per unit of base since creation, in quote (longs pay when it rises); it accrues every block.</summary>
    public Fixed CumulativeFunding { get; set => Set(ref field, value); }
    /// <summary>The block at which the rate was last recomputed from the TWAPs.</summary>
    public long LastFundingBlock { get; set => Set(ref field, value); }
    /// <summary>The funding rate per interval now (it accrues at rate/interval per block).</summary>
    public Fixed LastFundingRate { get; set => Set(ref field, value); }

    /// <summary>Open interest in base units, each side, and the open notional in quote.</summary>
    public Fixed LongSize { get; set => Set(ref field, value); }
    public Fixed ShortSize { get; set => Set(ref field, value); }
    public Fixed OpenNotional { get; set => Set(ref field, value); }
    /// <summary>Σ leverage·notional, for the notional-weighted average leverage L̄.</summary>
    public Fixed LeverageNotional { get; set => Set(ref field, value); }

    /// <summary>
    /// Derived: the ids of the market's open positions, in id order (the order the block hook checks them in). Not
    /// hashed or cloned; kept by the writers and rebuilt from the positions by <see cref="PerpsState.RebuildDerived"/>.
    /// </summary>
    [Derived] internal SortedSet<long> OpenIds { get; set; } = [];

    /// <summary>Derived: the health keys of a TAO-quoted market's positions (null until the block hook first needs them, and after a restore).</summary>
    [Derived] internal HealthIndex? Health { get; set; }
}
