using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Core.Serialization;

/// <summary>
/// The one JSON format for transactions and results, shared by <c>ballast exec</c>, the node's API and the
/// simulator: camelCase fields, amounts and 128-bit numbers as strings, strict reading (unknown or missing
/// fields are errors, as are trailing commas and comments).
/// </summary>
public static class BallastJson
{
    public static JsonSerializerOptions Options(TransactionCatalog catalog, ReadOnlyMemory<byte> source = default)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            PropertyNameCaseInsensitive = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.Strict,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new AmountJsonConverter());
        options.Converters.Add(new FixedJsonConverter());
        options.Converters.Add(new PpbJsonConverter());
        options.Converters.Add(new BpsJsonConverter());
        options.Converters.Add(new UInt128JsonConverter());
        options.Converters.Add(new Int128JsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        var payloads = new TransactionJsonConverter(catalog, source);
        options.Converters.Add(payloads);
        options.Converters.Add(new TransactionJsonConverter.EnvelopeConverter(payloads));
        return options;
    }

    /// <summary>Reads one transaction from its JSON text.</summary>
    public static ITransaction ReadTransaction(TransactionCatalog catalog, string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        try
        {
            return JsonSerializer.Deserialize<ITransaction>(bytes, Options(catalog, bytes))
                ?? throw new TransactionFormatException(1, "empty transaction");
        }
        catch (JsonException e)
        {
            throw new TransactionFormatException((int)(e.LineNumber ?? 0) + 1, e.Message);
        }
    }

    public static string WriteTransaction(TransactionCatalog catalog, ITransaction tx) =>
        JsonSerializer.Serialize(tx, Options(catalog));

    /// <summary>Reads one transaction with its sender (and optional nonce) from its JSON text.</summary>
    public static Envelope ReadEnvelope(TransactionCatalog catalog, string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        try
        {
            return JsonSerializer.Deserialize<Envelope>(bytes, Options(catalog, bytes))
                ?? throw new TransactionFormatException(1, "empty transaction");
        }
        catch (JsonException e)
        {
            throw new TransactionFormatException((int)(e.LineNumber ?? 0) + 1, e.Message);
        }
    }

    public static string WriteEnvelope(TransactionCatalog catalog, Envelope tx) =>
        JsonSerializer.Serialize(tx, Options(catalog));
}
