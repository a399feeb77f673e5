using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

/// <summary>
/// A module's immutable parameter record with the specs that govern it. A change produces a new set, after the
/// value is checked against its range and the whole record against <see cref="_validate"/> (cross-field rules).
/// </summary>
public sealed class ParameterSet<TParams> : IParameterSet where TParams : class
{
    private readonly IReadOnlyList<ParameterSpec<TParams>> _specs;
    private readonly Func<TParams, string?> _validate;
    private readonly IReadOnlyDictionary<string, TParams> _presets;

    /// <param name="presets">Named complete parameter records (e.g. <c>mainnet</c>, <c>readme</c>) genesis may choose.</param>
    public ParameterSet(string module, TParams values, IReadOnlyList<ParameterSpec<TParams>> specs, Func<TParams, string?>? validate = null,
        IReadOnlyDictionary<string, TParams>? presets = null)
    {
        Module = module;
        _specs = specs;
        _validate = validate ?? (_ => null);
        _presets = presets ?? new Dictionary<string, TParams>();
        foreach (var spec in specs)
        {
            var v = spec.Get(values);
            if (v < spec.Min || v > spec.Max)
                throw new ArgumentOutOfRangeException(nameof(values), $"{module}.{spec.Name} = {v} outside [{spec.Min}, {spec.Max}]");
        }
        var problem = _validate(values);
        if (problem is not null) throw new ArgumentException($"{module} parameters: {problem}", nameof(values));
        Values = values;
    }

    private ParameterSet(ParameterSet<TParams> from, TParams values)
    {
        Module = from.Module;
        _specs = from._specs;
        _validate = from._validate;
        _presets = from._presets;
        Values = values;
    }

    /// <summary>
    /// The set a parameter record declares with <see cref="ParameterAttribute"/> and <see cref="PresetAttribute"/> on its
    /// properties: specs in declaration order, presets from the attributes over the defaults.
    /// </summary>
    /// <param name="defaultsPreset">A name under which the defaults themselves are a preset (e.g. <c>mainnet</c>), if any.</param>
    public static ParameterSet<TParams> Declared(string module, TParams? values = null, Func<TParams, string?>? validate = null, string? defaultsPreset = null)
    {
        var (specs, presets, defaults) = ParameterDeclarations.Read<TParams>();
        if (defaultsPreset is not null) presets = new SortedDictionary<string, TParams>(presets.ToDictionary(), StringComparer.Ordinal) { [defaultsPreset] = defaults };
        return new ParameterSet<TParams>(module, values ?? defaults, specs, validate, presets);
    }

    public string Module { get; }
    public TParams Values { get; }

    /// <summary>This set holding <paramref name="values"/> as they are (a state file's, already validated when set).</summary>
    internal ParameterSet<TParams> WithValues(TParams values) => new(this, values);

    public Type ValuesType => typeof(TParams);
    public object ValuesObject => Values;

    public IReadOnlyList<ParameterView> View() =>
        _specs.Select(s => new ParameterView(s.Name, s.Unit, s.Format(s.Get(Values)), s.Format(s.Min), s.Format(s.Max))).ToList();

    public TxResult TryWith(string name, string value, out IParameterSet updated)
    {
        updated = this;
        var spec = _specs.FirstOrDefault(s => s.Name == name);
        if (spec is null)
            return TxResult.Reject(GovernanceErrors.UnknownParameter,
                $"{Module} has no parameter '{name}'; it has {string.Join(", ", _specs.Select(s => s.Name))}");
        if (spec.Names is not null && spec.Names.FirstOrDefault(kv => string.Equals(kv.Value, value, StringComparison.OrdinalIgnoreCase)) is { Value: not null } named)
            value = named.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!Fixed.TryParse(value, out var parsed) || (spec.IsInteger && parsed.Raw % Fixed.ScaleRaw != 0))
            return TxResult.Reject(GovernanceErrors.InvalidParameterValue,
                $"{Module}.{name} takes {(spec.Names is not null ? "one of " + string.Join(", ", spec.Names.Values) : spec.IsInteger ? "an integer" : "a decimal")} ({spec.Unit}); got '{value}'");
        if (parsed < spec.Min || parsed > spec.Max)
            return TxResult.Reject(GovernanceErrors.ParameterOutOfRange,
                $"{Module}.{name} must be in [{spec.Min}, {spec.Max}] {spec.Unit}; got {parsed}");
        var candidate = spec.With(Values, parsed);
        var problem = _validate(candidate);
        if (problem is not null)
            return TxResult.Reject(GovernanceErrors.InconsistentParameters, $"{Module}.{name} = {parsed} rejected: {problem}");
        updated = new ParameterSet<TParams>(this, candidate);
        return TxResult.Ok;
    }

    public IReadOnlyCollection<string> Presets => _presets.Keys.Order(StringComparer.Ordinal).ToList();

    public TxResult TryPreset(string name, out IParameterSet updated)
    {
        updated = this;
        if (!_presets.TryGetValue(name ?? "", out var values))
            return TxResult.Reject(GovernanceErrors.UnknownPreset,
                $"{Module} has no preset '{name}'; it has {(_presets.Count == 0 ? "none" : string.Join(", ", Presets))}");
        var problem = _validate(values);
        if (problem is not null) throw new InvalidOperationException($"{Module} preset '{name}' is invalid: {problem}");
        updated = new ParameterSet<TParams>(this, values);
        return TxResult.Ok;
    }

    public void WriteHash(StateHasher hasher)
    {
        // A set never changes (a change makes a new set), so its values are read once: the getters convert each field to
        // Fixed, and doing that for every parameter of every module at every block's hash was two thirds of what the
        // state hash allocated.
        var values = _hashValues ??= [.. _specs.Select(spec => spec.Get(Values))];
        hasher.Write(Module);
        for (int i = 0; i < _specs.Count; i++)
        {
            hasher.Write(_specs[i].Name);
            hasher.Write(values[i]);
        }
    }

    private Fixed[]? _hashValues;
}
