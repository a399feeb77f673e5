using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Support;

/// <summary>A generated script and how it was made (for a failure message that reproduces it).</summary>
public sealed record HostileCase(int Index, string Base, string Mutation, byte[] Bytes);

/// <summary>
/// Malformed and extreme scripts, generated deterministically (a seeded <see cref="DeterministicRandom"/>) by
/// mutating valid ones: wrong JSON kinds, nulls, huge and negative numbers, deep nesting, unknown fields and
/// types, duplicate keys, extreme times and counts, control characters, truncation, random byte flips. Shared by
/// the core's test (an engine with the core modules) and <c>ballast exec</c>'s (every module).
/// <para>
/// No mutation makes a script legitimately long to run: the bases' advances are cut to
/// <see cref="MaxBaseAdvance"/> blocks first, and the hostile counts offered are all out of range. A byte flip
/// cannot lengthen a number, so at most it turns a short advance into another short one.
/// </para>
/// </summary>
public static partial class HostileScripts
{
    /// <summary>Advances in the bases are cut to this many blocks, so a mutant that still runs runs quickly.</summary>
    public const int MaxBaseAdvance = 5;

    private const string Placeholder = "@@hostile-value@@";
    private const string DuplicatePlaceholder = "@@hostile-duplicate@@";

    /// <summary>Values written in place of any value: every JSON kind, and numbers and strings at and past every limit.</summary>
    private static readonly string[] HostileValues =
    [
        "null", "true", "false", "0", "-1", "-0", "1.5", "1e3", "1E+2", "1e308", "-1e400", "0.1e-400",
        "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616", "-9223372036854775809",
        "340282366920938463463374607431768211456", "1" + new string('0', 400), "-" + new string('9', 100),
        "\"\"", "\" \"", "\"-5\"", "\"+5\"", "\"1e30\"", "\"5 \"", "\" 5\"", "\"1.0000000001 TAO\"", "\"-1 TAO\"",
        "\"99999999999999999999999999 TAO\"", "\"340282366920938463463374607431768211455\"", "\"0.0000000000000000001\"",
        "\"NaN\"", "\"Infinity\"", "\"0x10\"", "\"5 TAO TAO\"", "\"5 T\\u0000O\"",
        "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"", "\"2025-02-30T00:00:00Z\"",
        "\"10000-01-01T00:00:00Z\"", "\"2025-02-20T00:00:00+14:00\"", "\"2025-02-20T00:00:00.5Z\"",
        "\"\\u001b[31mred\\u001b[0m\"", "\"\\u202Egnp.exe\"", "\"\\ud800\"", "\"\\udc00x\"", "\"line\\nbreak\\r\\u0007\"", "\"\\u0000\"",
        "\"taoToAlpha\"", "\"TaoToAlpha\"", "\"ledger.transfer\"", "\"governance.genesisRole\"",
        "[]", "{}", "[null]", "[1, \"a\", {}]", "{\"type\": \"ledger.transfer\"}", "{\"type\": null}", "{\"\": 1}",
        "10000001", "-10000000", "86401", "0.5",
    ];

    /// <summary>Valid and invalid transaction types, for "type".</summary>
    private static readonly string[] TypeNames =
    [
        "\"ledger.teleport\"", "\"\"", "\"LEDGER.TRANSFER\"", "\"ledger.\"", "\".transfer\"", "\"ledger.transfer.x\"",
        "\"ledger.transfer\"", "\"ledger.genesisAccount\"", "\"governance.propose\"", "\"governance.pause\"", "\"prices.post\"",
        "\"subnets.swap\"", "\"margin.openPosition\"", "\"perps.open\"", "\"ledger.transfer\\u001b\"",
    ];

    /// <summary>Header fields at and past their limits.</summary>
    private static readonly (string Field, string[] Values)[] HeaderValues =
    [
        ("seed", ["-1", "18446744073709551615", "18446744073709551616", "\"1\"", "1.0", "null", "1e2"]),
        ("blockSeconds", ["0", "-12", "86400", "86401", "\"12\"", "1", "2147483648", "null", "12.0"]),
        ("genesisTime", ["\"9999-12-31T23:59:59Z\"", "\"9999-12-31T00:00:00Z\"", "\"9999-12-30T23:00:00Z\"", "\"1970-01-01T00:00:00Z\"",
            "\"1969-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"10000-01-01T00:00:00Z\"", "0", "null", "\"yesterday\"", "\"2025-02-20\""]),
        ("description", ["null", "1", "[]", "\"\\u001b]0;pwned\\u0007\"", Long('x', 70_000), Long('y', 60_000)]),
        ("genesis", ["null", "{}", "[1]", "\"\"", "[[]]"]),
        ("steps", ["null", "{}", "[1]", "[{}]", "[[]]", "\"\"", "[{\"advance\": 1, \"block\": []}]", "[{\"checkpoint\": \"\"}]",
            "[{\"checkpoint\": null}]", "[{\"advance\": 1, \"keepers\": [{\"keeper\": \"margin.liquidator\", \"accounts\": []}]}]",
            "[{\"advance\": 1, \"keepers\": [{\"keeper\": \"nobody.keeper\", \"accounts\": [\"a\"]}]}]", "[{\"checkpoint\": \"c\", \"keepers\": []}]"]),
        ("bogus", ["1", "null"]),
    ];

    /// <summary>Counts for an advance: none is a long valid run.</summary>
    private static readonly string[] AdvanceValues =
        ["0", "-1", "10000001", "18446744073709551616", "1e3", "1.5", "\"5\"", "null", "[]", "-9223372036854775808", "2"];

    /// <summary>Every run must end within this time: a guard against a script that makes exec run long, not a benchmark.</summary>
    public static readonly TimeSpan MaxRun = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What is wrong with how <c>exec</c> ended on a hostile script, or null: the exit code must be 0, 2 or 3, never
    /// by the internal-error path; a format error (2) is one line, <c>FILE:LINE: problem</c>, naming no .NET type
    /// and carrying no raw control or invisible character; and no run may take longer than <see cref="MaxRun"/>.
    /// </summary>
    public static string? Problem(int code, string stderr, TimeSpan elapsed)
    {
        if (elapsed > MaxRun) return $"took {elapsed.TotalSeconds:F1} s";
        if (code is not (0 or 2 or 3)) return $"exit {code}: {stderr}";
        if (stderr.Contains("internal error", StringComparison.Ordinal)) return $"reached the internal-error path: {stderr}";
        if (code != 2) return null;
        var message = stderr.TrimEnd('\n', '\r');
        if (message.Contains('\n')) return $"a message of more than one line: {message}";
        if (!FormatError().IsMatch(message)) return $"not FILE:LINE: problem: {message}";
        if (message.Contains("System.", StringComparison.Ordinal) || message.Contains("Ballast.", StringComparison.Ordinal))
            return $"names a .NET type: {message}";
        if (message.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate))
            return $"carries a raw control or invisible character: {JsonSerializer.Serialize(message)}";
        return null;
    }

    [GeneratedRegex(@"^.+:\d+: .+$")]
    private static partial Regex FormatError();

    /// <summary>
    /// <paramref name="count"/> mutants of <paramref name="bases"/> (name, JSON text; each valid JSON without duplicate
    /// keys), taken in turn, the same for the same <paramref name="seed"/>.
    /// </summary>
    public static IEnumerable<HostileCase> Generate(IReadOnlyList<(string Name, string Json)> bases, int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var prepared = bases.Select(b => (b.Name, Json: CapAdvances(b.Json))).ToList();
        for (int i = 0; i < count; i++)
        {
            var (name, json) = prepared[i % prepared.Count];
            var (mutation, text) = Mutate(json, random);
            yield return new HostileCase(i, name, mutation, text);
        }
    }

    /// <summary>The base with every advance cut to <see cref="MaxBaseAdvance"/>, so that mutants that still run are quick.</summary>
    public static string CapAdvances(string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var step in root["steps"]?.AsArray() ?? [])
            if (step?["advance"] is JsonValue advance && advance.GetValue<long>() > MaxBaseAdvance)
                step["advance"] = MaxBaseAdvance;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static (string Mutation, byte[] Bytes) Mutate(string json, DeterministicRandom random)
    {
        var root = JsonNode.Parse(json)!;
        switch (Pick(random, 14))
        {
            case 0 or 1:
            {
                // Any value replaced by a hostile one (two shares: it reaches every field of every transaction).
                var spot = PickSpot(root, random);
                var value = HostileValues[Pick(random, HostileValues.Length)];
                return ($"{spot.Path} := {Short(value)}", Replace(root, spot, value));
            }
            case 2:
            {
                if (PickSpot(root, random, n => n is JsonObject { Count: > 0 }) is not { Node: JsonObject obj } spot) goto case 6;
                var name = obj.ElementAt(Pick(random, obj.Count)).Key;
                obj.Remove(name);
                return ($"removed {Short(name)} from {spot.Path}", Bytes(root));
            }
            case 3:
            {
                if (PickSpot(root, random, n => n is JsonObject) is not { Node: JsonObject obj } spot) goto case 6;
                string[] extra = ["bogus", "sender", "nonce", "type", "Type", "amount ", "\u001b", ""];
                var name = extra[Pick(random, extra.Length)];
                if (obj.ContainsKey(name)) return DuplicateOf(root, obj, name, random, spot.Path);
                obj[name] = Placeholder;
                var value = HostileValues[Pick(random, HostileValues.Length)];
                return ($"added {Short(name)} := {Short(value)} to {spot.Path}", Bytes(root, value));
            }
            case 4:
            {
                if (PickSpot(root, random, n => n is JsonObject { Count: > 0 }) is not { Node: JsonObject obj } spot) goto case 6;
                return DuplicateOf(root, obj, obj.ElementAt(Pick(random, obj.Count)).Key, random, spot.Path);
            }
            case 5:
            {
                // A transaction's type changed to an unknown, malformed or other known one.
                if (PickSpot(root, random, n => n is JsonObject o && o.ContainsKey("type")) is not { Node: JsonObject tx } spot) goto case 6;
                var value = TypeNames[Pick(random, TypeNames.Length)];
                tx["type"] = Placeholder;
                return ($"{spot.Path}.type := {value}", Bytes(root, value));
            }
            case 6:
            {
                // The script's own fields at and past their limits.
                var (field, values) = HeaderValues[Pick(random, HeaderValues.Length)];
                var value = values[Pick(random, values.Length)];
                root[field] = Placeholder;
                return ($"{field} := {Short(value)}", Bytes(root, value));
            }
            case 7:
            {
                var advances = (root["steps"]?.AsArray() ?? []).OfType<JsonObject>().Where(s => s.ContainsKey("advance")).ToList();
                if (advances.Count == 0) goto case 6;
                var value = AdvanceValues[Pick(random, AdvanceValues.Length)];
                advances[Pick(random, advances.Count)]["advance"] = Placeholder;
                return ($"an advance := {value}", Bytes(root, value));
            }
            case 8:
            {
                // Deep nesting: plain lists or objects, or governance actions nested in actions.
                var spot = PickSpot(root, random);
                int depth = 30 + Pick(random, 100);
                string value = Pick(random, 3) switch
                {
                    0 => new string('[', depth) + new string(']', depth),
                    1 => string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth),
                    _ => string.Concat(Enumerable.Repeat("{\"type\": \"governance.propose\", \"multisig\": \"council\", \"action\": ", depth / 2))
                        + "{\"type\": \"governance.pause\", \"target\": \"x\"}" + new string('}', depth / 2),
                };
                return ($"nesting {depth} deep at {spot.Path}", Replace(root, spot, value));
            }
            case 9:
            {
                var bytes = Bytes(root);
                int at = Pick(random, bytes.Length);
                return ($"truncated at byte {at}", bytes[..at]);
            }
            case 10:
            {
                var bytes = Bytes(root);
                var where = new List<string>();
                for (int flips = 1 + Pick(random, 5); flips > 0; flips--)
                {
                    int at = Pick(random, bytes.Length);
                    bytes[at] = (byte)random.NextBelow(256);
                    where.Add($"{at}={bytes[at]:x2}");
                }
                return ($"bytes set {string.Join(", ", where)}", bytes);
            }
            case 11:
            {
                // Raw characters JSON forbids or that terminals act on, a byte-order mark, a comment, a comma, a quote.
                var bytes = Bytes(root).ToList();
                byte[][] inserts = [[0x1b, (byte)'[', (byte)'2', (byte)'J'], [0x00], [0x07], [0x7f], [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xAE], [0xC3], [0xFF, 0xFE],
                    "/* c */"u8.ToArray(), ","u8.ToArray(), "\""u8.ToArray()];
                var insert = inserts[Pick(random, inserts.Length)];
                int at = Pick(random, bytes.Count + 1);
                bytes.InsertRange(at, insert);
                return ($"inserted {Convert.ToHexString(insert)} at byte {at}", bytes.ToArray());
            }
            case 12:
            {
                // A value wrapped in a list or an object: right content, wrong shape.
                var spot = PickSpot(root, random);
                var text = spot.Node?.ToJsonString() ?? "null";
                return ($"wrapped {spot.Path}", Replace(root, spot, Pick(random, 2) == 0 ? $"[{text}]" : $"{{\"value\": {text}}}"));
            }
            default:
            {
                // Very long strings: past the reader's limit, or just under it.
                if (PickSpot(root, random, n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String) is not { } spot) goto case 6;
                var value = Pick(random, 2) == 0 ? Long('\u00e9', 40_000) : Long('z', 65_000);
                return ($"long string at {spot.Path}", Replace(root, spot, value));
            }
        }
    }

    private static (string, byte[]) DuplicateOf(JsonNode root, JsonObject obj, string name, DeterministicRandom random, string path)
    {
        // JSON nodes cannot hold a name twice: add a stand-in and rename it in the text.
        var value = Pick(random, 2) == 0 ? obj[name]?.ToJsonString() ?? "null" : HostileValues[Pick(random, HostileValues.Length)];
        obj[DuplicatePlaceholder] = Placeholder;
        var text = Text(root).Replace(JsonSerializer.Serialize(DuplicatePlaceholder), JsonSerializer.Serialize(name), StringComparison.Ordinal);
        return ($"{Short(name)} twice in {path}", Encoding.UTF8.GetBytes(text.Replace(Quoted, value, StringComparison.Ordinal)));
    }

    /// <summary>Where a value sits: its parent and its name or index there, and its path for the failure message.</summary>
    private sealed record Spot(JsonNode? Parent, string? Name, int Index, string Path, JsonNode? Node);

    /// <summary>A random value of the tree among those <paramref name="filter"/> accepts (the root included); null if none.</summary>
    private static Spot? PickSpot(JsonNode root, DeterministicRandom random, Func<JsonNode?, bool>? filter)
    {
        var all = new List<Spot>();
        void Walk(Spot spot)
        {
            if (filter is null || filter(spot.Node)) all.Add(spot);
            if (spot.Node is JsonObject o) foreach (var (k, v) in o) Walk(new Spot(o, k, -1, $"{spot.Path}.{Short(k)}", v));
            if (spot.Node is JsonArray a) for (int i = 0; i < a.Count; i++) Walk(new Spot(a, null, i, $"{spot.Path}[{i}]", a[i]));
        }
        Walk(new Spot(null, null, -1, "$", root));
        return all.Count == 0 ? null : all[Pick(random, all.Count)];
    }

    private static Spot PickSpot(JsonNode root, DeterministicRandom random) => PickSpot(root, random, null)!;

    /// <summary>The tree's text with the value at <paramref name="spot"/> replaced by the raw JSON <paramref name="value"/>.</summary>
    private static byte[] Replace(JsonNode root, Spot spot, string value)
    {
        if (spot.Parent is null) return Encoding.UTF8.GetBytes(value);
        if (spot.Parent is JsonArray a) a[spot.Index] = Placeholder;
        else spot.Parent[spot.Name!] = Placeholder;
        return Bytes(root, value);
    }

    private static readonly string Quoted = JsonSerializer.Serialize(Placeholder);

    private static byte[] Bytes(JsonNode root, string? value = null) =>
        Encoding.UTF8.GetBytes(value is null ? Text(root) : Text(root).Replace(Quoted, value, StringComparison.Ordinal));

    private static string Text(JsonNode root) => root.ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static string Long(char c, int length) => "\"" + new string(c, length) + "\"";

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + $"...({text.Length})";

    private static int Pick(DeterministicRandom random, int n) => (int)random.NextBelow((ulong)n);
}
