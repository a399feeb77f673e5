using Ballast.Simulation.Metrics;
using Microsoft.Data.Sqlite;

namespace Ballast.Simulation.Outputs;

/// <summary>
/// The results database (SQLite, the embedded default): <c>runs</c> (the scenario's name, seed, paths, horizon, its
/// full text and the results hash), <c>path_outcomes</c> (one row per path), <c>series</c> (path, block, metric,
/// value: long form) and <c>summary</c> (each headline figure with its interval). A file may hold many runs.
/// </summary>
public static class SqliteStore
{
    public static long Write(string file, RunResults results)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, seed TEXT NOT NULL, paths INTEGER NOT NULL,
              horizon_blocks INTEGER NOT NULL, sample_every_blocks INTEGER NOT NULL, scenario_file TEXT NOT NULL, scenario_text TEXT NOT NULL, results_hash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS path_outcomes (run_id INTEGER NOT NULL, path INTEGER NOT NULL, outcome TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, path, outcome));
            CREATE TABLE IF NOT EXISTS series (run_id INTEGER NOT NULL, path INTEGER NOT NULL, block INTEGER NOT NULL, metric TEXT NOT NULL, value REAL,
              PRIMARY KEY (run_id, path, block, metric));
            CREATE TABLE IF NOT EXISTS summary (run_id INTEGER NOT NULL, figure TEXT NOT NULL, value REAL, low REAL, high REAL, PRIMARY KEY (run_id, figure));
            """);
        using var tx = connection.BeginTransaction();
        var s = results.Scenario;
        long runId;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO runs (name, seed, paths, horizon_blocks, sample_every_blocks, scenario_file, scenario_text, results_hash) VALUES ($n, $s, $p, $h, $k, $f, $t, $x); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$n", s.Name);
            cmd.Parameters.AddWithValue("$s", s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$p", s.Paths);
            cmd.Parameters.AddWithValue("$h", s.HorizonBlocks);
            cmd.Parameters.AddWithValue("$k", s.SampleEveryBlocks);
            cmd.Parameters.AddWithValue("$f", s.File);
            cmd.Parameters.AddWithValue("$t", s.Text);
            cmd.Parameters.AddWithValue("$x", results.Hash);
            runId = (long)cmd.ExecuteScalar()!;
        }
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO path_outcomes VALUES ($r, $p, $o, $v)";
            var (r, p, o, v) = (cmd.Parameters.Add("$r", SqliteType.Integer), cmd.Parameters.Add("$p", SqliteType.Integer), cmd.Parameters.Add("$o", SqliteType.Text), cmd.Parameters.Add("$v", SqliteType.Real));
            r.Value = runId;
            var names = PathOutcomes.NamesOf(results.Paths);
            foreach (var path in results.Paths)
                for (int i = 0; i < names.Length; i++)
                {
                    (p.Value, o.Value, v.Value) = (path.Path, names[i], Value(path.Outcomes[i]));
                    cmd.ExecuteNonQuery();
                }
        }
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO series VALUES ($r, $p, $b, $m, $v)";
            var (r, p, b, m, v) = (cmd.Parameters.Add("$r", SqliteType.Integer), cmd.Parameters.Add("$p", SqliteType.Integer), cmd.Parameters.Add("$b", SqliteType.Integer),
                cmd.Parameters.Add("$m", SqliteType.Text), cmd.Parameters.Add("$v", SqliteType.Real));
            r.Value = runId;
            foreach (var path in results.Paths)
                for (int k = 0; k < path.SampleBlocks.Length; k++)
                    for (int i = 0; i < results.SeriesNames.Count; i++)
                    {
                        (p.Value, b.Value, m.Value, v.Value) = (path.Path, path.SampleBlocks[k], results.SeriesNames[i], Value(path.Series[k][i]));
                        cmd.ExecuteNonQuery();
                    }
        }
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO summary VALUES ($r, $f, $v, $l, $h)";
            var (r, f, v, l, h) = (cmd.Parameters.Add("$r", SqliteType.Integer), cmd.Parameters.Add("$f", SqliteType.Text), cmd.Parameters.Add("$v", SqliteType.Real),
                cmd.Parameters.Add("$l", SqliteType.Real), cmd.Parameters.Add("$h", SqliteType.Real));
            r.Value = runId;
            foreach (var (name, e) in Headline.Figures(results.Summary))
            {
                (f.Value, v.Value, l.Value, h.Value) = (name, Value(e.Value), Value(e.Low), Value(e.High));
                cmd.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return runId;
    }

    private static object Value(double x) => double.IsNaN(x) || double.IsInfinity(x) ? DBNull.Value : x;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
