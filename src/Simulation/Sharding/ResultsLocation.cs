namespace Ballast.Simulation.Sharding;

/// <summary>
/// What <c>--results</c> and the RESULTS arguments of <c>merge</c> and <c>status</c> name: a PostgreSQL connection
/// string (<c>Host=…;Database=…</c> or a <c>postgresql://</c> URI), a SQLite file (<c>….sqlite</c> or <c>….db</c>, which
/// shards on one machine may share), or a folder in which each shard writes its own
/// <c>shard-I-of-N.sqlite</c> (the layout for a shared file system: no two machines write one file).
/// </summary>
public static class ResultsLocation
{
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || location.Contains("host=", StringComparison.OrdinalIgnoreCase);

    private static bool IsSqliteFile(string location) =>
        location.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase) || location.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || File.Exists(location);

    /// <summary>The store shard <paramref name="shard"/> writes into (created when missing).</summary>
    public static ShardStore OpenForShard(string location, Shard shard) =>
        IsPostgres(location) ? ShardStore.OpenPostgres(location)
        : IsSqliteFile(location) ? ShardStore.OpenSqlite(location, create: true)
        : ShardStore.OpenSqlite(Path.Combine(location, ShardFileName(shard)), create: true);

    /// <summary>The file a shard writes in a results folder.</summary>
    public static string ShardFileName(Shard shard) => $"shard-{shard.Index}-of-{shard.Count}.sqlite";

    /// <summary>Every store the locations name, for reading: a folder gives each of its <c>*.sqlite</c> files (in name order).</summary>
    public static List<ShardStore> OpenForReading(IEnumerable<string> locations)
    {
        var stores = new List<ShardStore>();
        try
        {
            foreach (var location in locations)
            {
                if (IsPostgres(location)) stores.Add(ShardStore.OpenPostgres(location));
                else if (File.Exists(location)) stores.Add(ShardStore.OpenSqlite(location, create: false));
                else if (Directory.Exists(location))
                {
                    var files = Directory.GetFiles(location, "*.sqlite").Order(StringComparer.Ordinal).ToList();
                    if (files.Count == 0) throw new ShardingException($"no shard stores (*.sqlite) in the folder {location}");
                    stores.AddRange(files.Select(f => ShardStore.OpenSqlite(f, create: false)));
                }
                else throw new ShardingException($"no results at {location}: expected a shard store file, a folder of them or a PostgreSQL connection string");
            }
        }
        catch
        {
            foreach (var s in stores) s.Dispose();
            throw;
        }
        return stores;
    }

    /// <summary>A <c>postgresql://user:password@host:port/database?k=v</c> URI as Npgsql's key=value form; key=value text unchanged.</summary>
    public static string PostgresKeyValue(string location)
    {
        if (!location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return location;
        var uri = new Uri(location);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (uri.Port > 0) parts.Add($"Port={uri.Port}");
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0) parts.Add($"Username={Uri.UnescapeDataString(user[0])}");
        if (user.Length > 1) parts.Add($"Password={Uri.UnescapeDataString(user[1])}");
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) parts.Add($"Database={Uri.UnescapeDataString(database)}");
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            parts.Add($"{Uri.UnescapeDataString(kv[0])}={(kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "")}");
        }
        return string.Join(";", parts);
    }
}
