using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// Where shards write: a SQLite file (one per shard, or one shared by shards on one machine) or a PostgreSQL database
/// shared by every shard. Three tables, the same in both: <c>sharded_runs</c> (each run's identity, once),
/// <c>sharded_shards</c> (per shard: state, attempt, host, times, message, series names) and <c>sharded_units</c>
/// (per path or grid point: the exact bytes of <see cref="UnitCodec"/>). A shard's start bumps its attempt and
/// deletes its rows in one transaction; units are written (in batches) only while their attempt is the current one (a stale process
/// of a replaced attempt writes nothing); the shard is marked done only when all its units are there.
/// Not thread-safe: a shard's workers write through <see cref="ShardWriter"/>, which serialises them.
/// </summary>
public sealed class ShardStore : IDisposable
{
    private readonly DbConnection _connection;

    private ShardStore(DbConnection connection, string description, bool postgres)
    {
        _connection = connection;
        Description = description;
        IsPostgres = postgres;
    }

    /// <summary>The file, or the PostgreSQL server and database (no password), as messages name it.</summary>
    public string Description { get; }

    public bool IsPostgres { get; }

    /// <summary>Opens (creating when <paramref name="create"/>) a SQLite store file.</summary>
    public static ShardStore OpenSqlite(string file, bool create)
    {
        if (create) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        else if (!File.Exists(file)) throw new ShardingException($"no results store at {file}");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file, Pooling = false, Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            DefaultTimeout = 120, // shards on one machine may share a file: wait for the writer's lock
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var store = new ShardStore(connection, file, postgres: false);
        if (create) store.CreateSchema("BLOB");
        return store;
    }

    /// <summary>Opens a PostgreSQL store from a connection string (<c>Host=…;Database=…</c> or <c>postgresql://user:pw@host:port/db</c>) and creates its tables when missing.</summary>
    public static ShardStore OpenPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ResultsLocation.PostgresKeyValue(connectionString));
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            connection.Dispose();
            throw new ShardingException($"cannot connect to PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}: {e.Message}");
        }
        var store = new ShardStore(connection, $"postgresql {builder.Host}:{builder.Port}/{builder.Database}", postgres: true);
        store.CreateSchema("BYTEA");
        return store;
    }

    private void CreateSchema(string blob)
    {
        using var tx = _connection.BeginTransaction();
        // Concurrent shards create the tables at once; PostgreSQL's CREATE IF NOT EXISTS can still collide, so serialise.
        if (IsPostgres) Execute(tx, "SELECT pg_advisory_xact_lock(7201120520)");
        Execute(tx, $"""
            CREATE TABLE IF NOT EXISTS sharded_runs (run_key TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
              scenario_file TEXT NOT NULL, scenario_directory TEXT NOT NULL, scenario_text TEXT NOT NULL,
              paths INTEGER NOT NULL, shards INTEGER NOT NULL, units INTEGER NOT NULL, options TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS sharded_shards (run_key TEXT NOT NULL, shard INTEGER NOT NULL, state TEXT NOT NULL,
              attempt INTEGER NOT NULL, host TEXT NOT NULL, started_utc TEXT NOT NULL, finished_utc TEXT, message TEXT,
              series_names TEXT, ballast_version TEXT NOT NULL, PRIMARY KEY (run_key, shard));
            CREATE TABLE IF NOT EXISTS sharded_units (run_key TEXT NOT NULL, unit INTEGER NOT NULL, shard INTEGER NOT NULL,
              attempt INTEGER NOT NULL, data {blob} NOT NULL, PRIMARY KEY (run_key, unit));
            """);
        tx.Commit();
    }

    /// <summary>Records the run's identity unless it is there already (the first shard to start writes it).</summary>
    public void Register(ShardedRun run)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = Command(tx, """
            INSERT INTO sharded_runs (run_key, kind, name, scenario_file, scenario_directory, scenario_text, paths, shards, units, options)
            VALUES (@k, @kind, @n, @f, @d, @t, @p, @s, @u, @o) ON CONFLICT (run_key) DO NOTHING
            """);
        Add(cmd, "k", run.Key);
        Add(cmd, "kind", run.KindName);
        Add(cmd, "n", run.Name);
        Add(cmd, "f", run.ScenarioFile);
        Add(cmd, "d", run.ScenarioDirectory);
        Add(cmd, "t", run.ScenarioText);
        Add(cmd, "p", run.Paths);
        Add(cmd, "s", run.Shards);
        Add(cmd, "u", run.Units);
        Add(cmd, "o", run.Options);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>Starts (or restarts) a shard: its attempt counts up, its earlier rows go, its state is running. Returns the attempt.</summary>
    public int Begin(string runKey, int shard, string host, string version, string startedUtc)
    {
        using var tx = _connection.BeginTransaction();
        using (var cmd = Command(tx, """
            INSERT INTO sharded_shards (run_key, shard, state, attempt, host, started_utc, ballast_version) VALUES (@k, @s, 'running', 1, @h, @t, @v)
            ON CONFLICT (run_key, shard) DO UPDATE SET state = 'running', attempt = sharded_shards.attempt + 1, host = @h,
              started_utc = @t, finished_utc = NULL, message = NULL, series_names = NULL, ballast_version = @v
            """))
        {
            Add(cmd, "k", runKey);
            Add(cmd, "s", shard);
            Add(cmd, "h", host);
            Add(cmd, "v", version);
            Add(cmd, "t", startedUtc);
            cmd.ExecuteNonQuery();
        }
        using (var cmd = Command(tx, "DELETE FROM sharded_units WHERE run_key = @k AND shard = @s"))
        {
            Add(cmd, "k", runKey);
            Add(cmd, "s", shard);
            cmd.ExecuteNonQuery();
        }
        int attempt;
        using (var cmd = Command(tx, "SELECT attempt FROM sharded_shards WHERE run_key = @k AND shard = @s"))
        {
            Add(cmd, "k", runKey);
            Add(cmd, "s", shard);
            attempt = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        tx.Commit();
        return attempt;
    }

    /// <summary>Writes one unit's bytes if <paramref name="attempt"/> is still the shard's current attempt; false when a later attempt replaced it.</summary>
    public bool WriteUnit(string runKey, int shard, int attempt, int unit, byte[] data) => WriteUnits(runKey, shard, attempt, [(unit, data)]);

    /// <summary>Writes units in one transaction (one sync to disk) if <paramref name="attempt"/> is still current; false, writing nothing, when a later attempt replaced it.</summary>
    public bool WriteUnits(string runKey, int shard, int attempt, IReadOnlyList<(int Unit, byte[] Data)> units)
    {
        using var tx = _connection.BeginTransaction();
        using (var check = Command(tx, "SELECT COUNT(*) FROM sharded_shards WHERE run_key = @k AND shard = @s AND attempt = @a AND state = 'running'"))
        {
            Add(check, "k", runKey);
            Add(check, "s", shard);
            Add(check, "a", attempt);
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 1) return false;
        }
        using var cmd = Command(tx, """
            INSERT INTO sharded_units (run_key, unit, shard, attempt, data) VALUES (@k, @u, @s, @a, @d)
            ON CONFLICT (run_key, unit) DO UPDATE SET shard = excluded.shard, attempt = excluded.attempt, data = excluded.data
            """);
        Add(cmd, "k", runKey);
        Add(cmd, "s", shard);
        Add(cmd, "a", attempt);
        var unitParameter = cmd.CreateParameter();
        unitParameter.ParameterName = "u";
        cmd.Parameters.Add(unitParameter);
        var dataParameter = cmd.CreateParameter();
        dataParameter.ParameterName = "d";
        cmd.Parameters.Add(dataParameter);
        foreach (var (unit, data) in units)
        {
            unitParameter.Value = unit;
            dataParameter.Value = data;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return true;
    }

    /// <summary>Marks the shard done if this attempt is current and wrote exactly <paramref name="units"/> units.</summary>
    public void Complete(string runKey, int shard, int attempt, int units, IReadOnlyList<string> seriesNames, string finishedUtc)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = Command(tx, """
            UPDATE sharded_shards SET state = 'done', finished_utc = @t, series_names = @n
            WHERE run_key = @k AND shard = @s AND attempt = @a AND state = 'running'
              AND (SELECT COUNT(*) FROM sharded_units WHERE run_key = @k AND shard = @s AND attempt = @a) = @u
            """);
        Add(cmd, "k", runKey);
        Add(cmd, "s", shard);
        Add(cmd, "a", attempt);
        Add(cmd, "u", units);
        Add(cmd, "t", finishedUtc);
        Add(cmd, "n", string.Join("\n", seriesNames));
        if (cmd.ExecuteNonQuery() != 1)
            throw new ShardingException($"shard {shard}: attempt {attempt} was replaced by a later attempt or did not write its {units} unit(s); nothing marked done");
        tx.Commit();
    }

    /// <summary>Marks the shard failed with the failure's sentence (only its current attempt).</summary>
    public void Fail(string runKey, int shard, int attempt, string message, string finishedUtc)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = Command(tx, "UPDATE sharded_shards SET state = 'failed', finished_utc = @t, message = @m WHERE run_key = @k AND shard = @s AND attempt = @a");
        Add(cmd, "k", runKey);
        Add(cmd, "s", shard);
        Add(cmd, "a", attempt);
        Add(cmd, "m", message);
        Add(cmd, "t", finishedUtc);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>Every run recorded in this store (none when it has no tables yet), by name then key.</summary>
    public IReadOnlyList<ShardedRun> Runs()
    {
        if (!HasTables()) return [];
        using var cmd = Command(null, "SELECT run_key, kind, name, scenario_file, scenario_directory, scenario_text, paths, shards, units, options FROM sharded_runs ORDER BY name, run_key");
        using var r = cmd.ExecuteReader();
        var runs = new List<ShardedRun>();
        while (r.Read())
            runs.Add(new ShardedRun(r.GetString(0), r.GetString(1) == "sweep" ? RunKind.Sweep : RunKind.Simulate, r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), Int(r, 6), Int(r, 7), Int(r, 8), r.GetString(9)));
        return runs;
    }

    /// <summary>The shards of <paramref name="runKey"/> recorded here, by shard.</summary>
    public IReadOnlyList<ShardRecord> Shards(string runKey)
    {
        if (!HasTables()) return [];
        using var cmd = Command(null, """
            SELECT s.shard, s.state, s.attempt, s.host, s.started_utc, s.finished_utc, s.message, s.series_names, s.ballast_version,
              (SELECT COUNT(*) FROM sharded_units u WHERE u.run_key = s.run_key AND u.shard = s.shard AND u.attempt = s.attempt)
            FROM sharded_shards s WHERE s.run_key = @k ORDER BY s.shard
            """);
        Add(cmd, "k", runKey);
        using var r = cmd.ExecuteReader();
        var shards = new List<ShardRecord>();
        while (r.Read())
        {
            var state = r.GetString(1) switch { "done" => ShardState.Done, "failed" => ShardState.Failed, _ => ShardState.Running };
            string? names = r.IsDBNull(7) ? null : r.GetString(7);
            shards.Add(new ShardRecord(Int(r, 0), state, Int(r, 2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), string.IsNullOrEmpty(names) ? [] : names.Split('\n'), Int(r, 9), Description) { Version = r.GetString(8) });
        }
        return shards;
    }

    /// <summary>The units a shard's current attempt wrote, by unit.</summary>
    public IEnumerable<(int Unit, byte[] Data)> Units(string runKey, int shard, int attempt)
    {
        using var cmd = Command(null, "SELECT unit, data FROM sharded_units WHERE run_key = @k AND shard = @s AND attempt = @a ORDER BY unit");
        Add(cmd, "k", runKey);
        Add(cmd, "s", shard);
        Add(cmd, "a", attempt);
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return (Int(r, 0), (byte[])r.GetValue(1));
    }

    private bool HasTables()
    {
        using var cmd = Command(null, IsPostgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'sharded_units' AND table_schema = current_schema()"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sharded_units'");
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static int Int(DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private DbCommand Command(DbTransaction? tx, string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private void Execute(DbTransaction tx, string sql)
    {
        using var cmd = Command(tx, sql);
        cmd.ExecuteNonQuery();
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public void Dispose() => _connection.Dispose();
}
