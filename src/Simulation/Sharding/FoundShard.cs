namespace Ballast.Simulation.Sharding;

/// <summary>One shard as found in the stores: its record and the store holding it.</summary>
public sealed record FoundShard(ShardRecord Record, ShardStore Store);
