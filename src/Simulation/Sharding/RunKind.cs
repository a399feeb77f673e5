namespace Ballast.Simulation.Sharding;

/// <summary>What a sharded run splits: a simulation's paths or a sweep's grid points.</summary>
public enum RunKind { Simulate, Sweep }
