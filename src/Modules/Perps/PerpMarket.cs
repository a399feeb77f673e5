using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Perps;

/// <summary>
/// A perpetual market's virtual AMM: k = (B + v)·(Q + u) with effective base reserve X = B + v and quote reserve
/// Y = Q + u, in units normalised so that X = Y when longs and shorts balance; the peg (the index, refreshed before
/// every trade and at each block's end, as Drift's oracle-pegged AMM does) turns them into prices:
/// mark = peg·Y/X. No tokens sit in it; trades move the virtual reserves, and the TAO moves between traders and
/// the vault. The index is read from the engine's oracle (a subnet pool's TWAP or an external feed such as TAO/USD)
/// and checked against a guard source.
/// </summary>
internal sealed class PerpMarket : StateObject
{
    public required string Id { get; init; }
    public required string IndexSource { get; init; }
    public string? GuardSource { get; init; }
    /// <summary>True when the quote currency is TAO (a subnet's alpha in TAO); false for an external quote such as USD (base TAO).</summary>
    public required bool QuoteIsTao { get; init; }
    /// <summary>The oracle source of this market's mark price, <c>perps:{id}:mark</c> (named once at creation: it is recorded every block).</summary>
    public required string MarkSource { get; init; }
    public Fixed BaseReserve { get; set => Set(ref field, value); }
    public Fixed QuoteReserve { get; set => Set(ref field, value); }
    public Fixed K => BaseReserve.Mul(QuoteReserve, Rounding.Down);
    /// <summary>Quote per normalised unit: the index when last refreshed.</summary>
    public Fixed Peg { get; set => Set(ref field, value); }
    public Fixed Mark => Peg.Mul(QuoteReserve, Rounding.Down).Div(BaseReserve, Rounding.Down);
    /// <summary>The controller's depth multiplier of the virtual buffers (1 at creation).</summary>
    public Fixed DepthScale { get; set => Set(ref field, value); } = Fixed.One;

    /// <summary>Σ funding per unit of base since creation, in quote (longs pay when it rises).</summary>
    public Fixed CumulativeFunding { get; set => Set(ref field, value); }
    public long LastFundingBlock { get; set => Set(ref field, value); }
    public Fixed LastFundingRate { get; set => Set(ref field, value); }

    /// <summary>Open interest in base units, each side, and the open notional in quote.</summary>
    public Fixed LongSize { get; set => Set(ref field, value); }
    public Fixed ShortSize { get; set => Set(ref field, value); }
    public Fixed OpenNotional { get; set => Set(ref field, value); }
    /// <summary>Σ leverage·notional, for the notional-weighted average leverage L̄.</summary>
    public Fixed LeverageNotional { get; set => Set(ref field, value); }

    /// <summary>
    /// Derived: the market's open positions by liquidation price. Not hashed or cloned; kept by the writers (open,
    /// close, liquidation) and rebuilt from the positions by <see cref="PerpsState.RebuildDerived"/>.
    /// </summary>
    [Derived] internal LiquidationBook Book { get; set; } = new();

}
