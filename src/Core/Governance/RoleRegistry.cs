using Ballast.Core.Hashing;
using Ballast.Core.State;

namespace Ballast.Core.Governance;

/// <summary>Which accounts hold which roles. Only governance grants and revokes (after genesis). Journaled like module state.</summary>
public sealed class RoleRegistry : IRoleView
{
    // role → holders; a role whose last holder is revoked is removed, so it hashes as one never granted.
    private StateMap<string, StateMap<string, bool>> _holders = new();

    public bool Has(string role, string account) => _holders.TryGetValue(role, out var set) && set.ContainsKey(account);

    public bool Grant(string role, string account)
    {
        if (!_holders.TryGetValue(role, out var set)) _holders.Add(role, set = new StateMap<string, bool>());
        return set.TryAdd(account, true);
    }

    public bool Revoke(string role, string account)
    {
        if (!_holders.TryGetValue(role, out var set) || !set.Remove(account)) return false;
        if (set.Count == 0) _holders.Remove(role);
        return true;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> View() =>
        _holders.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Keys.ToList(), StringComparer.Ordinal);

    public RoleRegistry Clone() => new() { _holders = (StateMap<string, StateMap<string, bool>>)_holders.DeepClone() };

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("roles");
        _holders.WriteHash(hasher);
    }
}

/// <summary>Read-only role checks, for views.</summary>
public interface IRoleView
{
    bool Has(string role, string account);
    IReadOnlyDictionary<string, IReadOnlyList<string>> View();
}
