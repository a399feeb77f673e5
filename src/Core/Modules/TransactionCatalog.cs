using Ballast.Core.Blocks;

namespace Ballast.Core.Modules;

/// <summary>Transaction type names (as scripts and the API write them) and their record types.</summary>
public sealed class TransactionCatalog
{
    private readonly SortedDictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    internal void Add(string name, Type type)
    {
        if (!_byName.TryAdd(name, type)) throw new InvalidOperationException($"transaction type '{name}' registered twice");
        _byType.Add(type, name);
    }

    public bool TryGetType(string name, out Type type) => _byName.TryGetValue(name, out type!);
    public string NameOf(ITransaction tx) => _byType.TryGetValue(tx.GetType(), out var n) ? n : tx.GetType().Name;
    public IReadOnlyCollection<string> Names => _byName.Keys;
}
