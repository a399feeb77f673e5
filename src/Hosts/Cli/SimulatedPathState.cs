using System.Globalization;
using Ballast.Core.State.Persistence;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Microsoft.Data.Sqlite;

namespace Ballast.Cli;

/// <summary>
/// The state of a simulated path at a block, for <c>ballast node --from RESULTS --path i --block b</c>: the run's
/// scenario (its full text and seed, as <c>results.sqlite</c> keeps them) is loaded again and path i re-run in process
/// to horizon block b — (seed, path) fix every random draw, so it is the very state the simulator passed through —
/// and written as a state file the node starts its chain from.
/// </summary>
public static class SimulatedPathState
{
    /// <summary>What was re-run, for the node's banner.</summary>
    public sealed record Origin(string Scenario, ulong Seed, int Path, long Block, long Height, string StateHash);

    /// <param name="results">A simulation's <c>results.sqlite</c>, or the output folder holding it.</param>
    /// <param name="run">The run in that file (default: the last).</param>
    /// <exception cref="InvalidOperationException">The file, run, path or block does not exist (the message says which).</exception>
    public static (byte[] State, Origin Origin) Load(string results, int path, long block, long? run = null)
    {
        var file = Directory.Exists(results) ? Path.Combine(results, "results.sqlite") : results;
        if (!File.Exists(file)) throw new InvalidOperationException($"--from: no simulation results at {file} (give results.sqlite or its folder)");
        string scenarioFile, text, seedText;
        int paths;
        long horizon;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = run is null
                ? "SELECT scenario_file, scenario_text, seed, paths, horizon_blocks, id FROM runs ORDER BY id DESC LIMIT 1"
                : "SELECT scenario_file, scenario_text, seed, paths, horizon_blocks, id FROM runs WHERE id = $id";
            if (run is { } id) command.Parameters.AddWithValue("$id", id);
            try
            {
                using var reader = command.ExecuteReader();
                if (!reader.Read()) throw new InvalidOperationException($"--from: {file} holds no run{(run is { } r ? $" {r}" : "")}");
                (scenarioFile, text, seedText, paths, horizon) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4));
            }
            catch (SqliteException e)
            {
                throw new InvalidOperationException($"--from: {file} is not a simulation's results.sqlite ({e.Message})");
            }
        }
        if (path < 0 || path >= paths) throw new InvalidOperationException($"--path {path}: the run has paths 0 to {paths - 1}");
        if (block < 0 || block > horizon) throw new InvalidOperationException($"--block {block}: the run's horizon is blocks 0 to {horizon}");

        // Data files a scenario names (replayed series) are found next to the scenario file, as when it ran.
        var scenario = ScenarioLoader.Load(scenarioFile, text, Path.GetDirectoryName(Path.GetFullPath(scenarioFile)) ?? ".", pathsOverride: paths);
        if (scenario.Seed.ToString(CultureInfo.InvariantCulture) != seedText)
            throw new InvalidOperationException($"--from: the run's seed is {seedText} but its scenario text says {scenario.Seed}");
        var engine = new PathRunner(scenario, Engines.Create).RunTo(path, block);
        return (EngineStateFile.Write(engine), new Origin(scenario.Name, scenario.Seed, path, block, engine.Height, engine.StateHash()));
    }
}
