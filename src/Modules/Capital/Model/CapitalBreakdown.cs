using System.Collections.Immutable;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// The capital model's result with every step: each product module's ALT, the currency module, the combination and
/// the floor, and the SHA-256 of the canonical inputs. Amounts are smallest units of the currency named beside them.
/// </summary>
/// <param name="BaseToken">The calculation currency.</param>
/// <param name="LockedAtBlock">The block the inputs were locked at.</param>
/// <param name="Modules">Each product module's requirement.</param>
/// <param name="Currencies">The currency module, one line per foreign currency.</param>
/// <param name="FxRequirement">ALT_fx: the sum of the currencies' worse shocks, in base units.</param>
/// <param name="Combined">√(Σ Corr(l,m)·ALT(l)·ALT(m)) over the modules and the currency module, in base units, before the floor.</param>
/// <param name="Floor">The floor in base units.</param>
/// <param name="MinimumCapital">max(<see cref="Combined"/>, <see cref="Floor"/>).</param>
/// <param name="FloorBinding">Whether the floor set the minimum.</param>
/// <param name="InputsHash">SHA-256 (lower-case hex) of the canonical inputs.</param>
public sealed record CapitalBreakdown(
    string BaseToken,
    long LockedAtBlock,
    ImmutableArray<ModuleRequirement> Modules,
    ImmutableArray<CurrencyShock> Currencies,
    Amount FxRequirement,
    Amount Combined,
    Amount Floor,
    Amount MinimumCapital,
    bool FloorBinding,
    string InputsHash);

/// <summary>
/// One product module's ALT = √(Σ_i Σ_j Corr(i,j)·Exp(i)·Exp(j)), rounded up to a unit, in its currency and in the base token.
/// </summary>
/// <param name="Name">The module.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="Cells">Each cell's exposure.</param>
/// <param name="Requirement">ALT in the module's currency.</param>
/// <param name="RequirementInBase">ALT converted to the base token at the currency's rate (rounded up).</param>
public sealed record ModuleRequirement(
    string Name,
    string Currency,
    ImmutableArray<CellExposure> Cells,
    Amount Requirement,
    Amount RequirementInBase);

/// <summary>A cell's cover, weight and the probability-weighted exposure the model uses (cover · weight, rounded up).</summary>
public sealed record CellExposure(string Name, Amount Cover, Ppb WeightPpb, Amount Exposure);

/// <summary>
/// The currency module for one foreign currency: the modules' requirement in it against the value held in it, and
/// the base-token loss a shock up and a shock down would cause (a requirement above holdings loses when the currency
/// rises, holdings above the requirement lose when it falls); the worse of the two counts.
/// </summary>
/// <param name="Currency">The currency.</param>
/// <param name="Requirement">Σ ALT of the modules in this currency, in its units.</param>
/// <param name="Held">The value held in it, in its units.</param>
/// <param name="RateToBase">Base tokens per token.</param>
/// <param name="ShockUpLoss">Loss in base units if the currency rises by the shock: max(0, s·(requirement − held)·rate), rounded up.</param>
/// <param name="ShockDownLoss">Loss in base units if it falls by the shock: max(0, s·(held − requirement)·rate), rounded up.</param>
/// <param name="Worse">The larger of the two.</param>
public sealed record CurrencyShock(
    string Currency,
    Amount Requirement,
    Amount Held,
    Fixed RateToBase,
    Amount ShockUpLoss,
    Amount ShockDownLoss,
    Amount Worse);
