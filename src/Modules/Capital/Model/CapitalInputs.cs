using System.Collections.Immutable;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// Everything the capital model reads, locked at <see cref="LockedAtBlock"/>: the product modules with their pricing-risk
/// cells and correlations, what the fund holds in each foreign currency and its rate to the base token, the correlation
/// between modules (the currency module last) and the floor. Its canonical form (<see cref="CanonicalInputs"/>) is
/// hashed with SHA-256, so anyone holding these inputs can recompute and check a recorded requirement.
/// </summary>
/// <param name="BaseToken">The calculation currency (the seed's APT; TAO by default in Ballast).</param>
/// <param name="LockedAtBlock">The block whose state the inputs describe: the named block of the seed.</param>
/// <param name="Floor">The minimum requirement in base units: the total never drops below it.</param>
/// <param name="Modules">The product modules, each a set of pricing-risk cells in one currency.</param>
/// <param name="Currencies">Each foreign currency the modules use or the fund holds: the value held and its rate to the base token.</param>
/// <param name="ModuleCorrelation">
/// Correlations between modules in ppb (1e9 = 1): one row and column per product module in order, then one for the
/// currency module.
/// </param>
/// <param name="FxShockPpb">The currency shock applied up and down; the seed's 50% when left out.</param>
public sealed record CapitalInputs(
    string BaseToken,
    long LockedAtBlock,
    Amount Floor,
    ImmutableArray<ProductModuleInputs> Modules,
    ImmutableArray<CurrencyHolding> Currencies,
    ImmutableArray<ImmutableArray<Ppb>> ModuleCorrelation,
    Ppb? FxShockPpb = null)
{
    /// <summary>The seed's currency shock: 50% up and down.</summary>
    public static readonly Ppb DefaultFxShock = new(500_000_000);

    /// <summary>The shock in force: <see cref="FxShockPpb"/>, or 50% when left out.</summary>
    public Ppb EffectiveFxShock => FxShockPpb ?? DefaultFxShock;
}

/// <summary>
/// One product module of the seed (ALT_M): pricing-risk cells of probability-weighted exposure in one currency and the
/// correlation between the cells.
/// </summary>
/// <param name="Name">The module's name (letters, digits, <c>_ . : -</c>).</param>
/// <param name="Currency">The token its cover is denominated in: the base token or one of the currencies listed.</param>
/// <param name="Cells">The pricing-risk cells.</param>
/// <param name="Correlation">Cell correlations in ppb (1e9 = 1): symmetric, ones on the diagonal, positive semi-definite.</param>
public sealed record ProductModuleInputs(
    string Name,
    string Currency,
    ImmutableArray<RiskCell> Cells,
    ImmutableArray<ImmutableArray<Ppb>> Correlation);

/// <summary>
/// A pricing-risk cell: the cover sold in it and the probability weight that turns cover into exposure
/// (Exp = cover · weight, rounded up: the seed's "total probability-weighted exposure (or cover amount)").
/// </summary>
/// <param name="Name">The cell's name (letters, digits, <c>_ . : -</c>).</param>
/// <param name="Cover">Total cover in the cell, in the module currency's smallest units.</param>
/// <param name="WeightPpb">The probability weight, 1e9 = the whole cover amount.</param>
public sealed record RiskCell(string Name, Amount Cover, Ppb WeightPpb);

/// <summary>What the fund holds in one foreign currency and how many base tokens one of its tokens is worth.</summary>
/// <param name="Currency">The token (not the base token).</param>
/// <param name="Held">The value the fund holds in it, in its smallest units.</param>
/// <param name="RateToBase">Base tokens per token (both with 9 decimals), more than zero.</param>
public sealed record CurrencyHolding(string Currency, Amount Held, Fixed RateToBase);
