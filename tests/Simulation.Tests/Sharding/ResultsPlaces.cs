using Npgsql;

namespace Ballast.Simulation.Tests.Sharding;

/// <summary>
/// Where the sharding tests write: a folder of per-shard SQLite files, one shared SQLite file, and — when
/// <c>BALLAST_TEST_POSTGRES</c> names a server whose role may create databases (<c>.ci/run</c> starts Debian's) — a
/// fresh PostgreSQL database, dropped on dispose.
/// </summary>
internal sealed class ResultsPlace : IDisposable
{
    private readonly Action _drop;

    private ResultsPlace(string location, Action drop)
    {
        Location = location;
        _drop = drop;
    }

    /// <summary>What <c>--results</c> would be given.</summary>
    public string Location { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable("BALLAST_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static TheoryData<string> Kinds
    {
        get
        {
            var kinds = new TheoryData<string> { "folder", "file" };
            if (PostgresServer is not null) kinds.Add("postgres");
            return kinds;
        }
    }

    public static ResultsPlace Create(string kind)
    {
        if (kind == "postgres")
        {
            var server = PostgresServer ?? throw new InvalidOperationException("BALLAST_TEST_POSTGRES is not set");
            var name = "ballast_shards_" + Guid.NewGuid().ToString("N")[..16];
            using (var admin = new NpgsqlConnection(server))
            {
                admin.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                cmd.ExecuteNonQuery();
            }
            var location = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
            return new ResultsPlace(location, () =>
            {
                using var admin = new NpgsqlConnection(server);
                admin.Open();
                using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                cmd.ExecuteNonQuery();
            });
        }
        var folder = Directory.CreateTempSubdirectory("ballast-shards-").FullName;
        return new ResultsPlace(kind == "file" ? Path.Combine(folder, "all-shards.sqlite") : Path.Combine(folder, "shards"),
            () => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } });
    }

    public void Dispose() => _drop();
}
