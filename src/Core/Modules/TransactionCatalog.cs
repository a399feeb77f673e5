using Ballast.Core.Blocks;

namespace Ballast.Core.Modules;

/// <summary>Transaction type names (as scripts and the API write them) and their payload record types.</summary>
public sealed class TransactionCatalog
{
    private readonly Catalog<TransactionInfo> _entries = new("transaction type");

    internal void Add(string name, string module, Type type) => _entries.Add(name, type, new TransactionInfo(name, module, type));

    public bool TryGetType(string name, out Type type)
    {
        type = _entries.TryGet(name, out var info) ? info.Type : null!;
        return type is not null;
    }

    public bool TryGet(string name, out TransactionInfo info) => _entries.TryGet(name, out info);

    /// <summary>The declared name of a payload, or its record name if no module declared it.</summary>
    public string NameOf(ITransaction tx) => tx is null ? "(none)" : _entries.TryGet(tx.GetType(), out var info) ? info.Name : tx.GetType().Name;

    public IReadOnlyCollection<string> Names => _entries.Names;

    /// <summary>How many transaction types are declared (a reader built for fewer checks again).</summary>
    internal int Count => _entries.Names.Count;
    public IEnumerable<TransactionInfo> All => _entries.All;
}
