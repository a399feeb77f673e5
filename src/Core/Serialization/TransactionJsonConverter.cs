using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Core.Serialization;

/// <summary>
/// Writes a payload inside JSON that System.Text.Json serializes (a query's answer holding a governance action),
/// in the shape the strict reader reads. Reading goes only through <see cref="BallastJson.ReadTransaction(TransactionCatalog, string)"/>
/// and the script parser, which know lines, duplicates and field paths; a second, laxer way in is what one strict
/// format rules out.
/// </summary>
internal sealed class TransactionJsonConverter(TransactionCatalog catalog) : JsonConverter<ITransaction>
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(ITransaction);

    public override ITransaction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("transactions are read with BallastJson.ReadTransaction or ReadEnvelope");

    public override void Write(Utf8JsonWriter writer, ITransaction value, JsonSerializerOptions options) =>
        new TransactionWriter(catalog).WritePayload(writer, value);
}

/// <summary>Writes an envelope (a signed transaction) inside other JSON; see <see cref="TransactionJsonConverter"/>.</summary>
internal sealed class EnvelopeJsonConverter(TransactionCatalog catalog) : JsonConverter<Envelope>
{
    public override Envelope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("transactions are read with BallastJson.ReadEnvelope");

    public override void Write(Utf8JsonWriter writer, Envelope value, JsonSerializerOptions options) =>
        new TransactionWriter(catalog).WriteEnvelope(writer, value);
}
