namespace Ballast.Simulation.Scenarios;

/// <summary>A scenario the simulator cannot run, found before any work starts: <c>FILE:LINE: problem</c>.</summary>
public sealed class ScenarioException(string file, int line, string problem) : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
