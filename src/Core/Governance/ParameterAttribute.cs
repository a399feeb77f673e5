namespace Ballast.Core.Governance;

/// <summary>
/// Declares a governed parameter on a property of a module's parameter record: its unit, its inclusive range
/// (decimal strings, exact) and, with <see cref="PresetAttribute"/>, its value in each named preset. The property's
/// initial value is the default. <see cref="ParameterSet{TParams}.Declared"/> builds the governed set from these
/// declarations alone. Supported property types: <c>long</c>, <c>int</c>, <c>Fixed</c>, <c>Ppb</c>, <c>Bps</c>, enums.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ParameterAttribute(string unit, string min, string max) : Attribute
{
    public string Unit { get; } = unit;
    public string Min { get; } = min;
    public string Max { get; } = max;
}

/// <summary>
/// The parameter's value in the named preset (where a preset does not name it, the default holds). On a
/// <see cref="ParameterTableAttribute"/> property, <see cref="Path"/> names the cell: <c>[2].MaxLeverage</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class PresetAttribute : Attribute
{
    public PresetAttribute(string preset, string value) => (Preset, Value) = (preset, value);
    public PresetAttribute(string preset, string path, string value) => (Preset, Path, Value) = (preset, path, value);

    public string Preset { get; }
    public string? Path { get; }
    public string Value { get; }
}

/// <summary>
/// A table of parameters (tiers, say): an <c>ImmutableArray</c> of a row record whose properties carry
/// <see cref="ParameterAttribute"/>. Each cell is governed as its own parameter, named <c>Tiers[2].MaxLeverage</c>; the
/// number of rows is fixed by the default.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ParameterTableAttribute : Attribute;
