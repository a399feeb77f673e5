using System.Collections.Concurrent;
using System.Reflection;
using Ballast.Core.Numerics;

namespace Ballast.Core.Governance;

/// <summary>Reads a parameter record's declarations (<see cref="ParameterAttribute"/>, <see cref="PresetAttribute"/>) into specs and presets, once per type.</summary>
internal static class ParameterDeclarations
{
    private static readonly ConcurrentDictionary<Type, object> s_cache = new();

    public static (IReadOnlyList<ParameterSpec<TParams>> Specs, IReadOnlyDictionary<string, TParams> Presets, TParams Defaults) Read<TParams>() where TParams : class =>
        ((IReadOnlyList<ParameterSpec<TParams>>, IReadOnlyDictionary<string, TParams>, TParams))s_cache.GetOrAdd(typeof(TParams), _ => Build<TParams>());

    private static (IReadOnlyList<ParameterSpec<TParams>>, IReadOnlyDictionary<string, TParams>, TParams) Build<TParams>() where TParams : class
    {
        var type = typeof(TParams);
        var defaults = (TParams)(Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor: its initial values are the defaults"));
        var clone = type.GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{type.Name} must be a record (parameter changes copy it)");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(ParameterAttribute)) || p.IsDefined(typeof(ParameterTableAttribute)))
            .OrderBy(p => p.MetadataToken)
            .ToList();
        var specs = new List<ParameterSpec<TParams>>();
        var presetCells = new List<(string Preset, string Spec, string Value)>();
        foreach (var p in properties)
        {
            if (p.IsDefined(typeof(ParameterAttribute)))
            {
                specs.Add(Spec<TParams>(p, clone));
                presetCells.AddRange(p.GetCustomAttributes<PresetAttribute>().Select(a => (a.Preset, p.Name + (a.Path ?? ""), a.Value)));
                continue;
            }
            specs.AddRange(TableSpecs<TParams>(p, clone, defaults));
            presetCells.AddRange(p.GetCustomAttributes<PresetAttribute>().Select(a => (a.Preset, p.Name + (a.Path ?? ""), a.Value)));
        }
        var presets = new SortedDictionary<string, TParams>(StringComparer.Ordinal);
        foreach (var group in presetCells.GroupBy(c => c.Preset))
        {
            var values = defaults;
            foreach (var (preset, specName, value) in group)
            {
                var spec = specs.FirstOrDefault(s => s.Name == specName)
                    ?? throw new InvalidOperationException($"{type.Name}: preset '{preset}' names '{specName}', which is not a parameter");
                values = spec.With(values, ParseDeclared(spec, value, $"{type.Name}.{specName} preset '{preset}'"));
            }
            presets.Add(group.Key, values);
        }
        return (specs, presets, defaults);
    }

    private static Fixed ParseDeclared<TParams>(ParameterSpec<TParams> spec, string text, string where) where TParams : class
    {
        if (spec.Names?.FirstOrDefault(kv => string.Equals(kv.Value, text, StringComparison.OrdinalIgnoreCase)) is { Value: not null } named)
            return Fixed.FromInt(named.Key);
        return Fixed.TryParse(text.Replace("_", "", StringComparison.Ordinal), out var v) ? v : throw new InvalidOperationException($"{where}: '{text}' is not a number");
    }

    /// <summary>One spec per cell of a table property: <c>Tiers[2].MaxLeverage</c>.</summary>
    private static IEnumerable<ParameterSpec<TParams>> TableSpecs<TParams>(PropertyInfo table, MethodInfo clone, TParams defaults) where TParams : class
    {
        var t = table.PropertyType;
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(System.Collections.Immutable.ImmutableArray<>))
            throw new InvalidOperationException($"{typeof(TParams).Name}.{table.Name}: a parameter table is an ImmutableArray of a row record");
        var rowType = t.GetGenericArguments()[0];
        var rowClone = rowType.GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{rowType.Name} must be a record");
        var rows = ((System.Collections.IEnumerable)table.GetValue(defaults)!).Cast<object>().Count();
        var toArray = typeof(System.Collections.Immutable.ImmutableArray).GetMethods()
            .First(m => m.Name == nameof(System.Collections.Immutable.ImmutableArray.CreateRange) && m.GetParameters().Length == 1).MakeGenericMethod(rowType);
        var cast = typeof(Enumerable).GetMethod(nameof(Enumerable.Cast))!.MakeGenericMethod(rowType);
        foreach (var column in rowType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.IsDefined(typeof(ParameterAttribute))).OrderBy(p => p.MetadataToken))
        {
            for (int i = 0; i < rows; i++)
            {
                int row = i;
                var cell = Spec<object>(column, rowClone, $"{table.Name}[{row}].{column.Name}");
                yield return new ParameterSpec<TParams>(cell.Name, cell.Unit, cell.IsInteger, cell.Min, cell.Max,
                    values => cell.Get(((System.Collections.IEnumerable)table.GetValue(values)!).Cast<object>().ElementAt(row)),
                    (values, v) =>
                    {
                        var list = ((System.Collections.IEnumerable)table.GetValue(values)!).Cast<object>().ToList();
                        list[row] = cell.With(list[row], v);
                        var copy = clone.Invoke(values, null)!;
                        table.SetValue(copy, toArray.Invoke(null, [cast.Invoke(null, [list])]));
                        return (TParams)copy;
                    }) { Names = cell.Names };
            }
        }
    }

    private static ParameterSpec<TParams> Spec<TParams>(PropertyInfo p, MethodInfo clone, string? name = null) where TParams : class
    {
        var declared = p.GetCustomAttribute<ParameterAttribute>()!;
        var t = p.PropertyType;
        Func<object, Fixed> toFixed;
        Func<Fixed, object> fromFixed;
        bool integer = true;
        IReadOnlyDictionary<long, string>? names = null;
        static long Whole(Fixed v) => (long)(v.Raw / Fixed.ScaleRaw);
        if (t == typeof(long)) { toFixed = v => Fixed.FromInt((long)v); fromFixed = v => Whole(v); }
        else if (t == typeof(int)) { toFixed = v => Fixed.FromInt((int)v); fromFixed = v => checked((int)Whole(v)); }
        else if (t == typeof(Ppb)) { toFixed = v => Fixed.FromInt(((Ppb)v).Value); fromFixed = v => new Ppb(Whole(v)); }
        else if (t == typeof(Bps)) { toFixed = v => Fixed.FromInt(((Bps)v).Value); fromFixed = v => new Bps(Whole(v)); }
        else if (t == typeof(Fixed)) { integer = false; toFixed = v => (Fixed)v; fromFixed = v => v; }
        else if (t.IsEnum)
        {
            names = Enum.GetValues(t).Cast<object>().ToDictionary(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
                v => { var n = v.ToString()!; return char.ToLowerInvariant(n[0]) + n[1..]; });
            toFixed = v => Fixed.FromInt(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
            fromFixed = v => Enum.ToObject(t, Whole(v));
        }
        else throw new InvalidOperationException($"{p.DeclaringType?.Name}.{p.Name}: a parameter is a long, int, Fixed, Ppb, Bps or enum, not {t.Name}");

        var spec = new ParameterSpec<TParams>(
            name ?? p.Name, declared.Unit, integer,
            Fixed.Parse(declared.Min.Replace("_", "", StringComparison.Ordinal)), Fixed.Parse(declared.Max.Replace("_", "", StringComparison.Ordinal)),
            values => toFixed(p.GetValue(values)!),
            (values, v) =>
            {
                var copy = clone.Invoke(values, null)!;
                p.SetValue(copy, fromFixed(v));
                return (TParams)copy;
            }) { Names = names };
        return spec;
    }
}
