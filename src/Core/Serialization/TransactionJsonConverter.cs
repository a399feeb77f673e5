using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Core.Serialization;

/// <summary>
/// Reads a transaction written as <c>{"type": "subnets.swap", "sender": "alice", …fields}</c> into its record,
/// and writes it back in the same shape. Field names are camelCase; unknown and missing fields are errors that
/// name the line (counted in <see cref="_source"/>, the whole document being read). A missing <c>sender</c> is
/// allowed for actions nested in governance proposals, which act as the governing account.
/// </summary>
internal sealed class TransactionJsonConverter(TransactionCatalog catalog, ReadOnlyMemory<byte> source, int firstLine = 1) : JsonConverter<ITransaction>
{
    private readonly ReadOnlyMemory<byte> _source = source;

    /// <summary>The same converter for a reader that starts <paramref name="offset"/> bytes into the source.</summary>
    internal TransactionJsonConverter At(long offset) => new(catalog, _source[(int)offset..], LineAt(offset));

    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(ITransaction);

    public override ITransaction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int line = LineAt(reader.TokenStartIndex);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new TransactionFormatException(line, $"a transaction must be an object with a \"type\"; got {reader.TokenType}");
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new TransactionFormatException(line, "a transaction needs a \"type\" string, e.g. \"ledger.transfer\"");
        var typeName = typeElement.GetString()!;
        if (!catalog.TryGetType(typeName, out var type))
            throw new TransactionFormatException(line, $"unknown transaction type '{typeName}'; known types: {string.Join(", ", catalog.Names)}");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
            if (property.Name != "type") fields[property.Name] = property.Value;
        bool hasSenderParameter = type.GetConstructors().Any(c => c.GetParameters().Any(p => p.Name == "Sender"));
        if (hasSenderParameter && !fields.ContainsKey("sender"))
            fields["sender"] = JsonDocument.Parse("\"\"").RootElement;
        if (!hasSenderParameter && fields.ContainsKey("sender"))
            throw new TransactionFormatException(line, $"{typeName} is a genesis transaction and takes no \"sender\"");
        var json = JsonSerializer.SerializeToUtf8Bytes(fields, options);
        try
        {
            var inner = new JsonSerializerOptions(options);
            ReplaceSourceConverter(inner, json);
            return (ITransaction)(JsonSerializer.Deserialize(json, type, inner)
                ?? throw new TransactionFormatException(line, $"{typeName}: empty transaction"));
        }
        catch (TransactionFormatException e)
        {
            throw new TransactionFormatException(line, $"{typeName}: {e.Problem}");
        }
        catch (JsonException e)
        {
            throw new TransactionFormatException(line, $"{typeName}: {Clean(e.Message)}");
        }
    }

    private void ReplaceSourceConverter(JsonSerializerOptions inner, byte[] json)
    {
        for (int i = 0; i < inner.Converters.Count; i++)
            if (inner.Converters[i] is TransactionJsonConverter)
                inner.Converters[i] = new TransactionJsonConverter(catalog, json);
    }

    /// <summary>System.Text.Json appends "Path: … | LineNumber: …" of the re-serialised object, which would mislead.</summary>
    private static string Clean(string message)
    {
        int at = message.IndexOf(" Path:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    internal int LineAt(long byteIndex)
    {
        var span = _source.Span;
        int line = firstLine;
        for (int i = 0; i < byteIndex && i < span.Length; i++)
            if (span[i] == (byte)'\n') line++;
        return line;
    }

    public override void Write(Utf8JsonWriter writer, ITransaction value, JsonSerializerOptions options)
    {
        var element = JsonSerializer.SerializeToElement(value, value.GetType(), options);
        writer.WriteStartObject();
        writer.WriteString("type", catalog.NameOf(value));
        foreach (var property in element.EnumerateObject())
        {
            if (value is IGenesisTransaction && property.Name == "sender") continue;
            property.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
