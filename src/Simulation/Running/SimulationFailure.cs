namespace Ballast.Simulation.Running;

/// <summary>
/// A run that had to stop: a broken engine invariant (token conservation, a handler that threw) on some path and
/// block, or a setup transaction the engine refused. The message names the path, the block and what broke.
/// </summary>
public sealed class SimulationFailure(string message, Exception? inner = null, int path = -1) : Exception(message, inner)
{
    /// <summary>The path that failed (−1 when the failure is not a path's).</summary>
    public int Path { get; } = path;
}
