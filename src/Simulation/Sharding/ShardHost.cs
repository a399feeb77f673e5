using System.Reflection;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// Who runs a shard, with which build of ballast, and what time it is. Name and time are for <c>ballast status</c> only;
/// the version is checked by the merge (shards of one run must come from one build: another build may compute other
/// numbers) and enters no merged byte.
/// </summary>
public sealed record ShardHost(string Name, TimeProvider Clock)
{
    /// <summary>This build's informational version (with the source revision when the build knew it).</summary>
    public static readonly string BuildVersion =
        typeof(ShardHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The build that runs the shard; <see cref="BuildVersion"/> unless a test says otherwise.</summary>
    public string Version { get; init; } = BuildVersion;

    public string Now() => Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
