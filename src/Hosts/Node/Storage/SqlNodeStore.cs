using System.Data.Common;

namespace Ballast.Node.Storage;

/// <summary>
/// The log's tables and statements, in the SQL both stores speak: <c>meta</c> (identity), <c>blocks</c> (height,
/// state hash, transaction count) and <c>transactions</c> (height, index, hash, signed text, signature).
/// </summary>
public abstract class SqlNodeStore(DbConnection connection, string kind) : INodeStore
{
    private const string SchemaVersion = "1";

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
            CREATE TABLE IF NOT EXISTS blocks (height BIGINT PRIMARY KEY, state_hash TEXT NOT NULL, tx_count INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS transactions (
                height BIGINT NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL, signed TEXT NOT NULL, signature {blobType},
                PRIMARY KEY (height, idx));
            """);
        var version = ReadMeta("schema");
        if (version is null) WriteMeta("schema", SchemaVersion);
        else if (version != SchemaVersion)
            throw new InvalidOperationException($"the store's schema is version {version}; this node reads version {SchemaVersion}");
    }

    public ChainIdentity? ReadIdentity()
    {
        var chainId = ReadMeta("chain_id");
        if (chainId is null) return null;
        return new ChainIdentity(chainId, ReadMeta("genesis") ?? "", ReadMeta("development") == "true");
    }

    public void WriteIdentity(ChainIdentity identity)
    {
        if (ReadIdentity() is not null) throw new InvalidOperationException("the store already holds a chain");
        using var tx = connection.BeginTransaction();
        WriteMeta("chain_id", identity.ChainId, tx);
        WriteMeta("genesis", identity.GenesisScript, tx);
        WriteMeta("development", identity.Development ? "true" : "false", tx);
        tx.Commit();
    }

    public void Append(IReadOnlyList<StoredBlock> blocks)
    {
        if (blocks.Count == 0) return;
        using var tx = connection.BeginTransaction();
        using var block = Command("INSERT INTO blocks (height, state_hash, tx_count) VALUES (@h, @s, @n)", tx, "@h", "@s", "@n");
        using var row = Command("INSERT INTO transactions (height, idx, hash, signed, signature) VALUES (@h, @i, @x, @t, @g)", tx, "@h", "@i", "@x", "@t", "@g");
        foreach (var b in blocks)
        {
            Set(block, b.Height, b.StateHash, b.Transactions.Count);
            block.ExecuteNonQuery();
            for (int i = 0; i < b.Transactions.Count; i++)
            {
                var t = b.Transactions[i];
                Set(row, b.Height, i, t.Hash, t.Signed, (object?)t.Signature ?? DBNull.Value);
                row.ExecuteNonQuery();
            }
        }
        tx.Commit();
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
        foreach (var table in (string[])["transactions", "blocks"])
        {
            using var command = Command($"DELETE FROM {table} WHERE height > @h", tx, "@h");
            Set(command, height);
            command.ExecuteNonQuery();
        }
        tx.Commit();
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

    public void Dispose() => connection.Dispose();
}
