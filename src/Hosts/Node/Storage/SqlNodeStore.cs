using System.Data.Common;
using System.Runtime.InteropServices;

namespace Ballast.Node.Storage;

/// <summary>
/// The log's tables and statements, in the SQL both stores speak: <c>meta</c> (identity), <c>blocks</c> (height,
/// state hash, transaction count) and <c>transactions</c> (height, index, hash, signed text, signature, and its
/// outcome: with the rest of the row, its receipt). No index on hashes (the chain locates a hash's block in memory).
/// Schema 1 (no outcomes) is upgraded in place: its old rows keep none. Schema 3 adds <c>snapshot_parts</c>: a
/// snapshot written by parts (<see cref="WriteSnapshotPart"/>) has an empty <c>state</c> in its row and its bytes
/// there; schema 2 is upgraded in place (its snapshots keep their bytes in their row, and are read as before).
/// Schema 4 gives each block the number of its first event (<c>first_event</c>, indexed: where a reader of old events
/// starts) and its own events, those of no transaction (<c>events</c>: the hooks', as JSON); a transaction's events are
/// in its outcome. Schema 3 is upgraded in place: its blocks keep neither, and their events are not served.
/// </summary>
public abstract class SqlNodeStore(DbConnection connection, string kind) : INodeStore
{
    private DbConnection? _reader;

    /// <summary>
    /// The connection the history is read on (<see cref="INodeStore.ReadOutcome"/>, the block headers, the events): a
    /// second one, opened by <see cref="OpenReader"/>, so that a reader never waits for a block's flush and a flush never
    /// waits for a reader. It sees what is committed; the node publishes a block only once it is.
    /// </summary>
    private DbConnection Reader => _reader ?? connection;

    /// <summary>Opens the history's own connection (after the schema exists).</summary>
    protected void OpenReader(DbConnection reader)
    {
        reader.Open();
        _reader = reader;
    }

    private const string SchemaVersion = "4";

    public string Kind { get; } = kind;

    protected void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected void CreateSchema(string blobType)
    {
        Execute($"""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS blocks (height BIGINT PRIMARY KEY, state_hash TEXT NOT NULL, tx_count INTEGER NOT NULL, first_event BIGINT, events TEXT);
            CREATE TABLE IF NOT EXISTS transactions (
                height BIGINT NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL, signed TEXT NOT NULL, signature {blobType}, outcome TEXT,
                PRIMARY KEY (height, idx));
            CREATE TABLE IF NOT EXISTS snapshots (height BIGINT PRIMARY KEY, state_hash TEXT NOT NULL, state {blobType} NOT NULL, node TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS snapshot_parts (height BIGINT NOT NULL, idx INTEGER NOT NULL, bytes {blobType} NOT NULL, PRIMARY KEY (height, idx));
            """);
        var version = ReadMeta("schema");
        if (version == "1")
        {
            // Schema 1 stored no outcomes: add the column (its rows keep none) and the version.
            using var tx = connection.BeginTransaction();
            using (var alter = Command("ALTER TABLE transactions ADD COLUMN outcome TEXT", tx)) alter.ExecuteNonQuery();
            SetSchema("2", tx);
            tx.Commit();
            version = "2";
        }
        if (version == "2")
        {
            // Schema 3 only adds snapshot_parts (created above, empty): the rows of schema 2 read as they are.
            SetSchema("3", null);
            version = "3";
        }
        if (version == "3")
        {
            // Schema 4 adds two columns to blocks; the old rows keep neither (their events are not served).
            using var tx = connection.BeginTransaction();
            using (var alter = Command("ALTER TABLE blocks ADD COLUMN first_event BIGINT", tx)) alter.ExecuteNonQuery();
            using (var alter = Command("ALTER TABLE blocks ADD COLUMN events TEXT", tx)) alter.ExecuteNonQuery();
            SetSchema("4", tx);
            tx.Commit();
            version = "4";
        }
        if (version is null) WriteMeta("schema", SchemaVersion);
        else if (version != SchemaVersion)
            throw new InvalidOperationException($"the store's schema is version {version}; this node reads version {SchemaVersion}");
        Execute("CREATE INDEX IF NOT EXISTS blocks_first_event ON blocks (first_event, height)");
    }

    private void SetSchema(string version, DbTransaction? tx)
    {
        using var update = Command("UPDATE meta SET value = @v WHERE key = 'schema'", tx, "@v");
        Set(update, version);
        update.ExecuteNonQuery();
    }

    public ChainIdentity? ReadIdentity()
    {
        var chainId = ReadMeta("chain_id");
        if (chainId is null) return null;
        var state = ReadMeta("genesis_state");
        var definition = ReadMeta("state_hash_definition");
        return new ChainIdentity(chainId, ReadMeta("genesis") ?? "", ReadMeta("development") == "true")
        {
            GenesisState = state is null ? null : Convert.FromBase64String(state),
            StateHashDefinition = definition is null ? null : int.Parse(definition, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public void WriteIdentity(ChainIdentity identity)
    {
        if (ReadIdentity() is not null) throw new InvalidOperationException("the store already holds a chain");
        using var tx = connection.BeginTransaction();
        WriteMeta("chain_id", identity.ChainId, tx);
        WriteMeta("genesis", identity.GenesisScript, tx);
        WriteMeta("development", identity.Development ? "true" : "false", tx);
        if (identity.GenesisState is { } state) WriteMeta("genesis_state", Convert.ToBase64String(state), tx);
        if (identity.StateHashDefinition is { } definition) WriteMeta("state_hash_definition", definition.ToString(System.Globalization.CultureInfo.InvariantCulture), tx);
        tx.Commit();
    }

    public void Append(IReadOnlyList<StoredBlock> blocks)
    {
        if (blocks.Count == 0) return;
        using var tx = connection.BeginTransaction();
        // The three statements are made once and kept (with their parameters, and prepared by the database): made for
        // every block they were most of what a commit allocated (27 KB a block) and a parse of each statement per block.
        var block = _appendBlock ??= Command("INSERT INTO blocks (height, state_hash, tx_count, first_event, events) VALUES (@h, @s, @n, @f, @e)", null, "@h", "@s", "@n", "@f", "@e");
        // Rows go in statements of RowsPerInsert (one statement per row cost more than the rows themselves under load, and
        // a statement of many more parameters costs more per row: the provider binds each by name, found by a linear search);
        // the last few of a block in single-row statements.
        var rows = _appendRows ??= Command(MultiRowInsert(RowsPerInsert), null, RowParameters(RowsPerInsert));
        var row = _appendRow ??= Command(MultiRowInsert(1), null, RowParameters(1));
        block.Transaction = rows.Transaction = row.Transaction = tx;
        foreach (var b in blocks)
        {
            Set(block, b.Height, b.StateHash, b.Transactions.Count, (object?)b.FirstEvent ?? DBNull.Value, (object?)b.Events ?? DBNull.Value);
            block.ExecuteNonQuery();
            int i = 0;
            for (; i + RowsPerInsert <= b.Transactions.Count; i += RowsPerInsert)
            {
                for (int k = 0; k < RowsPerInsert; k++) SetRow(rows, k, b.Height, i + k, b.Transactions[i + k]);
                rows.ExecuteNonQuery();
            }
            for (; i < b.Transactions.Count; i++)
            {
                SetRow(row, 0, b.Height, i, b.Transactions[i]);
                row.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    private DbCommand? _appendBlock, _appendRows, _appendRow;

    /// <summary>Transaction rows per multi-row INSERT (6 parameters each: far below both databases' limits).</summary>
    private const int RowsPerInsert = 20;

    private const int ColumnsPerRow = 6;

    private static string MultiRowInsert(int rows) =>
        "INSERT INTO transactions (height, idx, hash, signed, signature, outcome) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(k => $"(@h{k}, @i{k}, @x{k}, @t{k}, @g{k}, @r{k})"));

    private static string[] RowParameters(int rows) =>
        Enumerable.Range(0, rows).SelectMany(k => new[] { $"@h{k}", $"@i{k}", $"@x{k}", $"@t{k}", $"@g{k}", $"@r{k}" }).ToArray();

    private static void SetRow(DbCommand command, int row, long height, int index, StoredTransaction t)
    {
        var p = command.Parameters;
        int at = row * ColumnsPerRow;
        p[at].Value = height;
        p[at + 1].Value = index;
        p[at + 2].Value = t.Hash;
        p[at + 3].Value = t.Signed;
        p[at + 4].Value = (object?)t.Signature ?? DBNull.Value;
        p[at + 5].Value = (object?)t.Outcome ?? DBNull.Value;
    }

    public StoredOutcome? ReadOutcome(long height, string hash)
    {
        using var command = Reader.CreateCommand();
        command.CommandText = "SELECT idx, signed, outcome FROM transactions WHERE height = @h AND hash = @x AND outcome IS NOT NULL";
        AddParameter(command, "@h", height);
        AddParameter(command, "@x", hash);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredOutcome(height, reader.GetInt32(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public IEnumerable<StoredBlock> ReadBlocks(long afterHeight)
    {
        // One ordered cursor over blocks joined with their transactions, grouped as it streams: a long log is never
        // held whole in memory.
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT b.height, b.state_hash, b.tx_count, t.hash, t.signed, t.signature
            FROM blocks b LEFT JOIN transactions t ON t.height = b.height
            WHERE b.height > @h ORDER BY b.height, t.idx
            """;
        AddParameter(command, "@h", afterHeight);
        using var reader = command.ExecuteReader();
        StoredBlock? current = null;
        List<StoredTransaction>? txs = null;
        int expected = 0;
        while (reader.Read())
        {
            long height = reader.GetInt64(0);
            if (current is null || current.Height != height)
            {
                if (current is not null) yield return Checked(current, txs!, expected);
                expected = reader.GetInt32(2);
                txs = new List<StoredTransaction>(expected);
                current = new StoredBlock(height, reader.GetString(1), txs);
            }
            if (!reader.IsDBNull(3))
                txs!.Add(new StoredTransaction(reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : (byte[])reader.GetValue(5)));
        }
        if (current is not null) yield return Checked(current, txs!, expected);

        static StoredBlock Checked(StoredBlock block, List<StoredTransaction> txs, int expected) => txs.Count == expected
            ? block
            : throw new InvalidDataException($"block {block.Height}: the log holds {txs.Count} transactions, the block says {expected}");
    }

    public long? EventBlock(long seq)
    {
        // Two lookups in the index on (first_event, height): the greatest first number at or before seq, then the last
        // block carrying it (blocks without events carry the number of the block after them, so of a run sharing one
        // number only the last can hold events).
        using var greatest = Reader.CreateCommand();
        greatest.CommandText = "SELECT MAX(first_event) FROM blocks WHERE first_event <= @s";
        AddParameter(greatest, "@s", seq);
        var first = greatest.ExecuteScalar();
        if (first is null or DBNull) return null;
        using var earliest = Reader.CreateCommand();
        earliest.CommandText = "SELECT MAX(height) FROM blocks WHERE first_event = @f";
        AddParameter(earliest, "@f", Convert.ToInt64(first, System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToInt64(earliest.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public (long Height, long FirstEvent)? FirstEventBlock()
    {
        using var command = Reader.CreateCommand();
        command.CommandText = "SELECT height, first_event FROM blocks WHERE first_event IS NOT NULL ORDER BY first_event, height LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Transactions an event reader's query reads at most (a larger block is read alone).</summary>
    private const int EventRowsPerQuery = 4_096;

    public IEnumerable<StoredBlock> ReadEventBlocks(long afterHeight, long uptoHeight)
    {
        // In queries of a few thousand rows, chosen by the blocks' transaction counts: a reader stops as soon as its page
        // is full, and a query given up half-read is drained by some providers (Npgsql reads the rest of the result).
        while (afterHeight < uptoHeight)
        {
            long chunkEnd = afterHeight;
            using (var sizes = Reader.CreateCommand())
            {
                sizes.CommandText = "SELECT height, tx_count FROM blocks WHERE height > @a AND height <= @u ORDER BY height LIMIT 1024";
                AddParameter(sizes, "@a", afterHeight);
                AddParameter(sizes, "@u", uptoHeight);
                using var reader = sizes.ExecuteReader();
                long rows = 0;
                while (reader.Read())
                {
                    long count = reader.GetInt64(1);
                    if (chunkEnd > afterHeight && rows + count > EventRowsPerQuery) break;
                    (chunkEnd, rows) = (reader.GetInt64(0), rows + count);
                }
            }
            if (chunkEnd == afterHeight) yield break; // no stored block left in the range
            foreach (var block in ReadEventChunk(afterHeight, chunkEnd)) yield return block;
            afterHeight = chunkEnd;
        }
    }

    private List<StoredBlock> ReadEventChunk(long afterHeight, long uptoHeight)
    {
        using var command = Reader.CreateCommand();
        command.CommandText = """
            SELECT b.height, b.state_hash, b.first_event, b.events, t.hash, t.signed, t.outcome
            FROM blocks b LEFT JOIN transactions t ON t.height = b.height
            WHERE b.height > @a AND b.height <= @u AND b.first_event IS NOT NULL ORDER BY b.height, t.idx
            """;
        AddParameter(command, "@a", afterHeight);
        AddParameter(command, "@u", uptoHeight);
        using var reader = command.ExecuteReader();
        var blocks = new List<StoredBlock>();
        List<StoredTransaction>? txs = null;
        while (reader.Read())
        {
            long height = reader.GetInt64(0);
            if (blocks.Count == 0 || blocks[^1].Height != height)
            {
                txs = [];
                blocks.Add(new StoredBlock(height, reader.GetString(1), txs) { FirstEvent = reader.GetInt64(2), Events = reader.IsDBNull(3) ? null : reader.GetString(3) });
            }
            if (!reader.IsDBNull(4))
                txs!.Add(new StoredTransaction(reader.GetString(4), reader.GetString(5), null) { Outcome = reader.IsDBNull(6) ? null : reader.GetString(6) });
        }
        return blocks;
    }

    public long LastHeight(long none)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(height) FROM blocks";
        var value = command.ExecuteScalar();
        return value is null or DBNull ? none : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void TruncateAfter(long height)
    {
        using var tx = connection.BeginTransaction();
        foreach (var table in (string[])["transactions", "blocks", "snapshots", "snapshot_parts"])
        {
            using var command = Command($"DELETE FROM {table} WHERE height > @h", tx, "@h");
            Set(command, height);
            command.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public void RecordStateHashDefinition(int definition)
    {
        if (ReadMeta("state_hash_definition") is not null) throw new InvalidOperationException("the store already records its state hash definition");
        WriteMeta("state_hash_definition", definition.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>How many snapshots are kept: the latest and the one before.</summary>
    public const int SnapshotsKept = 2;

    public void WriteSnapshot(StoredSnapshot snapshot)
    {
        using var tx = connection.BeginTransaction();
        using (var insert = Command("INSERT INTO snapshots (height, state_hash, state, node) VALUES (@h, @s, @b, @n)", tx, "@h", "@s", "@b", "@n"))
        {
            Set(insert, snapshot.Height, snapshot.StateHash, snapshot.State, snapshot.Node);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        PruneSnapshots();
    }

    public void WriteSnapshotPart(long height, int index, ReadOnlyMemory<byte> bytes)
    {
        using var tx = connection.BeginTransaction();
        using (var delete = Command("DELETE FROM snapshot_parts WHERE height = @h AND idx = @i", tx, "@h", "@i"))
        {
            // A part left by a write that stopped half-way (the node was killed) is replaced.
            Set(delete, height, index);
            delete.ExecuteNonQuery();
        }
        using (var insert = Command("INSERT INTO snapshot_parts (height, idx, bytes) VALUES (@h, @i, @b)", tx, "@h", "@i", "@b"))
        {
            // A part that is a whole array (the writer's reused buffer) is bound as it is, not copied.
            Set(insert, height, index, MemoryMarshal.TryGetArray(bytes, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : bytes.ToArray());
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public void CompleteSnapshot(long height, string stateHash, string node)
    {
        using var tx = connection.BeginTransaction();
        using (var insert = Command("INSERT INTO snapshots (height, state_hash, state, node) VALUES (@h, @s, @b, @n)", tx, "@h", "@s", "@b", "@n"))
        {
            Set(insert, height, stateHash, Array.Empty<byte>(), node);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        PruneSnapshots();
    }

    /// <summary>
    /// Keeps the latest <see cref="SnapshotsKept"/> snapshots: the older rows in one statement, then the parts of no kept
    /// snapshot (older ones, and those of a write that never completed) one part per database transaction, so that a
    /// block's commit never waits behind the deletion of megabytes.
    /// </summary>
    private void PruneSnapshots()
    {
        using (var prune = Command($"DELETE FROM snapshots WHERE height NOT IN (SELECT height FROM snapshots ORDER BY height DESC LIMIT {SnapshotsKept})", null))
            prune.ExecuteNonQuery();
        var stale = new List<(long Height, int Index)>();
        using (var find = Command("SELECT p.height, p.idx FROM snapshot_parts p WHERE p.height NOT IN (SELECT height FROM snapshots) AND p.height < (SELECT COALESCE(MAX(height), 0) FROM snapshots)", null))
        using (var reader = find.ExecuteReader())
            while (reader.Read()) stale.Add((reader.GetInt64(0), reader.GetInt32(1)));
        foreach (var (height, index) in stale)
        {
            using var delete = Command("DELETE FROM snapshot_parts WHERE height = @h AND idx = @i", null, "@h", "@i");
            Set(delete, height, index);
            delete.ExecuteNonQuery();
        }
    }

    public StoredSnapshot? LatestSnapshot()
    {
        StoredSnapshot? latest;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT height, state_hash, state, node FROM snapshots ORDER BY height DESC LIMIT 1";
            using var reader = command.ExecuteReader();
            latest = reader.Read() ? new StoredSnapshot(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetString(3)) : null;
        }
        if (latest is null || latest.State.Length > 0) return latest;
        // Written by parts: its bytes are its parts' in order.
        using var parts = connection.CreateCommand();
        parts.CommandText = "SELECT bytes FROM snapshot_parts WHERE height = @h ORDER BY idx";
        AddParameter(parts, "@h", latest.Height);
        using var partReader = parts.ExecuteReader();
        var state = new MemoryStream();
        while (partReader.Read()) state.Write((byte[])partReader.GetValue(0));
        return latest with { State = state.ToArray() };
    }

    public IEnumerable<StoredBlockHeader> ReadBlockHeaders(long afterHeight, long uptoHeight, bool transactionHashes = true)
    {
        using var command = Reader.CreateCommand();
        command.CommandText = transactionHashes
            ? """
              SELECT b.height, b.state_hash, t.hash
              FROM blocks b LEFT JOIN transactions t ON t.height = b.height
              WHERE b.height > @a AND b.height <= @u ORDER BY b.height, t.idx
              """
            : "SELECT height, state_hash, NULL FROM blocks WHERE height > @a AND height <= @u ORDER BY height";
        AddParameter(command, "@a", afterHeight);
        AddParameter(command, "@u", uptoHeight);
        using var reader = command.ExecuteReader();
        long height = long.MinValue;
        string hash = "";
        List<string>? hashes = null;
        while (reader.Read())
        {
            long h = reader.GetInt64(0);
            if (h != height)
            {
                if (hashes is not null) yield return new StoredBlockHeader(height, hash, hashes);
                (height, hash, hashes) = (h, reader.GetString(1), []);
            }
            if (!reader.IsDBNull(2)) hashes!.Add(reader.GetString(2));
        }
        if (hashes is not null) yield return new StoredBlockHeader(height, hash, hashes);
    }

    private string? ReadMeta(string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = @k";
        AddParameter(command, "@k", key);
        return command.ExecuteScalar() as string;
    }

    private void WriteMeta(string key, string value, DbTransaction? tx = null)
    {
        using var command = Command("INSERT INTO meta (key, value) VALUES (@k, @v)", tx, "@k", "@v");
        Set(command, key, value);
        command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, DbTransaction? tx, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var name in names)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    public void Dispose()
    {
        _appendBlock?.Dispose();
        _appendRows?.Dispose();
        _appendRow?.Dispose();
        _reader?.Dispose();
        connection.Dispose();
    }
}
