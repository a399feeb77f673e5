using System.Text;
using System.Text.Json;

namespace Ballast.Core.Serialization;

/// <summary>
/// Reads JSON text into a <see cref="SourceValue"/> tree in one pass over the bytes, so reading is linear in the
/// size of the file: each value records its line from a table of line starts built once (a binary search per
/// value), never by counting newlines from the start again.
/// <para>
/// It is stricter than JSON allows: a name written twice in one object is refused (JSON leaves it undefined, and
/// a second <c>"type"</c> or <c>"amount"</c> must not silently win); so are comments, trailing commas, a byte-order
/// mark in the middle, nesting deeper than <see cref="MaxDepth"/>, strings longer than <see cref="MaxStringBytes"/>
/// and documents larger than <see cref="MaxDocumentBytes"/>. Every refusal is a
/// <see cref="TransactionFormatException"/> with the line and, where there is one, the field's path.
/// </para>
/// </summary>
internal static class StrictJsonReader
{
    /// <summary>Objects and lists nest at most this deep (a script needs about eight levels; nested governance actions a few more).</summary>
    public const int MaxDepth = 64;

    /// <summary>A string (or a field name) may take at most this many bytes as written.</summary>
    public const int MaxStringBytes = 64 * 1024;

    /// <summary>A document may be at most this large (64 MiB: several hundred thousand transactions).</summary>
    public const int MaxDocumentBytes = 64 * 1024 * 1024;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Parses <paramref name="utf8"/>; <paramref name="subject"/> names the whole in errors ("the script").</summary>
    public static SourceValue Parse(ReadOnlySpan<byte> utf8, string subject)
    {
        if (utf8.Length > MaxDocumentBytes)
            throw new TransactionFormatException(1, $"{subject} is {utf8.Length} bytes; at most {MaxDocumentBytes} are read");
        // A byte-order mark at the very start is an editor's habit, not content; anywhere else it is an error.
        int start = utf8.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        if (utf8[start..].TrimStart(" \t\r\n"u8).IsEmpty)
            throw new TransactionFormatException(1, $"{subject} is empty: expected a JSON object");
        var lines = new LineTable(utf8, start);
        var reader = new Utf8JsonReader(utf8[start..], new JsonReaderOptions
        {
            // One more than ours, so that our check (which names the field) fires before the reader's own.
            MaxDepth = MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            AllowMultipleValues = false,
        });
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, lines, FieldPath.Root(subject), depth: 0);
            // Reading on checks the end: anything after the root value is the reader's error ("invalid after a single JSON value").
            reader.Read();
            return root;
        }
        catch (JsonException e)
        {
            throw new TransactionFormatException((int)(e.LineNumber ?? 0) + 1, $"not valid JSON: {ReaderProblem(e.Message)}");
        }
    }

    private static SourceValue ReadValue(ref Utf8JsonReader reader, LineTable lines, FieldPath path, int depth)
    {
        int line = lines.LineOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                CheckDepth(line, path, depth);
                return ReadObject(ref reader, lines, path, depth, line);
            case JsonTokenType.StartArray:
                CheckDepth(line, path, depth);
                var items = new List<SourceValue>();
                while (Next(ref reader) != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, lines, path.Item(items.Count), depth + 1));
                return SourceValue.List(line, items);
            case JsonTokenType.String:
                return SourceValue.String(line, ReadString(ref reader, line, path));
            case JsonTokenType.Number:
                // Numbers are ASCII by the JSON grammar; the reader has checked it.
                return SourceValue.Number(line, Encoding.ASCII.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return SourceValue.Literal(line, SourceKind.True);
            case JsonTokenType.False:
                return SourceValue.Literal(line, SourceKind.False);
            case JsonTokenType.Null:
                return SourceValue.Literal(line, SourceKind.Null);
            default:
                throw new TransactionFormatException(line, path.ToString(), "expected a JSON value");
        }
    }

    private static SourceValue ReadObject(ref Utf8JsonReader reader, LineTable lines, FieldPath path, int depth, int line)
    {
        var properties = new List<SourceProperty>();
        // Objects are small (a transaction has a handful of fields): scan for a duplicate, and index only a large one.
        Dictionary<string, int>? index = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            int nameLine = lines.LineOf(reader.TokenStartIndex);
            var name = ReadString(ref reader, nameLine, path);
            var field = path.Field(name);
            if (properties.Count == SmallObject)
            {
                index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < properties.Count; i++) index.Add(properties[i].Name, i);
            }
            int first = index is null ? IndexOf(properties, name) : index.GetValueOrDefault(name, -1);
            if (first >= 0)
                throw new TransactionFormatException(nameLine, field.ToString(), $"written twice in one object (first on line {properties[first].Line}); each field may appear once");
            index?.Add(name, properties.Count);
            Next(ref reader);
            properties.Add(new SourceProperty(name, nameLine, ReadValue(ref reader, lines, field, depth + 1)));
        }
        return SourceValue.Object(line, properties);
    }

    /// <summary>The index of the property named <paramref name="name"/>, or -1 (a loop: a predicate was a closure allocated per field).</summary>
    private static int IndexOf(List<SourceProperty> properties, string name)
    {
        for (int i = 0; i < properties.Count; i++)
            if (properties[i].Name == name) return i;
        return -1;
    }

    /// <summary>Up to this many properties, duplicates are found by scanning; beyond, by a dictionary.</summary>
    private const int SmallObject = 16;

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        // Inside an object or a list the reader always has a next token or throws (the document is complete).
        reader.Read();
        return reader.TokenType;
    }

    private static void CheckDepth(int line, FieldPath path, int depth)
    {
        if (depth >= MaxDepth)
            throw new TransactionFormatException(line, path.ToString(), $"nested deeper than {MaxDepth} levels of objects and lists");
    }

    private static string ReadString(ref Utf8JsonReader reader, int line, FieldPath path)
    {
        if (reader.ValueSpan.Length > MaxStringBytes)
            throw new TransactionFormatException(line, path.ToString(), $"a string of {reader.ValueSpan.Length} bytes; at most {MaxStringBytes} are allowed");
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 bytes, or a \u escape of half a surrogate pair: text that has no characters.
            throw new TransactionFormatException(line, path.ToString(), "a string that is not valid text (bad UTF-8 bytes or an unpaired \\u surrogate escape)");
        }
    }

    /// <summary>
    /// The reader's own sentence, without its "LineNumber: … | BytePositionInLine: …" tail (the line is reported
    /// separately); the two refusals that lenient JSON readers would accept, in our words.
    /// </summary>
    private static string ReaderProblem(string message)
    {
        if (message.Contains("trailing comma", StringComparison.Ordinal)) return "a comma before a closing bracket or brace (JSON allows no trailing comma)";
        if (message.StartsWith("'/'", StringComparison.Ordinal)) return "a comment or a stray '/' (JSON has no comments)";
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    /// <summary>Byte offsets where each line starts; maps a token's offset to its 1-based line by binary search.</summary>
    private sealed class LineTable
    {
        private readonly int[] _starts;
        private readonly int _offset;

        /// <param name="offset">Where the reader's span starts in <paramref name="utf8"/> (after a byte-order mark).</param>
        public LineTable(ReadOnlySpan<byte> utf8, int offset)
        {
            _offset = offset;
            var starts = new List<int> { 0 };
            int from = 0;
            while (true)
            {
                int at = utf8[from..].IndexOf((byte)'\n');
                if (at < 0) break;
                from += at + 1;
                starts.Add(from);
            }
            _starts = starts.ToArray();
        }

        public int LineOf(long tokenStart)
        {
            int index = Array.BinarySearch(_starts, (int)tokenStart + _offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
