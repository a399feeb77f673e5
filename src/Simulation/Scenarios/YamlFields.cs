using System.Globalization;
using Ballast.Core.Numerics;
using YamlDotNet.RepresentationModel;

namespace Ballast.Simulation.Scenarios;

/// <summary>
/// Reads one YAML mapping of a scenario strictly: every key must be read (an unknown or misspelt key is an error
/// naming its line), every value must have the expected kind and range, and each error names the field's path.
/// </summary>
internal sealed class YamlFields
{
    private readonly string _file;
    private readonly string _path;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlFields(string file, string path, YamlNode node)
    {
        _file = file;
        _path = path;
        Node = node as YamlMappingNode ?? throw Error(node, $"{Describe(path)}expected a mapping (key: value lines)");
        foreach (var (key, value) in Node.Children)
        {
            if (key is not YamlScalarNode scalar || scalar.Value is null) throw Error(key, "a key must be a plain name");
            if (!_entries.TryAdd(scalar.Value, (scalar, value)))
                throw Error(key, $"{Field(scalar.Value)}: written twice in one mapping (first on line {_entries[scalar.Value].Key.Start.Line})");
        }
    }

    public YamlMappingNode Node { get; }
    public string File => _file;

    public int Line => (int)Node.Start.Line;

    public static string Describe(string path) => path.Length == 0 ? "" : path + ": ";

    public string Field(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    public ScenarioException Error(YamlNode node, string problem) => new(_file, (int)node.Start.Line, problem);

    public bool Has(string name) => _entries.ContainsKey(name);

    public YamlNode? Optional(string name)
    {
        if (!_entries.TryGetValue(name, out var entry)) return null;
        _read.Add(name);
        return entry.Value;
    }

    public YamlNode Required(string name, string what) =>
        Optional(name) ?? throw new ScenarioException(_file, Line, $"{Field(name)}: missing: {what}");

    /// <summary>Call after reading: any key left unread is unknown.</summary>
    public void RefuseUnknown(params string[] known)
    {
        foreach (var (name, entry) in _entries)
            if (!_read.Contains(name))
                throw Error(entry.Key, $"{Field(name)}: unknown field; expected one of {string.Join(", ", known.Length > 0 ? known : _read.ToArray())}");
    }

    public string Scalar(YamlNode node, string field, string what)
    {
        if (node is YamlScalarNode { Value: { } text }) return text;
        throw Error(node, $"{field}: expected {what}; got {(node is YamlSequenceNode ? "a list" : "a mapping")}");
    }

    public string String(string name, string what) => Scalar(Required(name, what), Field(name), what);

    public string? OptionalString(string name, string what) => Optional(name) is { } n ? Scalar(n, Field(name), what) : null;

    public long Long(string name, long min, long max, long? fallback = null)
    {
        var node = fallback is null ? Required(name, $"an integer from {min} to {max}") : Optional(name);
        if (node is null) return fallback!.Value;
        var text = Scalar(node, Field(name), $"an integer from {min} to {max}").Replace("_", "");
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Error(node, $"{Field(name)}: expected an integer from {min} to {max}; got '{Echo(text)}'");
        return value;
    }

    public ulong ULong(string name, ulong fallback)
    {
        var node = Optional(name);
        if (node is null) return fallback;
        var text = Scalar(node, Field(name), "a whole number").Replace("_", "");
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Error(node, $"{Field(name)}: expected a whole number (0 to 2^64−1); got '{Echo(text)}'");
        return value;
    }

    public double Double(string name, double min, double max, double? fallback = null)
    {
        var node = fallback is null ? Required(name, $"a number from {min} to {max}") : Optional(name);
        if (node is null) return fallback!.Value;
        return DoubleOf(node, Field(name), min, max);
    }

    public double DoubleOf(YamlNode node, string field, double min, double max)
    {
        var text = Scalar(node, field, $"a number from {min} to {max}").Replace("_", "");
        bool percent = text.EndsWith('%');
        if (percent) text = text[..^1];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
            throw Error(node, $"{field}: expected a number{(percent ? " before %" : "")}; got '{Echo(text)}'");
        if (percent) value /= 100;
        if (value < min || value > max) throw Error(node, $"{field}: expected a number from {min} to {max}; got {value.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    public bool Bool(string name, bool fallback)
    {
        var node = Optional(name);
        if (node is null) return fallback;
        return Scalar(node, Field(name), "true or false") switch
        {
            "true" => true,
            "false" => false,
            var other => throw Error(node, $"{Field(name)}: expected true or false; got '{Echo(other)}'"),
        };
    }

    /// <summary>A TAO amount: whole or fractional tokens with at most 9 decimals, optionally followed by <c>TAO</c> (<c>100 TAO</c>, <c>0.5</c>).</summary>
    public Amount Tao(string name, Amount? fallback = null)
    {
        var node = fallback is null ? Required(name, "an amount of TAO such as \"100 TAO\"") : Optional(name);
        if (node is null) return fallback!.Value;
        return TaoOf(node, Field(name));
    }

    public Amount TaoOf(YamlNode node, string field)
    {
        var text = Scalar(node, field, "an amount of TAO such as \"100 TAO\"").Replace("_", "").Trim();
        if (text.EndsWith(" TAO", StringComparison.Ordinal)) text = text[..^4].TrimEnd();
        if (!Fixed.TryParse(text, out var tokens) || tokens.Raw < 0 || tokens.Raw % 1_000_000_000 != 0)
            throw Error(node, $"{field}: expected an amount of TAO (at most 9 decimals, not negative) such as \"100 TAO\"; got '{Echo(text)}'");
        return new Amount((UInt128)(tokens.Raw / 1_000_000_000));
    }

    public YamlSequenceNode List(string name, string what)
    {
        var node = Required(name, what);
        return node as YamlSequenceNode ?? throw Error(node, $"{Field(name)}: expected a list of {what}");
    }

    public YamlSequenceNode? OptionalList(string name, string what)
    {
        var node = Optional(name);
        if (node is null) return null;
        return node as YamlSequenceNode ?? throw Error(node, $"{Field(name)}: expected a list of {what}");
    }

    public T Enum<T>(string name, IReadOnlyDictionary<string, T> values, T? fallback = default, bool required = true)
    {
        var node = required ? Required(name, $"one of {string.Join(", ", values.Keys)}") : Optional(name);
        if (node is null) return fallback!;
        var text = Scalar(node, Field(name), $"one of {string.Join(", ", values.Keys)}");
        return values.TryGetValue(text, out var value) ? value : throw Error(node, $"{Field(name)}: expected one of {string.Join(", ", values.Keys)}; got '{Echo(text)}'");
    }

    public static string Echo(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
