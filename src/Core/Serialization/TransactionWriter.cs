using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Core.Serialization;

/// <summary>
/// Writes transactions in the shape <see cref="TransactionReader"/> reads, from the same record shapes, so that
/// whatever is written reads back to an equal transaction: <c>{"type", "sender", "nonce" (when not 0), …fields}</c>.
/// </summary>
internal sealed class TransactionWriter(TransactionCatalog catalog)
{
    public void WriteEnvelope(Utf8JsonWriter writer, Envelope envelope)
    {
        writer.WriteStartObject();
        writer.WriteString("type", catalog.NameOf(envelope.Payload));
        if (envelope.Payload is not IGenesisTransaction)
        {
            writer.WriteString("sender", envelope.Sender);
            if (envelope.Nonce != 0) writer.WriteNumber("nonce", envelope.Nonce);
        }
        RecordShape.For(envelope.Payload.GetType()).WriteFields(writer, envelope.Payload, this);
        writer.WriteEndObject();
    }

    public void WritePayload(Utf8JsonWriter writer, ITransaction payload)
    {
        writer.WriteStartObject();
        writer.WriteString("type", catalog.NameOf(payload));
        RecordShape.For(payload.GetType()).WriteFields(writer, payload, this);
        writer.WriteEndObject();
    }
}
