using System.Globalization;
using System.Text;

namespace Ballast.Core.Serialization;

/// <summary>
/// Where a value sits in the document, as the script writes it: <c>steps[3].block[0].amountIn</c>. Built as the
/// reader descends (one small object per step down) and turned into text only when an error names it.
/// </summary>
internal sealed class FieldPath
{
    private readonly FieldPath? _parent;
    private readonly string? _name;
    private readonly int _index;
    private readonly string _subject;

    private FieldPath(FieldPath? parent, string? name, int index, string subject)
    {
        _parent = parent;
        _name = name;
        _index = index;
        _subject = subject;
    }

    /// <summary>The document itself, called <paramref name="subject"/> ("the script", "the transaction") when an error is about the whole.</summary>
    public static FieldPath Root(string subject) => new(null, null, -1, subject);

    /// <summary>A field of this object; <paramref name="name"/> as the script writes it (escaped when printed).</summary>
    public FieldPath Field(string name) => new(this, name, -1, _subject);

    /// <summary>An item of this list.</summary>
    public FieldPath Item(int index) => new(this, null, index, _subject);

    /// <summary>A path longer than this many steps is printed with its middle left out: its start and its end say where it is.</summary>
    private const int MaxPrintedSteps = 16;

    public override string ToString()
    {
        if (_parent is null) return _subject;
        var parts = new List<FieldPath>();
        for (var p = this; p._parent is not null; p = p._parent) parts.Add(p);
        parts.Reverse();
        int head = parts.Count > MaxPrintedSteps ? MaxPrintedSteps / 2 : parts.Count;
        int tail = parts.Count > MaxPrintedSteps ? MaxPrintedSteps / 4 : 0;
        var text = new StringBuilder();
        foreach (var part in parts.Take(head)) Append(text, part);
        if (tail > 0) text.Append(CultureInfo.InvariantCulture, $"<{parts.Count - head - tail} more>");
        foreach (var part in parts.TakeLast(tail)) Append(text, part);
        return text.ToString();
    }

    private static void Append(StringBuilder text, FieldPath part)
    {
        if (part._name is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{part._index}]");
            return;
        }
        var name = ScriptText.Name(part._name);
        if (name.StartsWith('"')) text.Append('[').Append(name).Append(']');
        else text.Append(text.Length == 0 ? "" : ".").Append(name);
    }
}
