namespace Ballast.Node.Storage;

/// <summary>
/// The node's durable log: the chain's identity (its id and genesis script) and, block by block, the transactions
/// it included, appended in one database transaction per block or batch of blocks (group commit: a block's
/// submitters are answered only after <see cref="Append"/> returns). Nothing is updated in place; development
/// revert is the only deletion (<see cref="TruncateAfter"/>). State is never stored: it is the replay of the log,
/// and each block's state hash is kept to check that replay.
/// </summary>
public interface INodeStore : IDisposable
{
    /// <summary>What the store calls itself in messages and metrics (<c>sqlite</c>, <c>postgres</c>).</summary>
    string Kind { get; }

    /// <summary>The chain identity, or null for an empty store.</summary>
    ChainIdentity? ReadIdentity();

    /// <summary>Writes the identity of a new chain; refuses if the store already has one.</summary>
    void WriteIdentity(ChainIdentity identity);

    /// <summary>Appends blocks (in height order, following the last stored one) durably, all or none.</summary>
    void Append(IReadOnlyList<StoredBlock> blocks);

    /// <summary>The stored blocks with height greater than <paramref name="afterHeight"/>, in order, with their transactions.</summary>
    IEnumerable<StoredBlock> ReadBlocks(long afterHeight);

    /// <summary>
    /// Where a reader of events from number <paramref name="seq"/> on starts: the block holding it (or, when no block
    /// does yet, the last block that numbers its events), or null when no stored block numbers its events that early
    /// (or at all: blocks logged before schema 4).
    /// </summary>
    long? EventBlock(long seq);

    /// <summary>The first stored block that numbers its events, with its first event's number; null when none does.</summary>
    (long Height, long FirstEvent)? FirstEventBlock();

    /// <summary>
    /// The stored blocks in (<paramref name="afterHeight"/>, <paramref name="uptoHeight"/>] that number their events, in
    /// order, each with <see cref="StoredBlock.FirstEvent"/>, <see cref="StoredBlock.Events"/> and its transactions'
    /// hashes, signed texts and outcomes (no signatures): everything an event reader needs.
    /// </summary>
    IEnumerable<StoredBlock> ReadEventBlocks(long afterHeight, long uptoHeight);

    /// <summary>The last stored height, or <paramref name="none"/> when no block is stored.</summary>
    long LastHeight(long none);

    /// <summary>Development revert: removes every block (and state snapshot) above <paramref name="height"/>.</summary>
    void TruncateAfter(long height);

    /// <summary>
    /// Stores a snapshot of the state after block <see cref="StoredSnapshot.Height"/> (already in the log), keeping
    /// only the latest few: a restart loads the latest and replays the blocks after it.
    /// </summary>
    void WriteSnapshot(StoredSnapshot snapshot);

    /// <summary>
    /// Stores one part of a snapshot's state bytes in a database transaction of its own (a snapshot of megabytes
    /// written at once held the log for as long, and every block's commit behind it). Parts of a snapshot never
    /// completed are ignored, and removed when a later snapshot completes.
    /// </summary>
    void WriteSnapshotPart(long height, int index, ReadOnlyMemory<byte> bytes);

    /// <summary>Completes a snapshot whose parts are all stored (its state is their bytes in order), keeping only the latest few.</summary>
    void CompleteSnapshot(long height, string stateHash, string node);

    /// <summary>Records the state hash definition of a chain that had none recorded (its whole log replayed to its hashes).</summary>
    void RecordStateHashDefinition(int definition);

    /// <summary>The latest stored snapshot, or null.</summary>
    StoredSnapshot? LatestSnapshot();

    /// <summary>
    /// Each stored block in (<paramref name="afterHeight"/>, <paramref name="uptoHeight"/>]: height, state hash and, when
    /// <paramref name="transactionHashes"/>, its transactions' hashes (never the transactions' text).
    /// </summary>
    IEnumerable<StoredBlockHeader> ReadBlockHeaders(long afterHeight, long uptoHeight, bool transactionHashes = true);

    /// <summary>
    /// The transaction with this hash in block <paramref name="height"/>, with its outcome, or null (not there, or
    /// logged before outcomes were stored).
    /// </summary>
    StoredOutcome? ReadOutcome(long height, string hash);
}

/// <summary>
/// The engine's state after block <see cref="Height"/> (<see cref="Ballast.Core.State.Persistence.EngineStateFile"/>
/// bytes) and what the node keeps beside it (<see cref="Node"/>: JSON of every account's next nonce).
/// </summary>
public sealed record StoredSnapshot(long Height, string StateHash, byte[] State, string Node);

/// <summary>A block of the log without its transactions' text: what the node's block list needs.</summary>
public sealed record StoredBlockHeader(long Height, string StateHash, IReadOnlyList<string> TransactionHashes);

/// <summary>
/// A chain's identity: its id (what signatures commit to) and the genesis script it started from, or the state it
/// started from (<see cref="GenesisState"/>: a state file, from <c>--state</c> or <c>--from</c>).
/// </summary>
public sealed record ChainIdentity(string ChainId, string GenesisScript, bool Development)
{
    /// <summary>The state the chain started from (state-file bytes), or null when it started from its genesis script.</summary>
    public byte[]? GenesisState { get; init; }

    /// <summary>
    /// The definition of the state hash its blocks carry (<see cref="Ballast.Core.Blocks.Engine.StateHashDefinition"/>), or
    /// null for a log written before the definition was recorded.
    /// </summary>
    public int? StateHashDefinition { get; init; }
}

/// <summary>One block of the log: its height, the state hash after it and its transactions in order.</summary>
public sealed record StoredBlock(long Height, string StateHash, IReadOnlyList<StoredTransaction> Transactions)
{
    /// <summary>
    /// The number of the block's first event (the next number when it has none): with the numbers in its transactions'
    /// outcomes and in <see cref="Events"/>, where the event history is found in the log. Null in a block logged before
    /// schema 4.
    /// </summary>
    public long? FirstEvent { get; init; }

    /// <summary>
    /// The block's own events, those of no transaction (the modules' hooks: emissions, accruals), as a JSON array of
    /// <c>{"seq", "name", "data"}</c>; null when it has none. Replay never reads them: they are for readers of old events.
    /// </summary>
    public string? Events { get; init; }
}

/// <summary>
/// One included transaction: its hash, the signed text as received (the chain id and the transaction) and its
/// signature (null for a development impersonation, which no key signed).
/// </summary>
public sealed record StoredTransaction(string Hash, string Signed, byte[]? Signature)
{
    /// <summary>
    /// What the engine made of it, as JSON: accepted with its events (each with its sequence number, name and data),
    /// or the code and sentence of its rejection. With the row's other fields it is the whole receipt, so a restart
    /// from a snapshot still answers for the blocks before it. Null in a log written before outcomes were stored;
    /// replay never reads it.
    /// </summary>
    public string? Outcome { get; init; }
}

/// <summary>A stored transaction found by hash: its block and index, its signed text and its outcome (JSON).</summary>
public sealed record StoredOutcome(long Height, int Index, string Signed, string Outcome);
