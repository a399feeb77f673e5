using System.Text.Json;

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
    IReadOnlyList<NodeEvent> Events);

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
    [System.Text.Json.Serialization.JsonIgnore]
    public string[] Accounts { get; init; } = [];
}

/// <summary>A block as the node serves it: height, block time, state hash after it and its transactions' hashes.</summary>
public sealed record BlockInfo(long Height, string Time, string StateHash, IReadOnlyList<string> Transactions);
