using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ballast.Node.Chain;

/// <summary>
/// What became of an included transaction: its block and position, and either accepted with the events it
/// emitted, or rejected by the engine with its stable code and sentence (a rejected transaction changes nothing
/// but still uses its nonce, so it cannot be replayed later).
/// </summary>
[JsonConverter(typeof(ReceiptJsonConverter))]
public sealed record Receipt(
    string Hash,
    long Block,
    int Index,
    string Type,
    string Sender,
    ulong Nonce,
    bool Accepted,
    string? Code,
    string? Message,
    IReadOnlyList<NodeEvent> Events)
{
    /// <summary>
    /// What the log keeps beside the transaction's row (<see cref="Storage.StoredTransaction.Outcome"/>): the rest of the
    /// receipt. <paramref name="writer"/> writes into <paramref name="buffer"/>, both reused by the miner for every
    /// receipt (a stream and a writer per receipt were a tenth of what the node allocated per transaction).
    /// </summary>
    internal string Outcome(Utf8JsonWriter writer, System.Buffers.ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteBoolean("accepted", Accepted);
        if (!Accepted)
        {
            writer.WriteString("code", Code);
            writer.WriteString("message", Message);
        }
        writer.WriteStartArray("events");
        foreach (var e in Events) e.WriteLogged(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The receipt of a stored transaction: its hash, block and index from the row, type, sender and nonce from its
    /// signed text, the rest from its outcome (every event in the transaction's block, at its index, with its data).
    /// </summary>
    internal static Receipt FromStored(string hash, Storage.StoredOutcome stored)
    {
        using var signed = JsonDocument.Parse(stored.Signed);
        var tx = signed.RootElement.GetProperty("transaction");
        using var outcome = JsonDocument.Parse(stored.Outcome);
        var o = outcome.RootElement;
        var events = new List<NodeEvent>();
        foreach (var e in o.GetProperty("events").EnumerateArray()) events.Add(NodeEvent.FromLogged(e, stored.Height, stored.Index, hash));
        bool accepted = o.GetProperty("accepted").GetBoolean();
        return new Receipt(hash, stored.Height, stored.Index, tx.GetProperty("type").GetString()!, tx.GetProperty("sender").GetString()!, tx.GetProperty("nonce").GetUInt64(),
            accepted, accepted ? null : o.GetProperty("code").GetString(), accepted ? null : o.GetProperty("message").GetString(), events);
    }
}

/// <summary>An event as the node serves it: its sequence number, where it came from, its declared name and its fields.</summary>
[JsonConverter(typeof(NodeEventJsonConverter))]
public sealed record NodeEvent(long Seq, long Block, int? TxIndex, string? TxHash, string Name)
{
    // Until first read, the engine's event and the options to serialize it with; after, only its JSON. The node keeps
    // up to a window of events in memory (--events-in-memory), so each one's size is what a long run's heap is made of:
    // a lazy JSON element with its closure and document cost ~400 bytes in six objects beside the event; the JSON as
    // UTF-8 is one array of ~200.
    private object? _source;
    private JsonSerializerOptions? _options;
    private byte[]? _utf8;

    /// <summary>
    /// The event's fields as a JSON document, parsed from <see cref="DataUtf8"/> at each read. The API's answers do not
    /// read it: they copy the UTF-8 (<see cref="NodeEventJsonConverter"/>).
    /// </summary>
    public JsonElement Data => JsonSerializer.Deserialize<JsonElement>(DataUtf8);

    /// <summary>
    /// The fields as UTF-8 JSON, serialized once, on first read (the log's outcome, off the engine's lock, or an answer):
    /// the miner, which holds the engine while it records a block, does not serialize its events.
    /// </summary>
    [JsonIgnore]
    internal byte[] DataUtf8
    {
        get
        {
            if (Volatile.Read(ref _utf8) is { } made) return made;
            lock (this)
            {
                if (_utf8 is null)
                {
                    var utf8 = _source is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(_source, _source.GetType(), _options);
                    (_source, _options) = (null, null);
                    Volatile.Write(ref _utf8, utf8);
                }
                return _utf8;
            }
        }
        init => _utf8 = value;
    }

    /// <summary>
    /// The event as the log keeps it, <c>{"seq", "name", "data"}</c> (its block and transaction are the row's): in a
    /// receipt's outcome, and in a block's own events.
    /// </summary>
    internal void WriteLogged(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", Seq);
        writer.WriteString("name", Name);
        writer.WritePropertyName("data");
        writer.WriteRawValue(DataUtf8, skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>An event as <see cref="WriteLogged"/> wrote it, in block <paramref name="height"/> (of the transaction at <paramref name="index"/>, or its own).</summary>
    internal static NodeEvent FromLogged(JsonElement logged, long height, int? index, string? txHash, string[]? accounts = null) =>
        new(logged.GetProperty("seq").GetInt64(), height, index, txHash, logged.GetProperty("name").GetString()!)
        {
            DataUtf8 = System.Text.Encoding.UTF8.GetBytes(logged.GetProperty("data").GetRawText()),
            Accounts = accounts ?? [],
        };

    /// <summary>
    /// The fields that name accounts, for the account filter: every string property of an event type (an event in
    /// memory reads them from the object, one read from the log from its JSON).
    /// </summary>
    internal static System.Reflection.PropertyInfo[] AccountProperties(Type eventType) =>
        eventType.GetProperties().Where(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0).ToArray();

    /// <summary>The engine's event this one serves, serialized with its options when first read.</summary>
    internal (object Event, JsonSerializerOptions Options) Source
    {
        init => (_source, _options) = value;
    }

    /// <summary>Accounts the event names (its string fields) and the sender of its transaction, for the account filter.</summary>
    [JsonIgnore]
    public string[] Accounts { get; init; } = [];
}

/// <summary>A block as the node serves it: height, block time, state hash after it and its transactions' hashes.</summary>
public sealed record BlockInfo(long Height, string Time, string StateHash, IReadOnlyList<string> Transactions);
