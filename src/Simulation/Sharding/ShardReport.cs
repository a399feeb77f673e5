namespace Ballast.Simulation.Sharding;

/// <summary>What a shard did: the run it belongs to, its range of units and the attempt it wrote.</summary>
public sealed record ShardReport(ShardedRun Run, Shard Shard, int FirstUnit, int EndUnit, int Attempt);
