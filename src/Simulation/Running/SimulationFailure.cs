namespace Ballast.Simulation.Running;

/// <summary>
/// A run that had to stop: a broken engine invariant (token conservation, a handler that threw) on some path and
/// block, or a setup transaction the engine refused. The message names the path, the block and what broke.
/// </summary>
public sealed class SimulationFailure(string message, Exception? inner = null) : Exception(message, inner);
