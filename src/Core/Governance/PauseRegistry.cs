using Ballast.Core.Hashing;
using Ballast.Core.State;

namespace Ballast.Core.Governance;

/// <summary>
/// Pause switches: a key is a module (<c>subnets</c>) or one action of it (<c>subnets.swap</c>). An action is
/// paused when either its module or the action itself is. Journaled like module state.
/// </summary>
public sealed class PauseRegistry : IPauseView
{
    private StateMap<string, bool> _paused = new();

    public bool IsPaused(string module, string action) =>
        _paused.Count != 0 && (_paused.ContainsKey(module) || _paused.ContainsKey($"{module}.{action}"));

    public bool IsPaused(string key) => _paused.ContainsKey(key);
    public bool Pause(string key) => _paused.TryAdd(key, true);
    public bool Unpause(string key) => _paused.Remove(key);
    public IReadOnlyList<string> View() => _paused.Keys.ToList();

    public PauseRegistry Clone() => new() { _paused = (StateMap<string, bool>)_paused.DeepClone() };

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("pauses");
        _paused.WriteHash(hasher);
    }
}

/// <summary>Read-only pause checks, for views.</summary>
public interface IPauseView
{
    bool IsPaused(string module, string action);
    bool IsPaused(string key);
    IReadOnlyList<string> View();
}
