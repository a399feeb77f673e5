using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Ballast.Core.Serialization;

/// <summary>
/// A record as JSON sees it: the parameters of its public constructor, named in camelCase (<c>AmountIn</c> is
/// <c>amountIn</c>), each with its <see cref="FieldFormat"/>; a parameter with a default may be omitted. Built
/// once per type by reflection and cached: reading a transaction is then a lookup per field and one constructor
/// call.
/// </summary>
internal sealed class RecordShape
{
    private static readonly ConcurrentDictionary<Type, RecordShape> Cache = new();

    private readonly ConstructorInfo _constructor;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>The record types whose shapes this thread is building (a record may contain itself).</summary>
    [ThreadStatic]
    private static HashSet<Type>? _building;

    private RecordShape(Type type)
    {
        // A record's primary constructor is its public one with the most parameters (its copy constructor is not public).
        _constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new NotSupportedException($"{type} has no public constructor to read it from JSON");
        var nullability = new NullabilityInfoContext();
        var fields = new List<RecordField>();
        (_building ??= []).Add(type);
        try
        {
            foreach (var parameter in _constructor.GetParameters())
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
                var property = type.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance)
                    ?? throw new NotSupportedException($"{type}: constructor parameter {parameter.Name} has no public property of the same name to write it from");
                var format = FieldFormat.For(parameter.ParameterType, nullability.Create(parameter));
                _index.Add(name, fields.Count);
                fields.Add(new RecordField(name, format, parameter.HasDefaultValue, DefaultOf(parameter), property));
            }
        }
        finally
        {
            _building.Remove(type);
        }
        Fields = fields;
    }

    public static RecordShape For(Type type) => Cache.GetOrAdd(type, t => new RecordShape(t));

    /// <summary>
    /// Builds a nested record's shape now, so that a field type without a JSON form shows when the outer record's
    /// shape is built, not when some input first reaches it; unless it is being built already (a record that
    /// contains itself), which would not end.
    /// </summary>
    public static void Prepare(Type type)
    {
        if (_building?.Contains(type) != true) For(type);
    }

    public IReadOnlyList<RecordField> Fields { get; }

    /// <summary>
    /// Builds the record from an object's properties. Names in <paramref name="handled"/> belong to the caller
    /// (<c>type</c>, <c>sender</c>, <c>nonce</c>) and are skipped; any other name must be a field, and every field
    /// without a default must be present. <paramref name="subject"/> names the record in errors (<c>ledger.transfer</c>).
    /// </summary>
    public object Build(SourceValue value, FieldPath path, TransactionReader reader, string subject, IReadOnlyCollection<string> handled)
    {
        var arguments = new object?[Fields.Count];
        var given = new bool[Fields.Count];
        foreach (var property in value.Properties)
        {
            if (handled.Contains(property.Name)) continue;
            if (!_index.TryGetValue(property.Name, out int i))
                throw new TransactionFormatException(property.Line, path.Field(property.Name).ToString(),
                    Fields.Count == 0 ? $"unknown field: {subject} takes no fields" : $"unknown field: {subject} takes {FieldList}");
            arguments[i] = Fields[i].Format.Read(property.Value, path.Field(property.Name), reader);
            given[i] = true;
        }
        for (int i = 0; i < Fields.Count; i++)
        {
            if (given[i]) continue;
            if (!Fields[i].Optional)
                throw new TransactionFormatException(value.Line, path.Field(Fields[i].Name).ToString(), $"missing: {subject} needs {Fields[i].Format.Expected}");
            arguments[i] = Fields[i].Default;
        }
        try
        {
            return _constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e)
        {
            // A record that validates its own arguments refused them: say so, in its words, at the object.
            throw new TransactionFormatException(value.Line, path.ToString(), $"{subject} refuses these fields: {e.InnerException?.Message}");
        }
    }

    /// <summary>Writes each field as <c>"name": value</c> into the object the caller has opened.</summary>
    public void WriteFields(Utf8JsonWriter writer, object record, TransactionWriter transactions)
    {
        foreach (var field in Fields)
        {
            writer.WritePropertyName(field.Name);
            field.Format.Write(writer, field.Property.GetValue(record), transactions);
        }
    }

    /// <summary>The fields as a sentence lists them, optional ones marked: <c>netuid, direction, amountIn, minAmountOut</c>.</summary>
    public string FieldList => string.Join(", ", Fields.Select(f => f.Optional ? f.Name + " (optional)" : f.Name));

    /// <summary>A parameter's default as the constructor would take it (an enum's, not its underlying integer).</summary>
    private static object? DefaultOf(ParameterInfo parameter)
    {
        if (!parameter.HasDefaultValue) return null;
        var type = parameter.ParameterType;
        var value = parameter.DefaultValue;
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null) return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        return plain.IsEnum && value.GetType() != plain ? Enum.ToObject(plain, value) : value;
    }
}

/// <summary>One field of a record: its JSON name, format, whether it may be omitted (and then its default), and the property that writes it.</summary>
internal sealed record RecordField(string Name, FieldFormat Format, bool Optional, object? Default, PropertyInfo Property);
