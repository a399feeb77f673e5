using System.Runtime.CompilerServices;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Core.Serialization;

/// <summary>
/// Reads transactions from a parsed document, for a given catalog of transaction types:
/// <c>{"type": "subnets.swap", "sender": "alice", "nonce"?: 0, …fields in camelCase}</c>. The envelope's sender is
/// required, except for genesis-only types, which take none; a payload nested in a governance action
/// (<c>governance.propose</c>, <c>governance.createVote</c>) takes no sender or nonce either: it runs as the
/// governing account. Every refusal names the line and the field's path.
/// </summary>
internal sealed class TransactionReader
{
    public const string TransactionExpected = "a transaction: an object with a \"type\" (like \"ledger.transfer\") and its fields";

    /// <summary>Names the reader handles itself around a payload's own fields.</summary>
    private static readonly HashSet<string> EnvelopeNames = new(["type", "sender", "nonce"], StringComparer.Ordinal);

    /// <summary>A nonce: the sender's sequence number.</summary>
    private static readonly FieldFormat NonceFormat = IntegerFormat.TryCreate(typeof(ulong))!;

    private readonly TransactionCatalog _catalog;
    private readonly int _checkedTypes;

    /// <summary>One reader per catalog, shared: a reader holds no state but its catalog, and building one checks every
    /// payload record's shape (a node reads one transaction per request, so it was built and checked that often).</summary>
    private static readonly ConditionalWeakTable<TransactionCatalog, TransactionReader> s_shared = new();

    /// <summary>The shared reader of <paramref name="catalog"/>, built again if types were declared since it was built.</summary>
    public static TransactionReader For(TransactionCatalog catalog)
    {
        if (s_shared.TryGetValue(catalog, out var reader) && reader._checkedTypes == catalog.Count) return reader;
        reader = new TransactionReader(catalog);
        s_shared.AddOrUpdate(catalog, reader);
        return reader;
    }

    public TransactionReader(TransactionCatalog catalog)
    {
        _catalog = catalog;
        _checkedTypes = catalog.Count;
        // Every payload record's shape, built now: a field type without a JSON form, or a field that clashes with
        // the envelope's names, is a module's programming error and must show on the first read, not on some input.
        foreach (var info in catalog.All)
        {
            var clash = RecordShape.For(info.Type).Fields.FirstOrDefault(f => EnvelopeNames.Contains(f.Name));
            if (clash is not null)
                throw new NotSupportedException($"{info.Name}: a payload field may not be called \"{clash.Name}\" (the envelope uses that name)");
        }
    }

    /// <summary>A signed transaction: the payload with its <c>sender</c> and optional <c>nonce</c>.</summary>
    public Envelope ReadEnvelope(SourceValue value, FieldPath path)
    {
        var info = ReadType(value, path);
        var sender = value.Property("sender");
        var nonce = value.Property("nonce");
        if (info.GenesisOnly)
        {
            if (sender is not null)
                throw new TransactionFormatException(sender.Line, path.Field("sender").ToString(), $"{info.Name} is a genesis transaction and takes no \"sender\"");
            if (nonce is not null)
                throw new TransactionFormatException(nonce.Line, path.Field("nonce").ToString(), $"{info.Name} is a genesis transaction and takes no \"nonce\"");
            return new Envelope(Envelope.GenesisSender, 0, Build(info, value, path));
        }
        if (sender is null)
            throw new TransactionFormatException(value.Line, path.Field("sender").ToString(), $"missing: {info.Name} needs the signing account (an account name, a string)");
        if (sender.Value.Kind != SourceKind.String || sender.Value.Text!.Length == 0)
            throw new TransactionFormatException(sender.Value.Line, path.Field("sender").ToString(), $"expected an account name (a non-empty string); got {sender.Value.Describe()}");
        ulong sequence = 0;
        if (nonce is not null)
            sequence = (ulong)NonceFormat.Read(nonce.Value, path.Field("nonce"), this)!;
        return new Envelope(sender.Value.Text, sequence, Build(info, value, path));
    }

    /// <summary>A payload on its own (<c>BallastJson.ReadTransaction</c>), which carries no signer.</summary>
    public ITransaction ReadPayload(SourceValue value, FieldPath path) =>
        ReadUnsigned(value, path, "a payload read on its own has no signer (an envelope carries it)");

    /// <summary>A governance action nested in another transaction.</summary>
    public ITransaction ReadNested(SourceValue value, FieldPath path) =>
        ReadUnsigned(value, path, "a nested governance action runs as the governing account");

    private ITransaction ReadUnsigned(SourceValue value, FieldPath path, string why)
    {
        var info = ReadType(value, path);
        foreach (var name in (string[])["sender", "nonce"])
            if (value.Property(name) is { } property)
                throw new TransactionFormatException(property.Line, path.Field(name).ToString(), $"{info.Name} takes no \"{name}\" here: {why}");
        return Build(info, value, path);
    }

    private ITransaction Build(TransactionInfo info, SourceValue value, FieldPath path) =>
        (ITransaction)RecordShape.For(info.Type).Build(value, path, this, info.Name, EnvelopeNames);

    /// <summary>The transaction's declared type, from its <c>"type"</c>.</summary>
    private TransactionInfo ReadType(SourceValue value, FieldPath path)
    {
        if (value.Kind != SourceKind.Object)
            throw new TransactionFormatException(value.Line, path.ToString(), $"expected {TransactionExpected}; got {value.Describe()}");
        var type = value.Property("type");
        if (type is null)
            throw new TransactionFormatException(value.Line, path.Field("type").ToString(), "missing: a transaction needs a \"type\", like \"ledger.transfer\"");
        if (type.Value.Kind != SourceKind.String)
            throw new TransactionFormatException(type.Value.Line, path.Field("type").ToString(), $"expected a transaction type (a string like \"ledger.transfer\"); got {type.Value.Describe()}");
        var name = type.Value.Text!;
        if (_catalog.TryGet(name, out var info)) return info;
        throw new TransactionFormatException(type.Value.Line, path.Field("type").ToString(), $"unknown transaction type {ScriptText.Quote(name)}; {Suggestion(name)}");
    }

    /// <summary>The types of the module the unknown name starts with, or else the modules there are: a short list, never the whole catalog.</summary>
    private string Suggestion(string name)
    {
        int dot = name.IndexOf('.');
        var module = dot > 0 ? name[..dot] : name;
        var actions = _catalog.All.Where(i => i.Module == module).Select(i => i.Name[(module.Length + 1)..]).ToList();
        if (actions.Count > 0) return $"{module} has {string.Join(", ", actions)}";
        return $"the modules are {string.Join(", ", _catalog.All.Select(i => i.Module).Distinct())}";
    }
}
