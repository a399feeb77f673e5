using System.Globalization;
using System.Text;

namespace Ballast.Core.Serialization;

/// <summary>
/// How a format error echoes what the script wrote: escaped and bounded. A script is untrusted input; its text ends
/// up on a terminal, in a log or in an HTTP answer, so a message must never carry a raw control character (an
/// escape sequence could rewrite the terminal), a direction override, or a megabyte-long value.
/// </summary>
public static class ScriptText
{
    /// <summary>At most this many characters of a value the script wrote are echoed.</summary>
    public const int MaxEchoChars = 60;

    /// <summary>A whole problem is cut to this many characters.</summary>
    public const int MaxProblemChars = 600;

    /// <summary>A string the script wrote, in quotes, with quotes, backslashes and non-printables escaped, cut to <see cref="MaxEchoChars"/>.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxEchoChars) + 8);
        builder.Append('"');
        AppendEscaped(builder, text, MaxEchoChars, escapeQuotes: true);
        builder.Append('"');
        if (text.Length > MaxEchoChars) builder.Append(CultureInfo.InvariantCulture, $" ({text.Length} characters)");
        return builder.ToString();
    }

    /// <summary>
    /// A message with every non-printable character escaped (<c>\u001b</c>) and its length bounded by
    /// <see cref="MaxProblemChars"/>. Applied to every <see cref="TransactionFormatException"/>, whatever built it.
    /// </summary>
    public static string Clean(string message)
    {
        if (message.Length <= MaxProblemChars && !message.Any(NeedsEscape)) return message;
        var builder = new StringBuilder(Math.Min(message.Length, MaxProblemChars) + 8);
        AppendEscaped(builder, message, MaxProblemChars, escapeQuotes: false);
        return builder.ToString();
    }

    /// <summary>A part of a field path the script wrote (an unknown field, a dictionary key): bare if it is a plain name, else quoted.</summary>
    public static string Name(string name)
    {
        bool plain = name.Length is > 0 and <= MaxEchoChars && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return plain ? name : Quote(name);
    }

    /// <summary>
    /// Characters a message must not carry raw: C0 and C1 controls, DEL, format characters (direction overrides,
    /// zero-width joiners), line and paragraph separators, lone surrogates, private-use and unassigned code points.
    /// </summary>
    private static bool NeedsEscape(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned;

    private static void AppendEscaped(StringBuilder builder, string text, int maxChars, bool escapeQuotes)
    {
        int end = Math.Min(text.Length, maxChars);
        // Never cut a surrogate pair in two: the half left behind would be escaped, which is correct but ugly.
        if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        for (int i = 0; i < end; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1])
                && CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1])) is not (UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Format))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when escapeQuotes: builder.Append("\\\""); break;
                case '\\' when escapeQuotes: builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (NeedsEscape(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else builder.Append(c);
                    break;
            }
        }
        if (end < text.Length) builder.Append("...");
    }
}
