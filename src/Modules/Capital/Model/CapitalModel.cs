using System.Collections.Immutable;
using System.Numerics;
using System.Text.RegularExpressions;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// Seed 003's capital model (Nexus Mutual's legacy MCR method), exactly in integers:
/// <list type="number">
/// <item>each product module: ALT_M = √(Σ_i Σ_j Corr(i,j)·Exp(i)·Exp(j)) over its pricing-risk cells, Exp = cover · weight;</item>
/// <item>the currency module: per foreign currency k, the worse of a shock s up and down to the base value of
/// (Σ ALT in k − value held in k), that is s·|ALT_k − V_k|·fx_k; ALT_fx is their sum;</item>
/// <item>the combining module: √(Σ Corr(l,m)·ALT(l)·ALT(m)) over the modules in base units and ALT_fx, then the floor.</item>
/// </list>
/// Every square root is of an exact <see cref="BigInteger"/> sum with correlations in ppb, rounded up to a unit (a
/// requirement errs high); conversions to the base token round up too. Where the seed's independence case reads
/// √Σ Exp(i), this computes the consistent √Σ Exp(i)² (the same formula with the identity matrix).
/// </summary>
public static partial class CapitalModel
{
    public const int MaxModules = 16;
    public const int MaxCellsPerModule = 64;
    public const int MaxCurrencies = 32;
    public const int MaxNameLength = 64;

    /// <summary>How the currency module is named in the combining module's matrix and in messages.</summary>
    public const string FxLabel = "currency module";

    private static readonly BigInteger PpbScale = Ppb.Scale;
    private static readonly BigInteger FixedScale = (BigInteger)Fixed.ScaleRaw;
    private static readonly BigInteger MaxAmount = (BigInteger)UInt128.MaxValue;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
    private static partial Regex NamePattern();

    /// <summary>Validates the inputs and computes the requirement, or refuses with a code and a sentence naming the fault.</summary>
    public static TxResult TryCompute(CapitalInputs inputs, Ppb tolerance, out CapitalBreakdown? breakdown)
    {
        breakdown = null;
        var r = Validate(inputs, tolerance);
        if (!r.Accepted) return r;

        var rates = new Dictionary<string, Fixed>(StringComparer.Ordinal) { [inputs.BaseToken] = Fixed.One };
        foreach (var c in inputs.Currencies) rates[c.Currency] = c.RateToBase;

        var modules = ImmutableArray.CreateBuilder<ModuleRequirement>(inputs.Modules.Length);
        var requirementByCurrency = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        var combinedCells = new List<BigInteger>(inputs.Modules.Length + 1);
        foreach (var m in inputs.Modules)
        {
            var cells = ImmutableArray.CreateBuilder<CellExposure>(m.Cells.Length);
            var exposures = new BigInteger[m.Cells.Length];
            for (int i = 0; i < m.Cells.Length; i++)
            {
                var c = m.Cells[i];
                exposures[i] = ExactRoot.CeilDiv((BigInteger)c.Cover.Units * c.WeightPpb.Value, PpbScale);
                cells.Add(new CellExposure(c.Name, c.Cover, c.WeightPpb, ToAmount(exposures[i])));
            }
            var alt = CorrelatedRoot(exposures, m.Correlation);
            var inBase = ToBase(alt, rates[m.Currency]);
            if (alt > MaxAmount || inBase > MaxAmount)
                return TooLarge($"module '{m.Name}'");
            requirementByCurrency[m.Currency] = requirementByCurrency.GetValueOrDefault(m.Currency) + alt;
            combinedCells.Add(inBase);
            modules.Add(new ModuleRequirement(m.Name, m.Currency, cells.MoveToImmutable(), ToAmount(alt), ToAmount(inBase)));
        }

        var shock = inputs.EffectiveFxShock.Value;
        var currencies = ImmutableArray.CreateBuilder<CurrencyShock>(inputs.Currencies.Length);
        BigInteger fx = 0;
        foreach (var c in inputs.Currencies)
        {
            var requirement = requirementByCurrency.GetValueOrDefault(c.Currency);
            var net = requirement - (BigInteger)c.Held.Units;
            // A shock s to the rate moves the base value of (requirement − held) by s·net·fx: a loss when net and s share a sign.
            var up = net.Sign > 0 ? ShockLoss(net, shock, c.RateToBase) : BigInteger.Zero;
            var down = net.Sign < 0 ? ShockLoss(-net, shock, c.RateToBase) : BigInteger.Zero;
            var worse = BigInteger.Max(up, down);
            if (requirement > MaxAmount || worse > MaxAmount) return TooLarge($"currency '{c.Currency}'");
            fx += worse;
            currencies.Add(new CurrencyShock(c.Currency, ToAmount(requirement), c.Held, c.RateToBase, ToAmount(up), ToAmount(down), ToAmount(worse)));
        }
        if (fx > MaxAmount) return TooLarge("the currency module");
        combinedCells.Add(fx);

        var combined = CorrelatedRoot([.. combinedCells], inputs.ModuleCorrelation);
        if (combined > MaxAmount) return TooLarge("the combined requirement");
        var floor = (BigInteger)inputs.Floor.Units;
        var minimum = BigInteger.Max(combined, floor);
        breakdown = new CapitalBreakdown(
            inputs.BaseToken, inputs.LockedAtBlock, modules.MoveToImmutable(), currencies.MoveToImmutable(),
            ToAmount(fx), ToAmount(combined), inputs.Floor, ToAmount(minimum), floor > combined, CanonicalInputs.Hash(inputs));
        return TxResult.Ok;
    }

    /// <summary>
    /// ⌈√(Σ_i Σ_j ρ_ij·x_i·x_j / 1e9)⌉ with ρ in ppb, exactly; a sum below zero (possible only within the PSD
    /// tolerance) counts as zero.
    /// </summary>
    public static BigInteger CorrelatedRoot(IReadOnlyList<BigInteger> x, ImmutableArray<ImmutableArray<Ppb>> correlation)
    {
        BigInteger sum = 0;
        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].IsZero) continue;
            BigInteger row = 0;
            for (int j = 0; j < x.Count; j++) row += correlation[i][j].Value * x[j];
            sum += row * x[i];
        }
        return sum.Sign <= 0 ? BigInteger.Zero : ExactRoot.CeilSqrt(ExactRoot.CeilDiv(sum, PpbScale));
    }

    private static BigInteger ToBase(BigInteger units, Fixed rate) => ExactRoot.CeilDiv(units * (BigInteger)rate.Raw, FixedScale);

    private static BigInteger ShockLoss(BigInteger net, long shockPpb, Fixed rate) =>
        ExactRoot.CeilDiv(net * shockPpb * (BigInteger)rate.Raw, PpbScale * FixedScale);

    private static Amount ToAmount(BigInteger units) => new((UInt128)units);

    private static TxResult TooLarge(string what) =>
        TxResult.Reject(CapitalErrors.InvalidValue, $"{what}: the requirement exceeds the largest amount (2^128 − 1 units); the exposures are not plausible");

    /// <summary>Everything <see cref="TryCompute"/> refuses, in order: shape, names, values, then each correlation matrix.</summary>
    public static TxResult Validate(CapitalInputs inputs, Ppb tolerance)
    {
        if (tolerance.Value < 1)
            return TxResult.Reject(CapitalErrors.InvalidValue, $"the PSD tolerance is {tolerance.Value} ppb; it is at least 1 ppb (the test is strict: C + εI positive definite)");
        var r = CheckName(inputs.BaseToken, "the base token");
        if (!r.Accepted) return r;
        if (inputs.LockedAtBlock < 0)
            return TxResult.Reject(CapitalErrors.InvalidValue, $"lockedAtBlock is {inputs.LockedAtBlock}; a block height is 0 or more");
        var shock = inputs.EffectiveFxShock.Value;
        if (shock <= 0 || shock > Ppb.Scale)
            return TxResult.Reject(CapitalErrors.InvalidValue, $"fxShockPpb is {shock}; a shock lies in (0, 1000000000] ppb");
        var modules = Safe(inputs.Modules);
        var currencies = Safe(inputs.Currencies);
        if (modules.Length is 0 or > MaxModules)
            return TxResult.Reject(CapitalErrors.InvalidShape, $"{modules.Length} product modules; the model takes 1 to {MaxModules}");
        if (currencies.Length > MaxCurrencies)
            return TxResult.Reject(CapitalErrors.InvalidShape, $"{currencies.Length} currencies; the model takes at most {MaxCurrencies}");

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in currencies)
        {
            r = CheckName(c.Currency, "a currency");
            if (!r.Accepted) return r;
            if (c.Currency == inputs.BaseToken)
                return TxResult.Reject(CapitalErrors.UnknownCurrency, $"currency '{c.Currency}' is the base token; the base takes no currency shock: leave it out of currencies");
            if (!known.Add(c.Currency))
                return TxResult.Reject(CapitalErrors.DuplicateName, $"currency '{c.Currency}' is listed twice");
            if (!c.RateToBase.IsPositive)
                return TxResult.Reject(CapitalErrors.InvalidValue, $"currency '{c.Currency}': rateToBase is {c.RateToBase}; a rate is more than zero");
        }

        var moduleNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            r = CheckName(m.Name, "a module");
            if (!r.Accepted) return r;
            if (!moduleNames.Add(m.Name))
                return TxResult.Reject(CapitalErrors.DuplicateName, $"module '{m.Name}' is listed twice");
            if (m.Currency != inputs.BaseToken && !known.Contains(m.Currency))
                return TxResult.Reject(CapitalErrors.UnknownCurrency,
                    $"module '{m.Name}' is in '{m.Currency}', which is neither the base token '{inputs.BaseToken}' nor listed in currencies (with the value held and its rate)");
            var cells = Safe(m.Cells);
            if (cells.Length is 0 or > MaxCellsPerModule)
                return TxResult.Reject(CapitalErrors.InvalidShape, $"module '{m.Name}' has {cells.Length} cells; a module has 1 to {MaxCellsPerModule}");
            var cellNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in cells)
            {
                r = CheckName(c.Name, $"a cell of module '{m.Name}'");
                if (!r.Accepted) return r;
                if (!cellNames.Add(c.Name))
                    return TxResult.Reject(CapitalErrors.DuplicateName, $"module '{m.Name}': cell '{c.Name}' is listed twice");
                if (c.WeightPpb.Value < 0 || c.WeightPpb.Value > Ppb.Scale)
                    return TxResult.Reject(CapitalErrors.InvalidValue,
                        $"module '{m.Name}', cell '{c.Name}': weightPpb is {c.WeightPpb.Value}; a probability weight lies in [0, 1000000000] ppb");
            }
        }
        foreach (var m in modules)
        {
            r = CorrelationMatrix.Validate(m.Correlation, [.. m.Cells.Select(c => c.Name)], $"module '{m.Name}'", "cell", tolerance);
            if (!r.Accepted) return r;
        }
        return CorrelationMatrix.Validate(inputs.ModuleCorrelation, [.. modules.Select(m => m.Name), FxLabel], "moduleCorrelation", "module", tolerance);
    }

    private static ImmutableArray<T> Safe<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static TxResult CheckName(string? name, string what) =>
        name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name)
            ? TxResult.Ok
            : TxResult.Reject(CapitalErrors.InvalidName,
                $"{what} is named '{name}'; a name is 1 to {MaxNameLength} letters, digits or _ . : - and starts with a letter or digit");
}
