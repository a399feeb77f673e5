using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// The identity of a sharded run, recorded once in the store by the first shard: the scenario as it was run (file
/// name as given, full text, the directory its data files are read from), what is split and into how many shards.
/// <see cref="Key"/> is the SHA-256 of everything that decides the results (not the directory, not the host, not the
/// time), so every shard of one run computes the same key on any machine and a shard of another run — other text,
/// seed, paths, horizon, shard count or sweep options — can never be merged into it.
/// </summary>
public sealed record ShardedRun(
    string Key, RunKind Kind, string Name, string ScenarioFile, string ScenarioDirectory, string ScenarioText,
    int Paths, int Shards, int Units, string Options)
{
    /// <summary>The key's first 12 hex digits, as status and merge print it (a prefix selects a run with <c>--run</c>).</summary>
    public string ShortKey => Key[..12];

    /// <summary>The kind as stored and printed: <c>simulate</c> or <c>sweep</c>.</summary>
    public string KindName => Kind == RunKind.Simulate ? "simulate" : "sweep";

    /// <summary>A simulation of <paramref name="scenario"/>'s paths split into <paramref name="shards"/> shards.</summary>
    public static ShardedRun ForSimulation(Scenario scenario, int shards, string directory = "") =>
        Create(RunKind.Simulate, scenario, shards, scenario.Paths, "", directory);

    /// <summary>A sweep over <paramref name="gridPoints"/> points with the recommendation options <paramref name="options"/> (canonical JSON).</summary>
    public static ShardedRun ForSweep(Scenario scenario, int shards, int gridPoints, string options, string directory = "") =>
        Create(RunKind.Sweep, scenario, shards, gridPoints, options, directory);

    private static ShardedRun Create(RunKind kind, Scenario s, int shards, int units, string options, string directory)
    {
        var canonical = string.Join("\n",
            "ballast sharded run v1",
            "kind=" + (kind == RunKind.Simulate ? "simulate" : "sweep"),
            "file=" + s.File,
            "seed=" + s.Seed.ToString(CultureInfo.InvariantCulture),
            "paths=" + s.Paths.ToString(CultureInfo.InvariantCulture),
            "horizon=" + s.HorizonBlocks.ToString(CultureInfo.InvariantCulture),
            "sampleEvery=" + s.SampleEveryBlocks.ToString(CultureInfo.InvariantCulture),
            "shards=" + shards.ToString(CultureInfo.InvariantCulture),
            "units=" + units.ToString(CultureInfo.InvariantCulture),
            "options=" + options,
            "text-sha256=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s.Text))));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return new ShardedRun(key, kind, s.Name, s.File, directory, s.Text, s.Paths, shards, units, options);
    }
}
