namespace Ballast.Simulation.Sharding;

/// <summary>Who runs a shard and what time it is: only <c>ballast status</c> shows them; no merged byte depends on them.</summary>
public sealed record ShardHost(string Name, TimeProvider Clock)
{
    public string Now() => Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
