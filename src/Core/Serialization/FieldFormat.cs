using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>
/// How a value of one field type is written in JSON: what an error says is expected (in the script's words, never
/// a .NET type name), how it is read from a <see cref="SourceValue"/> and how it is written back. One instance per
/// field type, built by <see cref="For"/> when a record's shape is first needed.
/// </summary>
internal abstract class FieldFormat
{
    /// <summary>What a value must be: <c>an amount: whole units as an integer or string, or "1.5 TAO"</c>.</summary>
    public abstract string Expected { get; }

    /// <summary>The plural noun for containers: "a list of <c>amounts</c>".</summary>
    public abstract string Plural { get; }

    public abstract object? Read(SourceValue value, FieldPath path, TransactionReader reader);

    public abstract void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions);

    /// <summary>"expected …; got …": the value is of the wrong kind or out of range.</summary>
    protected TransactionFormatException Mismatch(SourceValue value, FieldPath path) =>
        new(value.Line, path.ToString(), $"expected {Expected}; got {value.Describe()}");

    /// <summary>
    /// The format of <paramref name="type"/>; <paramref name="nullability"/> (from the record's annotations) says
    /// whether null is allowed. A type the transaction format has no JSON form for is a programming error in the
    /// module that declared it, reported when the engine first reads or writes that transaction.
    /// </summary>
    public static FieldFormat For(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return new NullableFormat(For(underlying, null));
        if (!type.IsValueType && nullability?.ReadState == NullabilityState.Nullable)
            return new NullableFormat(NonNull(type, nullability));
        return NonNull(type, nullability);
    }

    private static FieldFormat NonNull(Type type, NullabilityInfo? nullability)
    {
        if (type == typeof(string)) return StringFormat.Instance;
        if (type == typeof(bool)) return BoolFormat.Instance;
        if (type == typeof(Amount)) return AmountFormat.Instance;
        if (type == typeof(Fixed)) return DecimalFormat.Instance;
        if (type == typeof(UInt128)) return UInt128Format.Instance;
        if (type == typeof(Int128)) return Int128Format.Instance;
        if (type == typeof(Ppb)) return new RateFormat("a rate in parts per billion: an integer (1000000000 = 100%)", v => new Ppb(v), v => ((Ppb)v).Value);
        if (type == typeof(Bps)) return new RateFormat("a rate in basis points: an integer (10000 = 100%)", v => new Bps(v), v => ((Bps)v).Value);
        if (type == typeof(ITransaction)) return PayloadFormat.Instance;
        if (type.IsEnum) return new EnumFormat(type);
        if (IntegerFormat.TryCreate(type) is { } integer) return integer;
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            var element = type.GetElementType()!;
            return new ListFormat(For(element, nullability?.ElementType), Builder(nameof(ToArray), element));
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            var argumentNullability = nullability?.GenericTypeArguments;
            if (definition == typeof(ImmutableArray<>))
                return new ListFormat(For(arguments[0], argumentNullability?[0]), Builder(nameof(ToImmutableArray), arguments[0]));
            if (arguments.Length == 1 && type.IsAssignableFrom(typeof(List<>).MakeGenericType(arguments)))
                return new ListFormat(For(arguments[0], argumentNullability?[0]), Builder(nameof(ToList), arguments[0]));
            if (arguments.Length == 2 && arguments[0] == typeof(string) && type.IsAssignableFrom(typeof(Dictionary<,>).MakeGenericType(arguments)))
                return new DictionaryFormat(For(arguments[1], argumentNullability?[1]), Builder(nameof(ToDictionary), arguments[1]),
                    typeof(DictionaryFormat).GetMethod(nameof(DictionaryFormat.Entries), BindingFlags.Public | BindingFlags.Static)!
                        .MakeGenericMethod(arguments[1]).CreateDelegate<Func<object, IEnumerable<(string, object?)>>>());
        }
        if (type.IsClass && !type.IsAbstract && type != typeof(object)) return new RecordFormat(type);
        throw new NotSupportedException($"the transaction format has no JSON form for fields of type {type}");
    }

    // Typed containers from the items read, one generic method per container kind (made concrete once per field).

    private static Func<IReadOnlyList<object?>, object> Builder(string method, Type element) =>
        typeof(FieldFormat).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(element).CreateDelegate<Func<IReadOnlyList<object?>, object>>();

    private static object ToList<T>(IReadOnlyList<object?> items) => items.Select(i => (T)i!).ToList();
    private static object ToArray<T>(IReadOnlyList<object?> items) => items.Select(i => (T)i!).ToArray();
    private static object ToImmutableArray<T>(IReadOnlyList<object?> items) => items.Select(i => (T)i!).ToImmutableArray();

    /// <summary>Entries arrive as alternating key, value (keys are unique: the reader refuses duplicates); order is kept.</summary>
    private static object ToDictionary<T>(IReadOnlyList<object?> entries)
    {
        var dictionary = new Dictionary<string, T>(entries.Count / 2, StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i += 2) dictionary.Add((string)entries[i]!, (T)entries[i + 1]!);
        return dictionary;
    }
}

internal sealed class NullableFormat(FieldFormat inner) : FieldFormat
{
    public override string Expected => $"{inner.Expected}, or null";
    public override string Plural => inner.Plural;

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind == SourceKind.Null ? null : inner.Read(value, path, reader);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions)
    {
        if (value is null) writer.WriteNullValue();
        else inner.Write(writer, value, transactions);
    }
}

internal sealed class StringFormat : FieldFormat
{
    public static readonly StringFormat Instance = new();
    public override string Expected => "a string";
    public override string Plural => "strings";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind == SourceKind.String ? value.Text : throw Mismatch(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) => writer.WriteStringValue((string)value!);
}

internal sealed class BoolFormat : FieldFormat
{
    public static readonly BoolFormat Instance = new();
    public override string Expected => "true or false";
    public override string Plural => "true/false values";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) => value.Kind switch
    {
        SourceKind.True => true,
        SourceKind.False => false,
        _ => throw Mismatch(value, path),
    };

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) => writer.WriteBooleanValue((bool)value!);
}

/// <summary>Machine integers: a JSON number with no fraction or exponent, within the type's range (strings are refused).</summary>
internal sealed class IntegerFormat(Int128 min, Int128 max, Func<Int128, object> box) : FieldFormat
{
    public override string Expected =>
        min == 0 ? string.Create(CultureInfo.InvariantCulture, $"a whole number from 0 to {max}")
            : string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
    public override string Plural => "integers";

    public static IntegerFormat? TryCreate(Type type) => type switch
    {
        _ when type == typeof(int) => new(int.MinValue, int.MaxValue, v => (int)v),
        _ when type == typeof(long) => new(long.MinValue, long.MaxValue, v => (long)v),
        _ when type == typeof(short) => new(short.MinValue, short.MaxValue, v => (short)v),
        _ when type == typeof(sbyte) => new(sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v),
        _ when type == typeof(uint) => new(uint.MinValue, uint.MaxValue, v => (uint)v),
        _ when type == typeof(ulong) => new(ulong.MinValue, ulong.MaxValue, v => (ulong)v),
        _ when type == typeof(ushort) => new(ushort.MinValue, ushort.MaxValue, v => (ushort)v),
        _ when type == typeof(byte) => new(byte.MinValue, byte.MaxValue, v => (byte)v),
        _ => null,
    };

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind == SourceKind.Number && NumberText.TryParseInteger(value.Text!, min, max, out var n) ? box(n) : throw Mismatch(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) =>
        writer.WriteRawValue(((IFormattable)value!).ToString(null, CultureInfo.InvariantCulture));
}

internal sealed class AmountFormat : FieldFormat
{
    public static readonly AmountFormat Instance = new();
    public override string Expected => NumberText.AmountExpected;
    public override string Plural => "amounts";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader)
    {
        if (value.Kind is not (SourceKind.Number or SourceKind.String)) throw Mismatch(value, path);
        return NumberText.TryParseAmount(value.Text!, out var amount, out var reason)
            ? amount
            : throw new TransactionFormatException(value.Line, path.ToString(), $"{value.Describe()} is not an amount: {reason}");
    }

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) => writer.WriteStringValue(((Amount)value!).ToString());
}

internal sealed class DecimalFormat : FieldFormat
{
    public static readonly DecimalFormat Instance = new();
    public override string Expected => NumberText.DecimalExpected;
    public override string Plural => "decimals";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader)
    {
        if (value.Kind is not (SourceKind.Number or SourceKind.String)) throw Mismatch(value, path);
        return NumberText.TryParseDecimal(value.Text!, out var number, out var reason)
            ? number
            : throw new TransactionFormatException(value.Line, path.ToString(), $"{value.Describe()} is not an exact decimal: {reason}");
    }

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) => writer.WriteStringValue(((Fixed)value!).ToString());
}

internal sealed class UInt128Format : FieldFormat
{
    public static readonly UInt128Format Instance = new();
    public override string Expected => "a whole number from 0 to 340282366920938463463374607431768211455 (a number or a string of digits)";
    public override string Plural => "whole numbers";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind is SourceKind.Number or SourceKind.String && NumberText.TryParseUInt128(value.Text!, out var n) ? n : throw Mismatch(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) =>
        writer.WriteStringValue(((UInt128)value!).ToString(CultureInfo.InvariantCulture));
}

internal sealed class Int128Format : FieldFormat
{
    public static readonly Int128Format Instance = new();
    public override string Expected => "an integer from -2^127 to 2^127-1 (a number or a string of digits)";
    public override string Plural => "integers";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind is SourceKind.Number or SourceKind.String && NumberText.TryParseInteger(value.Text!, Int128.MinValue, Int128.MaxValue, out var n)
            ? n : throw Mismatch(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) =>
        writer.WriteStringValue(((Int128)value!).ToString(CultureInfo.InvariantCulture));
}

/// <summary>A rate type (<see cref="Ppb"/>, <see cref="Bps"/>): a JSON integer, as the parameter names with their unit read.</summary>
internal sealed class RateFormat(string expected, Func<long, object> create, Func<object, long> value) : FieldFormat
{
    public override string Expected => expected;
    public override string Plural => "rates";

    public override object? Read(SourceValue source, FieldPath path, TransactionReader reader) =>
        source.Kind == SourceKind.Number && NumberText.TryParseInteger(source.Text!, long.MinValue, long.MaxValue, out var n)
            ? create((long)n) : throw Mismatch(source, path);

    public override void Write(Utf8JsonWriter writer, object? rate, TransactionWriter transactions) => writer.WriteNumberValue(value(rate!));
}

/// <summary>An enum by its camelCase name (<c>taoToAlpha</c>); numbers and other spellings are refused.</summary>
internal sealed class EnumFormat : FieldFormat
{
    private readonly Dictionary<string, object> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<object, string> _byValue = [];

    public EnumFormat(Type type)
    {
        foreach (var name in Enum.GetNames(type))
        {
            var value = Enum.Parse(type, name);
            var written = JsonNamingPolicy.CamelCase.ConvertName(name);
            _byName.Add(written, value);
            _byValue.TryAdd(value, written);
        }
        Expected = $"one of {string.Join(", ", _byName.Keys)}";
    }

    public override string Expected { get; }
    public override string Plural => "names";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind == SourceKind.String && _byName.TryGetValue(value.Text!, out var result) ? result : throw Mismatch(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) =>
        writer.WriteStringValue(_byValue.TryGetValue(value!, out var name) ? name : throw new InvalidOperationException($"{value} is not a named value of its enum"));
}

internal sealed class ListFormat(FieldFormat element, Func<IReadOnlyList<object?>, object> build) : FieldFormat
{
    public override string Expected => $"a list of {element.Plural}";
    public override string Plural => $"lists of {element.Plural}";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader)
    {
        if (value.Kind != SourceKind.List) throw Mismatch(value, path);
        var items = new object?[value.Items.Count];
        for (int i = 0; i < items.Length; i++) items[i] = element.Read(value.Items[i], path.Item(i), reader);
        return build(items);
    }

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions)
    {
        writer.WriteStartArray();
        foreach (var item in (System.Collections.IEnumerable)value!) element.Write(writer, item, transactions);
        writer.WriteEndArray();
    }
}

/// <summary>An object whose names are keys (token symbols, account names) and whose values share one format.</summary>
internal sealed class DictionaryFormat(FieldFormat element, Func<IReadOnlyList<object?>, object> build, Func<object, IEnumerable<(string, object?)>> entries) : FieldFormat
{
    /// <summary>The entries of any dictionary with string keys, in its own order.</summary>
    public static IEnumerable<(string, object?)> Entries<T>(object dictionary) =>
        ((IEnumerable<KeyValuePair<string, T>>)dictionary).Select(e => (e.Key, (object?)e.Value));

    public override string Expected => $"an object mapping names to {element.Plural}";
    public override string Plural => $"objects mapping names to {element.Plural}";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader)
    {
        if (value.Kind != SourceKind.Object) throw Mismatch(value, path);
        var entries = new object?[value.Properties.Count * 2];
        for (int i = 0; i < value.Properties.Count; i++)
        {
            var property = value.Properties[i];
            entries[2 * i] = property.Name;
            entries[2 * i + 1] = element.Read(property.Value, path.Field(property.Name), reader);
        }
        return build(entries);
    }

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in entries(value!))
        {
            writer.WritePropertyName(key);
            element.Write(writer, item, transactions);
        }
        writer.WriteEndObject();
    }
}

/// <summary>A nested record that is not a transaction: an object with the record's fields.</summary>
internal sealed class RecordFormat : FieldFormat
{
    private readonly Type _type;

    public RecordFormat(Type type)
    {
        _type = type;
        RecordShape.Prepare(type);
    }

    // Looked up on use (a cached dictionary read): a record that contains itself has no shape yet when its format is made.
    private RecordShape Shape => RecordShape.For(_type);

    public override string Expected => $"an object with the fields {string.Join(", ", Shape.Fields.Select(f => f.Name))}";
    public override string Plural => "objects";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) =>
        value.Kind == SourceKind.Object ? Shape.Build(value, path, reader, "this object", handled: []) : throw Mismatch(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions)
    {
        writer.WriteStartObject();
        Shape.WriteFields(writer, value!, transactions);
        writer.WriteEndObject();
    }
}

/// <summary>A transaction nested in another (a governance action): a payload with its own "type" and no sender.</summary>
internal sealed class PayloadFormat : FieldFormat
{
    public static readonly PayloadFormat Instance = new();
    public override string Expected => TransactionReader.TransactionExpected;
    public override string Plural => "transactions";

    public override object? Read(SourceValue value, FieldPath path, TransactionReader reader) => reader.ReadNested(value, path);

    public override void Write(Utf8JsonWriter writer, object? value, TransactionWriter transactions) => transactions.WritePayload(writer, (ITransaction)value!);
}
