using Ballast.Core.Hashing;

namespace Ballast.Core.Governance;

/// <summary>
/// Pause switches: a key is a module (<c>subnets</c>) or one action of it (<c>subnets.swap</c>). An action is
/// paused when either its module or the action itself is.
/// </summary>
public sealed class PauseRegistry
{
    private readonly SortedSet<string> _paused = new(StringComparer.Ordinal);

    public bool IsPaused(string module, string action) =>
        _paused.Count != 0 && (_paused.Contains(module) || _paused.Contains($"{module}.{action}"));

    public bool IsPaused(string key) => _paused.Contains(key);
    public bool Pause(string key) => _paused.Add(key);
    public bool Unpause(string key) => _paused.Remove(key);
    public IReadOnlyList<string> View() => _paused.ToList();

    public PauseRegistry Clone()
    {
        var copy = new PauseRegistry();
        foreach (var key in _paused) copy._paused.Add(key);
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("pauses");
        hasher.Write(_paused.Count);
        foreach (var key in _paused) hasher.Write(key);
    }
}
