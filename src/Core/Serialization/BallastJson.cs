using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Core.Serialization;

/// <summary>
/// The one JSON format for transactions and results, shared by <c>ballast exec</c>, the node's API and the
/// simulator. Transactions are read only by the strict reader (<see cref="ReadEnvelope(TransactionCatalog, string)"/>,
/// <see cref="ReadTransaction(TransactionCatalog, string)"/>, and the script parser, which uses the same code):
/// unknown, missing, duplicated or ill-typed fields are errors naming the line and the field, in the script's words.
/// <see cref="Options"/> writes results (reports, state views, query answers) in the same conventions: camelCase
/// fields, amounts and 128-bit numbers as strings, enums by camelCase name.
/// </summary>
public static class BallastJson
{
    private const string Subject = "the transaction";

    public static JsonSerializerOptions Options(TransactionCatalog catalog)
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
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new TransactionJsonConverter(catalog));
        options.Converters.Add(new EnvelopeJsonConverter(catalog));
        return options;
    }

    /// <summary>Reads one payload (no sender) from its JSON text.</summary>
    public static ITransaction ReadTransaction(TransactionCatalog catalog, string json) =>
        ReadTransaction(catalog, Encoding.UTF8.GetBytes(json));

    /// <inheritdoc cref="ReadTransaction(TransactionCatalog, string)"/>
    public static ITransaction ReadTransaction(TransactionCatalog catalog, ReadOnlySpan<byte> utf8) =>
        TransactionReader.For(catalog).ReadPayload(StrictJsonReader.Parse(utf8, Subject), FieldPath.Root(Subject));

    /// <summary>Reads one transaction with its sender (and optional nonce) from its JSON text.</summary>
    public static Envelope ReadEnvelope(TransactionCatalog catalog, string json) =>
        ReadEnvelope(catalog, Encoding.UTF8.GetBytes(json));

    /// <inheritdoc cref="ReadEnvelope(TransactionCatalog, string)"/>
    public static Envelope ReadEnvelope(TransactionCatalog catalog, ReadOnlySpan<byte> utf8) =>
        TransactionReader.For(catalog).ReadEnvelope(StrictJsonReader.Parse(utf8, Subject), FieldPath.Root(Subject));

    public static string WriteTransaction(TransactionCatalog catalog, ITransaction tx) =>
        Write(writer => new TransactionWriter(catalog).WritePayload(writer, tx));

    public static string WriteEnvelope(TransactionCatalog catalog, Envelope tx) =>
        Write(writer => new TransactionWriter(catalog).WriteEnvelope(writer, tx));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
