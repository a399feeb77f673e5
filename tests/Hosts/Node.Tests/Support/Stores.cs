using Ballast.Node.Storage;
using Npgsql;

namespace Ballast.Node.Tests.Support;

/// <summary>
/// The stores every store test runs against: SQLite in a temporary folder always, and PostgreSQL when
/// <c>BALLAST_TEST_POSTGRES</c> holds a connection string to a server whose role may create databases
/// (<c>.ci/run</c> starts Debian's server and sets it; without it the PostgreSQL cases are left out, so
/// <c>dotnet test</c> needs only the SDK).
/// </summary>
public static class Stores
{
    public const string PostgresVariable = "BALLAST_TEST_POSTGRES";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    public static TheoryData<string> Kinds
    {
        get
        {
            var kinds = new TheoryData<string> { "sqlite" };
            if (PostgresServer is not null) kinds.Add("postgres");
            return kinds;
        }
    }

    /// <summary>A fresh, empty place for a log of the given kind, removed on dispose.</summary>
    public static StorePlace Create(string kind) => kind switch
    {
        "sqlite" => StorePlace.Sqlite(),
        "postgres" => StorePlace.Postgres(PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>An empty SQLite folder or PostgreSQL database, and the node options that point at it.</summary>
public sealed class StorePlace : IDisposable
{
    private readonly Action _drop;

    private StorePlace(NodeOptions options, Action drop)
    {
        Options = options;
        _drop = drop;
    }

    public NodeOptions Options { get; }

    public INodeStore Open() => NodeHost.OpenStore(Options);

    public static StorePlace Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ballast-node-tests", Guid.NewGuid().ToString("N"));
        return new StorePlace(new NodeOptions { DataFolder = folder }, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        });
    }

    public static StorePlace Postgres(string server)
    {
        var database = "ballast_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {database}";
            create.ExecuteNonQuery();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ToString();
        return new StorePlace(new NodeOptions { Postgres = connection }, () =>
        {
            using var admin = new NpgsqlConnection(server);
            admin.Open();
            using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS {database} WITH (FORCE)";
            drop.ExecuteNonQuery();
        });
    }

    public void Dispose() => _drop();
}
