using Ballast.Core.Blocks;

namespace Ballast.Core.Modules;

/// <summary>A declared query: its stable name (<c>margin.position</c>), its module, input and result records and how it runs.</summary>
public sealed record QueryInfo(string Name, string Module, Type QueryType, Type ResultType, Func<EngineView, object, object?> Run);

/// <summary>A declared event: its stable name (<c>perps.opened</c>), its module and record type.</summary>
public sealed record EventInfo(string Name, string Module, Type Type);

/// <summary>A declared transaction: its name as scripts write it (<c>subnets.swap</c>), its module and payload record type.</summary>
public sealed record TransactionInfo(string Name, string Module, Type Type)
{
    public bool GenesisOnly => typeof(IGenesisTransaction).IsAssignableFrom(Type);
}

/// <summary>How a module that requires a port orders its block hook against the provider's.</summary>
public enum HookOrder
{
    /// <summary>The requirer reads what the provider settled this block: its hook runs after the provider's (the risk controller after perps).</summary>
    AfterProvider,
    /// <summary>The requirer feeds the provider during its own hook: its hook runs first, so the provider's hook closes the block over it (perps' liquidations before the insurance pool's epoch accounting).</summary>
    BeforeProvider,
}

/// <summary>A port (a public interface of a module's services) and the module that provides it.</summary>
public sealed record PortInfo(Type Port, string Provider);

/// <summary>A module's need for a port, and how its hook is ordered against the provider's.</summary>
public sealed record PortRequirement(Type Port, string Module, HookOrder Order);

/// <summary>Names and types of one kind of declaration (transactions, queries or events), both ways, names sorted.</summary>
public sealed class Catalog<TInfo> where TInfo : class
{
    private readonly SortedDictionary<string, TInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, TInfo> _byType = [];
    private readonly string _kind;

    internal Catalog(string kind) => _kind = kind;

    internal void Add(string name, Type type, TInfo info)
    {
        if (!_byName.TryAdd(name, info)) throw new InvalidOperationException($"{_kind} '{name}' declared twice");
        if (!_byType.TryAdd(type, info)) throw new InvalidOperationException($"{_kind} record {type.Name} declared twice (as '{name}')");
    }

    public bool TryGet(string name, out TInfo info) => _byName.TryGetValue(name, out info!);
    public bool TryGet(Type type, out TInfo info) => _byType.TryGetValue(type, out info!);
    public IReadOnlyCollection<string> Names => _byName.Keys;
    public IEnumerable<TInfo> All => _byName.Values;
    public int Count => _byName.Count;
}
