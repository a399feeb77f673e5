using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Serialization;

namespace Ballast.Core.Scripting;

/// <summary>
/// Reads a script. Every problem — bad JSON, an unknown transaction type, a missing or unknown field, a step that
/// is neither a block, an advance nor a checkpoint — is a <see cref="TransactionFormatException"/> naming the line.
/// </summary>
public static class ScriptParser
{
    /// <summary>An advance step may run at most this many blocks (about 3.8 years of 12-second blocks).</summary>
    public const long MaxAdvanceBlocks = 10_000_000;

    private sealed record ScriptDto(
        string? Description = null,
        ulong? Seed = null,
        DateTimeOffset? GenesisTime = null,
        int? BlockSeconds = null,
        IReadOnlyList<Envelope>? Genesis = null,
        IReadOnlyList<ScriptStep>? Steps = null);

    private sealed record StepDto(IReadOnlyList<Envelope>? Block = null, long? Advance = null, string? Checkpoint = null,
        IReadOnlyList<KeeperDto>? Keepers = null);

    private sealed record KeeperDto(string Keeper, IReadOnlyList<string> Accounts);

    /// <summary>The engine options a script asks for, read before the engine (and its catalog) exists.</summary>
    public static EngineOptions ReadOptions(ReadOnlySpan<byte> json, EngineOptions defaults)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return defaults;
            var options = defaults;
            if (root.TryGetProperty("seed", out var seed) && seed.TryGetUInt64(out var s)) options = options with { Seed = s };
            if (root.TryGetProperty("genesisTime", out var time) && time.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(time.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t))
                options = options with { GenesisUnixSeconds = t.ToUnixTimeSeconds() };
            if (root.TryGetProperty("blockSeconds", out var bs) && bs.TryGetInt32(out var b) && b > 0) options = options with { BlockSeconds = b };
            return options;
        }
        catch (JsonException)
        {
            return defaults; // the full parse reports it, with its line
        }
    }

    public static Script Parse(ReadOnlyMemory<byte> json, TransactionCatalog catalog) => Parse(json, catalog, null);

    /// <param name="keepers">Keeper names the host offers; a step naming another is malformed. Null: any name.</param>
    public static Script Parse(ReadOnlyMemory<byte> json, TransactionCatalog catalog, IReadOnlyCollection<string>? keepers)
    {
        var options = BallastJson.Options(catalog, json);
        options.Converters.Add(new StepConverter(keepers));
        ScriptDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<ScriptDto>(json.Span, options);
        }
        catch (JsonException e)
        {
            int at = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new TransactionFormatException((int)(e.LineNumber ?? 0) + 1, at > 0 ? e.Message[..at] : e.Message);
        }
        if (dto is null) throw new TransactionFormatException(1, "the script is empty (null)");
        if (dto.Steps is null) throw new TransactionFormatException(1, "a script needs \"steps\" (a list of blocks, advances and checkpoints)");
        if (dto.BlockSeconds is < 1) throw new TransactionFormatException(1, "\"blockSeconds\" must be at least 1");
        var defaults = new EngineOptions();
        return new Script(
            dto.Description,
            dto.Seed ?? defaults.Seed,
            dto.GenesisTime?.ToUnixTimeSeconds() ?? defaults.GenesisUnixSeconds,
            dto.BlockSeconds ?? defaults.BlockSeconds,
            dto.Genesis ?? [],
            dto.Steps);
    }

    /// <summary>Reads a step and checks that it is exactly one thing, reporting the step's own line.</summary>
    private sealed class StepConverter(IReadOnlyCollection<string>? keepers) : JsonConverter<ScriptStep>
    {
        public override ScriptStep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            long start = reader.TokenStartIndex;
            var transactions = options.Converters.OfType<TransactionJsonConverter>().First();
            int line = transactions.LineAt(start);
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new TransactionFormatException(line, "a step must be an object: {\"block\": [...]}, {\"advance\": N} or {\"checkpoint\": \"label\"}");
            StepDto? step;
            try
            {
                // System.Text.Json reads a nested value from a copy that starts at the step: shift line counting to match.
                var stepOptions = new JsonSerializerOptions(options);
                stepOptions.Converters.Remove(transactions);
                stepOptions.Converters.Add(transactions.At(start));
                step = JsonSerializer.Deserialize<StepDto>(ref reader, stepOptions);
            }
            catch (JsonException e)
            {
                int at = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
                throw new TransactionFormatException(line, at > 0 ? e.Message[..at] : e.Message);
            }
            int kinds = (step?.Block is null ? 0 : 1) + (step?.Advance is null ? 0 : 1) + (step?.Checkpoint is null ? 0 : 1);
            if (step is null || kinds != 1)
                throw new TransactionFormatException(line, "a step must have exactly one of \"block\", \"advance\" or \"checkpoint\"");
            if (step.Advance is { } n && (n < 1 || n > MaxAdvanceBlocks))
                throw new TransactionFormatException(line, $"\"advance\" must be between 1 and {MaxAdvanceBlocks} blocks; got {n}");
            var runs = new List<KeeperRun>();
            foreach (var k in step.Keepers ?? [])
            {
                if (step.Checkpoint is not null)
                    throw new TransactionFormatException(line, "keepers run with a block or an advance, not with a checkpoint");
                if (keepers is not null && !keepers.Contains(k.Keeper))
                    throw new TransactionFormatException(line, $"unknown keeper '{k.Keeper}'; known keepers: {string.Join(", ", keepers)}");
                if (k.Accounts is null || k.Accounts.Count == 0)
                    throw new TransactionFormatException(line, $"keeper '{k.Keeper}' needs at least one account");
                runs.Add(new KeeperRun(k.Keeper, k.Accounts));
            }
            return new ScriptStep(line, step.Block, step.Advance, step.Checkpoint, runs);
        }

        public override void Write(Utf8JsonWriter writer, ScriptStep value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }
}
