namespace Ballast.Simulation.Sharding;

/// <summary>Where a shard stands in the store.</summary>
public enum ShardState { Running, Done, Failed }
