namespace Ballast.Core.Blocks;

/// <summary>A broken engine invariant (conservation, a negative balance): a bug, never an expected rejection.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);
