using Ballast.Core.Hashing;

namespace Ballast.Core.Governance;

/// <summary>Which accounts hold which roles. Only governance grants and revokes (after genesis).</summary>
public sealed class RoleRegistry
{
    private readonly SortedDictionary<string, SortedSet<string>> _holders = new(StringComparer.Ordinal);

    public bool Has(string role, string account) => _holders.TryGetValue(role, out var set) && set.Contains(account);

    public bool Grant(string role, string account)
    {
        if (!_holders.TryGetValue(role, out var set)) _holders.Add(role, set = new SortedSet<string>(StringComparer.Ordinal));
        return set.Add(account);
    }

    public bool Revoke(string role, string account) => _holders.TryGetValue(role, out var set) && set.Remove(account);

    public IReadOnlyDictionary<string, IReadOnlyList<string>> View() =>
        _holders.Where(kv => kv.Value.Count > 0)
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToList(), StringComparer.Ordinal);

    public RoleRegistry Clone()
    {
        var copy = new RoleRegistry();
        foreach (var (role, set) in _holders) copy._holders.Add(role, new SortedSet<string>(set, StringComparer.Ordinal));
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("roles");
        foreach (var (role, set) in _holders)
        {
            if (set.Count == 0) continue; // a role granted then revoked is the same state as one never granted
            hasher.Write(role);
            hasher.Write(set.Count);
            foreach (var account in set) hasher.Write(account);
        }
    }
}
