using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ballast.Cli;

/// <summary>
/// The one-paragraph summaries the source projects' XML documentation gives their types, so <c>ballast types</c>
/// prints the same words a reader sees in the code (one declaration: the doc comment on the record).
/// </summary>
internal static partial class XmlDocs
{
    private static readonly Dictionary<Assembly, Dictionary<string, string>> s_loaded = [];

    public static string? Summary(Type type)
    {
        var docs = Load(type.Assembly);
        return docs.TryGetValue("T:" + (type.FullName ?? type.Name).Replace('+', '.'), out var s) ? s : null;
    }

    private static Dictionary<string, string> Load(Assembly assembly)
    {
        lock (s_loaded)
        {
            if (s_loaded.TryGetValue(assembly, out var known)) return known;
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (File.Exists(path))
            {
                foreach (var member in XDocument.Load(path).Descendants("member"))
                {
                    var summary = member.Element("summary");
                    var name = member.Attribute("name")?.Value;
                    if (summary is null || name is null) continue;
                    result[name] = Flatten(summary);
                }
            }
            s_loaded[assembly] = result;
            return result;
        }
    }

    /// <summary>Text of a summary with references written as their short names and whitespace collapsed.</summary>
    private static string Flatten(XElement summary)
    {
        var parts = summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement e when e.Attribute("cref") is { } cref => cref.Value[(cref.Value.LastIndexOfAny(['.', ':']) + 1)..],
            XElement e when e.Attribute("name") is { } name => name.Value,
            XElement e => e.Value,
            _ => "",
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
