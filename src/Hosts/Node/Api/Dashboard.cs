using Microsoft.AspNetCore.Http;

namespace Ballast.Node.Api;

/// <summary>The dashboard's files, embedded in the node's assembly (page, script, style and the charting library).</summary>
internal static class Dashboard
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8", [""] = "text/plain; charset=utf-8",
    };

    public static IResult Serve(string file)
    {
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("dashboard/" + file);
        if (stream is null) return Problems.NotFound($"no dashboard file '{Core.Serialization.ScriptText.Clean(file)}'");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Results.Bytes(buffer.ToArray(), Types.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"));
    }
}
