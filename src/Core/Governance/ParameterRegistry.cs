using Ballast.Core.Hashing;
using Ballast.Core.Modules;
using Ballast.Core.State;

namespace Ballast.Core.Governance;

/// <summary>
/// Every module's current parameter set, by module name and by record type. Sets are immutable; the registry's shape
/// is fixed when the engine is built, and replacing a module's set is a journaled write to its slot.
/// </summary>
public sealed class ParameterRegistry
{
    private sealed class Slot : StateObject
    {
        public required IParameterSet Current { get; set => Set(ref field, value); }
    }

    private readonly SortedDictionary<string, Slot> _byModule = new(StringComparer.Ordinal);
    private Slot?[] _byType = []; // by TypeSlot id of the parameter record: read on every transaction

    internal void Add(IParameterSet set)
    {
        var slot = new Slot { Current = set };
        _byModule.Add(set.Module, slot);
        int id = TypeSlot.For(set.ValuesType);
        if (id < _byType.Length && _byType[id] is not null) throw new InvalidOperationException($"parameters of type {set.ValuesType.Name} registered twice");
        TypeSlot.Put(ref _byType, id, slot);
    }

    internal void Replace(IParameterSet set) => _byModule[set.Module].Current = set;

    public bool TryGet(string module, out IParameterSet set)
    {
        set = _byModule.TryGetValue(module, out var slot) ? slot.Current : null!;
        return slot is not null;
    }

    public TParams Get<TParams>() where TParams : class
    {
        int id = TypeSlot<TParams>.Id;
        return (uint)id < (uint)_byType.Length && _byType[id] is { } slot
            ? (TParams)slot.Current.ValuesObject
            : throw new InvalidOperationException($"no parameters of type {typeof(TParams).Name} registered");
    }

    public IEnumerable<IParameterSet> All => _byModule.Values.Select(s => s.Current);

    public ParameterRegistry Clone()
    {
        var copy = new ParameterRegistry();
        foreach (var slot in _byModule.Values) copy.Add(slot.Current); // sets are immutable
        return copy;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("parameters");
        foreach (var slot in _byModule.Values) slot.Current.WriteHash(hasher);
    }
}
