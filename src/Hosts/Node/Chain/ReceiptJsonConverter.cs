using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ballast.Node.Chain;

/// <summary>
/// Writes a receipt as the serializer wrote the record (its properties in order, camel-cased, nulls written), its
/// events by <see cref="NodeEventJsonConverter"/>: the serializer's reflection walk pushed a frame array per receipt,
/// and receipts are what the node writes most (one per transaction). A test holds the bytes to the record's
/// serialization. Receipts are only written; a client reads them as JSON.
/// </summary>
internal sealed class ReceiptJsonConverter : JsonConverter<Receipt>
{
    public override Receipt Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("receipts are served, not read back as records");

    public override void Write(Utf8JsonWriter writer, Receipt value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("hash", value.Hash);
        writer.WriteNumber("block", value.Block);
        writer.WriteNumber("index", value.Index);
        writer.WriteString("type", value.Type);
        writer.WriteString("sender", value.Sender);
        writer.WriteNumber("nonce", value.Nonce);
        writer.WriteBoolean("accepted", value.Accepted);
        writer.WriteString("code", value.Code);
        writer.WriteString("message", value.Message);
        writer.WriteStartArray("events");
        foreach (var e in value.Events) NodeEventJsonConverter.WriteEvent(writer, e);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
