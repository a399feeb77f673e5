namespace Ballast.Simulation.Sharding;

/// <summary>A refusal of the sharding tools (an incomplete or ambiguous run, a store that cannot be read), with a sentence that says what to do.</summary>
public sealed class ShardingException(string message) : Exception(message);
