namespace Ballast.Core.Serialization;

/// <summary>The JSON kinds a <see cref="SourceValue"/> can be.</summary>
internal enum SourceKind { Object, List, String, Number, True, False, Null }

/// <summary>
/// One JSON value as the script wrote it, with the line it starts on: what the strict reader produces in one pass,
/// so that every later error can name its line without going back to the text. Numbers keep their literal text
/// (never a double), so amounts and decimals are read exactly.
/// </summary>
internal sealed class SourceValue
{
    private static readonly IReadOnlyList<SourceValue> NoItems = [];
    private static readonly IReadOnlyList<SourceProperty> NoProperties = [];

    private SourceValue(SourceKind kind, int line, string? text, IReadOnlyList<SourceValue>? items, IReadOnlyList<SourceProperty>? properties)
    {
        Kind = kind;
        Line = line;
        Text = text;
        Items = items ?? NoItems;
        Properties = properties ?? NoProperties;
    }

    public SourceKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>A string's value, or a number's literal as written (<c>1500000000</c>, <c>0.25</c>, <c>1e9</c>); null otherwise.</summary>
    public string? Text { get; }

    /// <summary>A list's items in order; empty for other kinds.</summary>
    public IReadOnlyList<SourceValue> Items { get; }

    /// <summary>An object's properties in the order written (names are unique: the reader refuses duplicates).</summary>
    public IReadOnlyList<SourceProperty> Properties { get; }

    public static SourceValue Object(int line, IReadOnlyList<SourceProperty> properties) => new(SourceKind.Object, line, null, null, properties);
    public static SourceValue List(int line, IReadOnlyList<SourceValue> items) => new(SourceKind.List, line, null, items, null);
    public static SourceValue String(int line, string text) => new(SourceKind.String, line, text, null, null);
    public static SourceValue Number(int line, string literal) => new(SourceKind.Number, line, literal, null, null);
    public static SourceValue Literal(int line, SourceKind kind) => new(kind, line, null, null, null);

    /// <summary>The property named <paramref name="name"/>, or null.</summary>
    public SourceProperty? Property(string name)
    {
        foreach (var property in Properties)
            if (property.Name == name) return property;
        return null;
    }

    /// <summary>What the script wrote, for "got …" in a message: a quoted string, a number, a kind of container.</summary>
    public string Describe() => Kind switch
    {
        SourceKind.String => ScriptText.Quote(Text!),
        SourceKind.Number => Text!.Length <= ScriptText.MaxEchoChars ? Text : $"a number of {Text.Length} characters",
        SourceKind.True => "true",
        SourceKind.False => "false",
        SourceKind.Null => "null",
        SourceKind.List => "a list",
        _ => "an object",
    };
}

/// <summary>An object's property: its name, the line the name is on, and its value.</summary>
internal sealed record SourceProperty(string Name, int Line, SourceValue Value);
