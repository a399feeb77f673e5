using Ballast.Core.Hashing;

namespace Ballast.Core.Governance;

/// <summary>Every module's current parameter set, by module name and by record type.</summary>
public sealed class ParameterRegistry
{
    private readonly SortedDictionary<string, IParameterSet> _byModule = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, IParameterSet> _byType = [];

    internal void Add(IParameterSet set)
    {
        _byModule.Add(set.Module, set);
        _byType.Add(set.ValuesType, set);
    }

    internal void Replace(IParameterSet set)
    {
        _byModule[set.Module] = set;
        _byType[set.ValuesType] = set;
    }

    public bool TryGet(string module, out IParameterSet set) => _byModule.TryGetValue(module, out set!);

    public TParams Get<TParams>() where TParams : class =>
        _byType.TryGetValue(typeof(TParams), out var set)
            ? (TParams)set.ValuesObject
            : throw new InvalidOperationException($"no parameters of type {typeof(TParams).Name} registered");

    public IEnumerable<IParameterSet> All => _byModule.Values;

    public ParameterRegistry Clone()
    {
        var copy = new ParameterRegistry();
        foreach (var set in _byModule.Values) copy.Add(set); // sets are immutable
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("parameters");
        foreach (var set in _byModule.Values) set.WriteHash(hasher);
    }
}
