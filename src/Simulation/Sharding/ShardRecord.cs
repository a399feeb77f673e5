namespace Ballast.Simulation.Sharding;

/// <summary>
/// One shard's record: its state, which attempt wrote it (a rerun counts up and replaces the earlier attempt's rows),
/// the host and times (for <c>ballast status</c> only: nothing merged reads them), the build that ran it, the failure's message, the series'
/// names and how many units it has written so far.
/// </summary>
public sealed record ShardRecord(
    int Shard, ShardState State, int Attempt, string Host, string StartedUtc, string? FinishedUtc, string? Message,
    IReadOnlyList<string> SeriesNames, int UnitsDone, string Store)
{
    /// <summary>The build of ballast that ran this attempt (<see cref="ShardHost.BuildVersion"/>).</summary>
    public string Version { get; init; } = "";
}
