using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// A perpetual market's virtual AMM: k = (B + v)·(Q + u) with effective base reserve X = B + v and quote reserve
/// Y = Q + u, in units normalised so that X = Y when longs and shorts balance; the peg (the index, refreshed before
/// every trade and at each block's end, as Drift's oracle-pegged AMM does) turns them into prices:
/// mark = peg·Y/X. No tokens sit in it; trades move the virtual reserves, and the TAO moves between traders and
/// the vault. The index is read from the engine's oracle (a subnet pool's TWAP or an external feed such as TAO/USD)
/// and checked against a guard source.
/// </summary>
public sealed class PerpMarket
{
    public required string Id { get; init; }
    public required string IndexSource { get; init; }
    public string? GuardSource { get; init; }
    /// <summary>True when the quote currency is TAO (a subnet's alpha in TAO); false for an external quote such as USD (base TAO).</summary>
    public required bool QuoteIsTao { get; init; }
    public Fixed BaseReserve { get; set; }
    public Fixed QuoteReserve { get; set; }
    public Fixed K => BaseReserve.Mul(QuoteReserve, Rounding.Down);
    /// <summary>Quote per normalised unit: the index when last refreshed.</summary>
    public Fixed Peg { get; set; }
    public Fixed Mark => Peg.Mul(QuoteReserve, Rounding.Down).Div(BaseReserve, Rounding.Down);
    /// <summary>The controller's depth multiplier of the virtual buffers (1 at creation).</summary>
    public Fixed DepthScale { get; set; } = Fixed.One;

    /// <summary>Σ funding per unit of base since creation, in quote (longs pay when it rises).</summary>
    public Fixed CumulativeFunding { get; set; }
    public long LastFundingBlock { get; set; }
    public Fixed LastFundingRate { get; set; }

    /// <summary>Open interest in base units, each side, and the open notional in quote.</summary>
    public Fixed LongSize { get; set; }
    public Fixed ShortSize { get; set; }
    public Fixed OpenNotional { get; set; }
    /// <summary>Σ leverage·notional, for the notional-weighted average leverage L̄.</summary>
    public Fixed LeverageNotional { get; set; }

    private string? _markSource;

    /// <summary>The oracle source of this market's mark price (built once: it is recorded every block).</summary>
    public string MarkSource => _markSource ??= $"perps:{Id}:mark";

    public PerpMarket Clone() => (PerpMarket)MemberwiseClone();
}
