using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ballast.Node.Chain;

/// <summary>
/// What became of an included transaction: its block and position, and either accepted with the events it
/// emitted, or rejected by the engine with its stable code and sentence (a rejected transaction changes nothing
/// but still uses its nonce, so it cannot be replayed later).
/// </summary>
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
    /// The receipt as the API answers it and the log stores it beside its transaction: made once (by the miner for a
    /// live block, when first served otherwise), so a receipt read back from the log is the very text first served.
    /// </summary>
    [JsonIgnore]
    internal string? Text { get; set; }

    /// <summary>
    /// A receipt the log stored (its <see cref="Text"/>): the fields again, each event's data as stored. For the blocks
    /// a restart from a snapshot did not replay, and for receipts older than the ones kept in memory.
    /// </summary>
    internal static Receipt FromStored(string text)
    {
        using var document = JsonDocument.Parse(text);
        var r = document.RootElement;
        var events = new List<NodeEvent>();
        foreach (var e in r.GetProperty("events").EnumerateArray())
        {
            var data = e.GetProperty("data").Clone();
            events.Add(new NodeEvent(e.GetProperty("seq").GetInt64(), e.GetProperty("block").GetInt64(),
                e.GetProperty("txIndex").ValueKind == JsonValueKind.Number ? e.GetProperty("txIndex").GetInt32() : null,
                e.GetProperty("txHash").GetString(), e.GetProperty("name").GetString()!) { DataSource = () => data });
        }
        return new Receipt(r.GetProperty("hash").GetString()!, r.GetProperty("block").GetInt64(), r.GetProperty("index").GetInt32(),
            r.GetProperty("type").GetString()!, r.GetProperty("sender").GetString()!, r.GetProperty("nonce").GetUInt64(), r.GetProperty("accepted").GetBoolean(),
            r.GetProperty("code").GetString(), r.GetProperty("message").GetString(), events) { Text = text };
    }
}

/// <summary>An event as the node serves it: its sequence number, where it came from, its declared name and its fields.</summary>
public sealed record NodeEvent(long Seq, long Block, int? TxIndex, string? TxHash, string Name)
{
    private Lazy<JsonElement> _data = new(() => default);

    /// <summary>
    /// The event's fields as JSON, made when first read (by a receipt's answer, the events endpoint or the stream), so
    /// the miner, which holds the engine while it records a block, does not serialize every event of the block.
    /// </summary>
    public JsonElement Data => _data.Value;

    internal Func<JsonElement> DataSource { init => _data = new Lazy<JsonElement>(value, LazyThreadSafetyMode.ExecutionAndPublication); }

    /// <summary>Accounts the event names (its string fields) and the sender of its transaction, for the account filter.</summary>
    [JsonIgnore]
    public string[] Accounts { get; init; } = [];
}

/// <summary>A block as the node serves it: height, block time, state hash after it and its transactions' hashes.</summary>
public sealed record BlockInfo(long Height, string Time, string StateHash, IReadOnlyList<string> Transactions);
