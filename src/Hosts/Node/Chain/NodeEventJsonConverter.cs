using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ballast.Node.Chain;

/// <summary>
/// Writes an event as the serializer wrote the record (its properties in order, camel-cased, nulls written), with its
/// fields copied from the UTF-8 JSON the event keeps: the record's <see cref="NodeEvent.Data"/> parsed that JSON into
/// a document at every answer, for the serializer to write it back out. The kept JSON is compact and escaped as the
/// node's own options escape (it is made with them, or read back from the log's copy of it), so the bytes are the
/// same; a test holds this converter to the record's serialization. Events are only written, never read back as
/// records (a client reads them as JSON).
/// </summary>
internal sealed class NodeEventJsonConverter : JsonConverter<NodeEvent>
{
    public override NodeEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("events are served, not read back as records");

    public override void Write(Utf8JsonWriter writer, NodeEvent value, JsonSerializerOptions options) => WriteEvent(writer, value);

    /// <summary>Writes <paramref name="value"/> as this converter does (a receipt's events are written by it too).</summary>
    public static void WriteEvent(Utf8JsonWriter writer, NodeEvent value)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", value.Seq);
        writer.WriteNumber("block", value.Block);
        if (value.TxIndex is { } index) writer.WriteNumber("txIndex", index);
        else writer.WriteNull("txIndex");
        writer.WriteString("txHash", value.TxHash);
        writer.WriteString("name", value.Name);
        writer.WritePropertyName("data");
        writer.WriteRawValue(value.DataUtf8, skipInputValidation: true);
        writer.WriteEndObject();
    }
}
