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

    public override string ToString()
    {
        if (_parent is null) return _subject;
        var parts = new Stack<FieldPath>();
        for (var p = this; p._parent is not null; p = p._parent) parts.Push(p);
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part._name is null) text.Append(CultureInfo.InvariantCulture, $"[{part._index}]");
            else
            {
                var name = ScriptText.Name(part._name);
                if (name.StartsWith('"')) text.Append('[').Append(name).Append(']');
                else text.Append(text.Length == 0 ? "" : ".").Append(name);
            }
        }
        return text.ToString();
    }
}
