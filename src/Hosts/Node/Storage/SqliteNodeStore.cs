using Microsoft.Data.Sqlite;

namespace Ballast.Node.Storage;

/// <summary>
/// The embedded store: one SQLite file in the data folder, write-ahead log, <c>synchronous=FULL</c> (a committed
/// block survives a power cut, not only a process kill), one connection owned by the node.
/// </summary>
public sealed class SqliteNodeStore : SqlNodeStore
{
    private SqliteNodeStore(SqliteConnection connection) : base(connection, "sqlite") { }

    public static SqliteNodeStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var store = new SqliteNodeStore(connection);
        store.Execute("PRAGMA journal_mode=WAL;");
        store.Execute("PRAGMA synchronous=FULL;");
        store.CreateSchema("BLOB");
        return store;
    }
}
