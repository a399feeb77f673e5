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

    internal TransactionCatalog Catalog => catalog;

    /// <summary>The same converter for a reader that starts <paramref name="offset"/> bytes into the source.</summary>
    internal TransactionJsonConverter At(long offset) => new(catalog, _source[(int)offset..], LineAt(offset));

    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(ITransaction);

    public override ITransaction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int line = LineAt(reader.TokenStartIndex);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new TransactionFormatException(line, $"a transaction must be an object with a \"type\"; got {reader.TokenType}");
        using var doc = JsonDocument.ParseValue(ref reader);
        var (payload, sender, _) = ReadObject(doc.RootElement, line, options);
        if (sender is not null)
            throw new TransactionFormatException(line, $"{catalog.NameOf(payload)} nested in a governance action takes no \"sender\": it runs as the governing account");
        return payload;
    }

    /// <summary>Reads <c>{"type", "sender"?, "nonce"?, …fields}</c>: the payload and, when written, its sender and nonce.</summary>
    internal (ITransaction Payload, string? Sender, ulong Nonce) ReadObject(JsonElement root, int line, JsonSerializerOptions options)
    {
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new TransactionFormatException(line, "a transaction needs a \"type\" string, e.g. \"ledger.transfer\"");
        var typeName = typeElement.GetString()!;
        if (!catalog.TryGetType(typeName, out var type))
            throw new TransactionFormatException(line, $"unknown transaction type '{typeName}'; known types: {string.Join(", ", catalog.Names)}");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        string? sender = null;
        ulong nonce = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "type") continue;
            if (property.Name == "sender")
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw new TransactionFormatException(line, $"{typeName}: \"sender\" must be an account name (a string)");
                sender = property.Value.GetString();
                continue;
            }
            if (property.Name == "nonce")
            {
                if (!property.Value.TryGetUInt64(out nonce))
                    throw new TransactionFormatException(line, $"{typeName}: \"nonce\" must be a whole number from 0");
                continue;
            }
            fields[property.Name] = property.Value;
        }
        if (typeof(IGenesisTransaction).IsAssignableFrom(type) && sender is not null)
            throw new TransactionFormatException(line, $"{typeName} is a genesis transaction and takes no \"sender\"");
        var json = JsonSerializer.SerializeToUtf8Bytes(fields, options);
        try
        {
            var inner = new JsonSerializerOptions(options);
            ReplaceSourceConverter(inner, json);
            var payload = (ITransaction)(JsonSerializer.Deserialize(json, type, inner)
                ?? throw new TransactionFormatException(line, $"{typeName}: empty transaction"));
            return (payload, sender, nonce);
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

    /// <summary>The envelope form: the payload's object with its <c>sender</c> (required unless genesis-only) and an optional <c>nonce</c>.</summary>
    internal sealed class EnvelopeConverter(TransactionJsonConverter payloads) : JsonConverter<Envelope>
    {
        public override Envelope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var current = options.Converters.OfType<TransactionJsonConverter>().FirstOrDefault() ?? payloads;
            int line = current.LineAt(reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new TransactionFormatException(line, $"a transaction must be an object with a \"type\"; got {reader.TokenType}");
            using var doc = JsonDocument.ParseValue(ref reader);
            var (payload, sender, nonce) = current.ReadObject(doc.RootElement, line, options);
            if (payload is IGenesisTransaction) return new Envelope(Envelope.GenesisSender, nonce, payload);
            if (sender is null)
                throw new TransactionFormatException(line, $"{current.Catalog.NameOf(payload)}: missing \"sender\" (the signing account)");
            return new Envelope(sender, nonce, payload);
        }

        public override void Write(Utf8JsonWriter writer, Envelope value, JsonSerializerOptions options)
        {
            var element = JsonSerializer.SerializeToElement(value.Payload, options);
            writer.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(writer);
                if (property.Name == "type" && value.Payload is not IGenesisTransaction)
                {
                    writer.WriteString("sender", value.Sender);
                    if (value.Nonce != 0) writer.WriteNumber("nonce", value.Nonce);
                }
            }
            writer.WriteEndObject();
        }
    }

    public override void Write(Utf8JsonWriter writer, ITransaction value, JsonSerializerOptions options)
    {
        var element = JsonSerializer.SerializeToElement(value, value.GetType(), options);
        writer.WriteStartObject();
        writer.WriteString("type", catalog.NameOf(value));
        foreach (var property in element.EnumerateObject())
        {
            property.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
