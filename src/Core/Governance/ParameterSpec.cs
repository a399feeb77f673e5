using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

/// <summary>
/// One governed parameter of a module's parameter record: its name (with its unit, e.g. <c>CooldownBlocks</c>),
/// its inclusive range and how to read and replace it. Integer parameters refuse fractional values.
/// </summary>
public sealed record ParameterSpec<TParams>(
    string Name,
    string Unit,
    bool IsInteger,
    Fixed Min,
    Fixed Max,
    Func<TParams, Fixed> Get,
    Func<TParams, Fixed, TParams> With) where TParams : class
{
    /// <summary>For an enum parameter: its names (camelCase) by value; governance may write either.</summary>
    public IReadOnlyDictionary<long, string>? Names { get; init; }

    /// <summary>The value as governance and views write it: an enum's name, otherwise the number.</summary>
    public string Format(Fixed value) =>
        Names is not null && value.Raw % Fixed.ScaleRaw == 0 && Names.TryGetValue((long)(value.Raw / Fixed.ScaleRaw), out var name) ? name : value.ToString();

    public static ParameterSpec<TParams> Integer(string name, string unit, long min, long max,
        Func<TParams, long> get, Func<TParams, long, TParams> with) =>
        new(name, unit, true, Fixed.FromInt(min), Fixed.FromInt(max),
            p => Fixed.FromInt(get(p)), (p, v) => with(p, (long)(v.Raw / Fixed.ScaleRaw)));

    public static ParameterSpec<TParams> Decimal(string name, string unit, Fixed min, Fixed max,
        Func<TParams, Fixed> get, Func<TParams, Fixed, TParams> with) =>
        new(name, unit, false, min, max, get, with);
}
