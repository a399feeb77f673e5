using System.Globalization;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Serialization;

namespace Ballast.Core.Scripting;

/// <summary>
/// Reads a script (see <c>examples/README.md</c>) strictly: the JSON is parsed once into a tree that knows every
/// value's line (<see cref="StrictJsonReader"/>), then read field by field. Every problem — bad JSON, a duplicated
/// or unknown field, a missing one, a value of the wrong kind or out of range, an unknown transaction type or
/// keeper, a script that would run past the clock's end — is a <see cref="TransactionFormatException"/> naming the
/// line and the field's path (<c>steps[3].block[0].amountIn</c>), in the script's own words.
/// </summary>
public static class ScriptParser
{
    /// <summary>An advance step may run at most this many blocks (about 3.8 years of 12-second blocks).</summary>
    public const long MaxAdvanceBlocks = 10_000_000;

    /// <summary>The longest block interval a script may ask for: one day.</summary>
    public const int MaxBlockSeconds = 86_400;

    /// <summary>Reads the JSON and the script's header (seed, clock), before an engine exists to read its transactions.</summary>
    public static ScriptDocument Load(ReadOnlyMemory<byte> json) => new(StrictJsonReader.Parse(json.Span, ScriptDocument.Subject));

    /// <param name="keepers">Keeper names the host offers; a step naming another is malformed. Null: any name.</param>
    public static Script Parse(ReadOnlyMemory<byte> json, TransactionCatalog catalog, IReadOnlyCollection<string>? keepers = null) =>
        Load(json).Read(catalog, keepers);
}

/// <summary>
/// A script whose JSON is read and whose header is checked. The engine is built from <see cref="EngineOptions"/>
/// (the script's seed and clock), and its catalog then reads the transactions (<see cref="Read"/>).
/// </summary>
public sealed class ScriptDocument
{
    internal const string Subject = "the script";

    private const string StepExpected = "a step: {\"block\": [...]}, {\"advance\": N} or {\"checkpoint\": \"label\"}, each optionally with \"keepers\"";
    private const string TimeExpected = "a UTC time like \"2025-02-20T00:00:00Z\" (or a date, \"2025-02-20\") from 1970 to 9999";
    private static readonly string[] Fields = ["description", "seed", "genesisTime", "blockSeconds", "genesis", "steps"];
    private static readonly string[] StepFields = ["block", "advance", "checkpoint", "keepers"];
    private static readonly string[] KeeperFields = ["keeper", "accounts"];
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd"];

    /// <summary>The clock's last second, 9999-12-31T23:59:59Z: no block of a script may be later.</summary>
    private static readonly long ClockEndUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly SourceValue _root;
    private readonly FieldPath _path = FieldPath.Root(Subject);

    internal ScriptDocument(SourceValue root)
    {
        _root = root;
        if (root.Kind != SourceKind.Object)
            throw new TransactionFormatException(root.Line, Subject, $"expected an object with \"steps\" (and optionally {string.Join(", ", Fields[..^1])}); got {root.Describe()}");
        foreach (var property in root.Properties)
            if (!Fields.Contains(property.Name))
                throw Unknown(property, _path, $"a script has {string.Join(", ", Fields)}");
        var defaults = new EngineOptions();
        Description = root.Property("description") is { } description ? Text(description, _path, "free text (a string)", allowEmpty: true) : null;
        Seed = root.Property("seed") is { } seed ? (ulong)Integer(seed.Value, _path.Field("seed"), 0, ulong.MaxValue, "a seed") : defaults.Seed;
        GenesisUnixSeconds = root.Property("genesisTime") is { } time ? ReadTime(time) : defaults.GenesisUnixSeconds;
        BlockSeconds = root.Property("blockSeconds") is { } seconds
            ? (int)Integer(seconds.Value, _path.Field("blockSeconds"), 1, ScriptParser.MaxBlockSeconds, "seconds per block")
            : defaults.BlockSeconds;
        if (root.Property("genesis") is { } genesis && genesis.Value.Kind != SourceKind.List)
            throw Expected(genesis.Value, _path.Field("genesis"), "a list of transactions");
        var steps = root.Property("steps")
            ?? throw new TransactionFormatException(root.Line, _path.Field("steps").ToString(), "missing: a script needs \"steps\" (a list of blocks, advances and checkpoints)");
        if (steps.Value.Kind != SourceKind.List)
            throw Expected(steps.Value, _path.Field("steps"), "a list of steps (blocks, advances and checkpoints)");
    }

    public string? Description { get; }
    public ulong Seed { get; }
    public long GenesisUnixSeconds { get; }
    public int BlockSeconds { get; }

    /// <summary><paramref name="defaults"/> with the script's seed and clock.</summary>
    public EngineOptions EngineOptions(EngineOptions defaults) =>
        defaults with { Seed = Seed, GenesisUnixSeconds = GenesisUnixSeconds, BlockSeconds = BlockSeconds };

    /// <summary>Reads the genesis transactions and the steps with <paramref name="catalog"/>'s transaction types.</summary>
    /// <param name="keepers">Keeper names the host offers; a step naming another is malformed. Null: any name.</param>
    public Script Read(TransactionCatalog catalog, IReadOnlyCollection<string>? keepers = null)
    {
        var transactions = new TransactionReader(catalog);
        var genesis = new List<Envelope>();
        if (_root.Property("genesis") is { } genesisList)
            for (int i = 0; i < genesisList.Value.Items.Count; i++)
                genesis.Add(transactions.ReadEnvelope(genesisList.Value.Items[i], _path.Field("genesis").Item(i)));

        // The last block the clock can reach: a script that runs past it is refused here, not by an overflow later.
        long lastHeight = (ClockEndUnixSeconds - GenesisUnixSeconds) / BlockSeconds;
        long height = 0;
        var steps = new List<ScriptStep>();
        var stepList = _root.Property("steps")!.Value.Items;
        for (int i = 0; i < stepList.Count; i++)
        {
            var step = ReadStep(stepList[i], _path.Field("steps").Item(i), transactions, keepers);
            long blocks = step.Advance ?? (step.Block is null ? 0 : 1);
            if (blocks > lastHeight - height)
                throw new TransactionFormatException(stepList[i].Line, _path.Field("steps").Item(i).ToString(),
                    $"the script would run past the clock's end (9999-12-31T23:59:59Z): from its genesisTime, {BlockSeconds}-second blocks reach it after block {lastHeight}");
            height += blocks;
            steps.Add(step);
        }
        return new Script(Description, Seed, GenesisUnixSeconds, BlockSeconds, genesis, steps);
    }

    /// <summary>A step is exactly one of a block, an advance or a checkpoint; keepers may go with a block or an advance.</summary>
    private static ScriptStep ReadStep(SourceValue value, FieldPath path, TransactionReader transactions, IReadOnlyCollection<string>? keepers)
    {
        if (value.Kind != SourceKind.Object) throw Expected(value, path, StepExpected);
        foreach (var property in value.Properties)
            if (!StepFields.Contains(property.Name))
                throw Unknown(property, path, $"a step has one of block, advance or checkpoint, and optionally keepers");
        var block = value.Property("block");
        var advance = value.Property("advance");
        var checkpoint = value.Property("checkpoint");
        if ((block is null ? 0 : 1) + (advance is null ? 0 : 1) + (checkpoint is null ? 0 : 1) != 1)
            throw new TransactionFormatException(value.Line, path.ToString(), "a step must have exactly one of \"block\", \"advance\" or \"checkpoint\"");

        List<Envelope>? envelopes = null;
        if (block is not null)
        {
            if (block.Value.Kind != SourceKind.List) throw Expected(block.Value, path.Field("block"), "a list of transactions");
            envelopes = new List<Envelope>(block.Value.Items.Count);
            for (int i = 0; i < block.Value.Items.Count; i++)
                envelopes.Add(transactions.ReadEnvelope(block.Value.Items[i], path.Field("block").Item(i)));
        }
        long? blocks = advance is null ? null
            : (long)Integer(advance.Value, path.Field("advance"), 1, ScriptParser.MaxAdvanceBlocks, "a number of blocks");
        string? label = checkpoint is null ? null : Text(checkpoint, path, "a label (a string)", allowEmpty: false);

        var runs = new List<KeeperRun>();
        if (value.Property("keepers") is { } keeperList)
        {
            if (checkpoint is not null)
                throw new TransactionFormatException(keeperList.Line, path.Field("keepers").ToString(), "keepers run with a block or an advance, not with a checkpoint");
            if (keeperList.Value.Kind != SourceKind.List)
                throw Expected(keeperList.Value, path.Field("keepers"), "a list of keepers, like [{\"keeper\": \"margin.liquidator\", \"accounts\": [\"liq\"]}]");
            for (int i = 0; i < keeperList.Value.Items.Count; i++)
                runs.Add(ReadKeeper(keeperList.Value.Items[i], path.Field("keepers").Item(i), keepers));
        }
        return new ScriptStep(value.Line, envelopes, blocks, label, runs);
    }

    private static KeeperRun ReadKeeper(SourceValue value, FieldPath path, IReadOnlyCollection<string>? known)
    {
        if (value.Kind != SourceKind.Object)
            throw Expected(value, path, "a keeper: {\"keeper\": \"margin.liquidator\", \"accounts\": [\"liq\"]}");
        foreach (var property in value.Properties)
            if (!KeeperFields.Contains(property.Name))
                throw Unknown(property, path, "a keeper has keeper and accounts");
        var name = value.Property("keeper") is { } keeper
            ? Text(keeper, path, "a keeper's name (a string)", allowEmpty: false)
            : throw new TransactionFormatException(value.Line, path.Field("keeper").ToString(), "missing: the keeper's name, like \"margin.liquidator\"");
        if (known is not null && !known.Contains(name))
            throw new TransactionFormatException(value.Property("keeper")!.Value.Line, path.Field("keeper").ToString(),
                known.Count == 0 ? $"unknown keeper {ScriptText.Quote(name)}: this engine has no keepers"
                    : $"unknown keeper {ScriptText.Quote(name)}; the keepers are {string.Join(", ", known)}");
        var accounts = value.Property("accounts")
            ?? throw new TransactionFormatException(value.Line, path.Field("accounts").ToString(), "missing: the accounts the keeper signs with (a list of account names)");
        const string accountsExpected = "a non-empty list of account names (strings)";
        if (accounts.Value.Kind != SourceKind.List || accounts.Value.Items.Count == 0)
            throw Expected(accounts.Value, path.Field("accounts"), accountsExpected);
        var names = new List<string>(accounts.Value.Items.Count);
        for (int i = 0; i < accounts.Value.Items.Count; i++)
        {
            var account = accounts.Value.Items[i];
            if (account.Kind != SourceKind.String || account.Text!.Length == 0)
                throw Expected(account, path.Field("accounts").Item(i), "an account name (a non-empty string)");
            names.Add(account.Text);
        }
        return new KeeperRun(name, names);
    }

    private long ReadTime(SourceProperty property)
    {
        var path = _path.Field(property.Name);
        if (property.Value.Kind != SourceKind.String
            || !DateTimeOffset.TryParseExact(property.Value.Text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || time.ToUnixTimeSeconds() < 0)
            throw Expected(property.Value, path, TimeExpected);
        return time.ToUnixTimeSeconds();
    }

    private static string Text(SourceProperty property, FieldPath parent, string expected, bool allowEmpty)
    {
        var value = property.Value;
        if (value.Kind != SourceKind.String || (!allowEmpty && value.Text!.Length == 0))
            throw Expected(value, parent.Field(property.Name), expected);
        return value.Text!;
    }

    /// <summary>A JSON integer (no fraction, no exponent, not a string) in [min, max]; the message says the range.</summary>
    private static Int128 Integer(SourceValue value, FieldPath path, Int128 min, Int128 max, string what) =>
        value.Kind == SourceKind.Number && NumberText.TryParseInteger(value.Text!, min, max, out var n)
            ? n
            : throw Expected(value, path, string.Create(CultureInfo.InvariantCulture, $"{what}: an integer from {min} to {max}"));

    private static TransactionFormatException Expected(SourceValue value, FieldPath path, string expected) =>
        new(value.Line, path.ToString(), $"expected {expected}; got {value.Describe()}");

    private static TransactionFormatException Unknown(SourceProperty property, FieldPath parent, string allowed) =>
        new(property.Line, parent.Field(property.Name).ToString(), $"unknown field: {allowed}");
}
