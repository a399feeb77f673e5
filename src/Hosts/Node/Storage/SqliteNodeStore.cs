using Microsoft.Data.Sqlite;

namespace Ballast.Node.Storage;

/// <summary>
/// The embedded store: one SQLite file in the data folder, write-ahead log, <c>synchronous=FULL</c> (a committed
/// block survives a power cut, not only a process kill), one connection owned by the node for the log.
/// </summary>
/// <remarks>
/// Checkpoints (copying the write-ahead log back into the database file, and syncing that file) run on a thread of
/// their own with a second connection, every <see cref="CheckpointIntervalMs"/> ms, in SQLite's passive mode, which
/// never blocks a writer. Left to SQLite, the commit that crossed 1,000 log pages ran the checkpoint itself: under
/// load that was twice a second, 5–20 ms each, and every acknowledgement behind it waited. The committing connection
/// keeps an automatic checkpoint at <see cref="FallbackCheckpointPages"/> pages, so the log stays bounded even if the
/// background pass never catches up with a busy writer (a log that is wholly copied back restarts from its beginning
/// at the next commit).
/// </remarks>
public sealed class SqliteNodeStore : SqlNodeStore
{
    /// <summary>Milliseconds between background checkpoints.</summary>
    public const int CheckpointIntervalMs = 50;

    /// <summary>Log pages at which the committing connection checkpoints by itself (SQLite's default is 1,000).</summary>
    public const int FallbackCheckpointPages = 8_000;

    private readonly SqliteConnection? _checkpointer;
    private readonly Thread? _checkpointThread;
    private readonly CancellationTokenSource _stop = new();

    private SqliteNodeStore(SqliteConnection connection, SqliteConnection? checkpointer) : base(connection, "sqlite")
    {
        _checkpointer = checkpointer;
        if (checkpointer is null) return;
        _checkpointThread = new Thread(CheckpointLoop) { IsBackground = true, Name = "ballast-checkpoint" };
        _checkpointThread.Start();
    }

    public static SqliteNodeStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Run(connection, "PRAGMA journal_mode=WAL;");
        Run(connection, "PRAGMA synchronous=FULL;");
        Run(connection, $"PRAGMA wal_autocheckpoint={FallbackCheckpointPages};");
        var checkpointer = new SqliteConnection(connectionString);
        checkpointer.Open();
        Run(checkpointer, "PRAGMA synchronous=FULL;");
        var store = new SqliteNodeStore(connection, checkpointer);
        try
        {
            store.CreateSchema("BLOB");
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void CheckpointLoop()
    {
        using var command = _checkpointer!.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!_stop.Token.WaitHandle.WaitOne(CheckpointIntervalMs))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy (another checkpoint runs) or the file went away at shutdown: the next pass, or the fallback, copies it.
            }
        }
    }

    public override void Dispose()
    {
        _stop.Cancel();
        _checkpointThread?.Join();
        _checkpointer?.Dispose();
        _stop.Dispose();
        base.Dispose();
    }
}
