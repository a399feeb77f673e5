using Microsoft.Data.Sqlite;

namespace Ballast.Node.Storage;

/// <summary>
/// The embedded store: one SQLite file in the data folder, write-ahead log, <c>synchronous=FULL</c> (a committed
/// block survives a power cut, not only a process kill), one connection that writes and one that reads the history.
/// </summary>
public sealed class SqliteNodeStore : SqlNodeStore
{
    private SqliteNodeStore(SqliteConnection connection) : base(connection, "sqlite") { }

    public static SqliteNodeStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var store = new SqliteNodeStore(connection);
        store.Execute("PRAGMA journal_mode=WAL;");
        store.Execute("PRAGMA synchronous=FULL;");
        store.CreateSchema("BLOB");
        // The history's readers on a connection of their own: in write-ahead-log mode they read the last commit
        // while the writer appends.
        store.OpenReader(new SqliteConnection(connectionString));
        return store;
    }
}
