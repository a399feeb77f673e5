using Npgsql;

namespace Ballast.Node.Storage;

/// <summary>The server store: the same tables in a PostgreSQL database (<c>--postgres CONNECTION</c>).</summary>
public sealed class PostgresNodeStore : SqlNodeStore
{
    private PostgresNodeStore(NpgsqlConnection connection) : base(connection, "postgres") { }

    public static PostgresNodeStore Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var store = new PostgresNodeStore(connection);
        store.CreateSchema("BYTEA");
        store.OpenReader(new NpgsqlConnection(connectionString));
        return store;
    }
}
