using Ballast.Core.Blocks;
using Ballast.Node.Chain;
using Microsoft.AspNetCore.Http;

namespace Ballast.Node.Api;

/// <summary>
/// Refusals as RFC 7807 problem details (<c>application/problem+json</c>): <c>type</c> names the stable code
/// (<c>urn:ballast:error:NonceReused</c>), <c>code</c> repeats it for clients that read one field, <c>detail</c> is
/// the engine's or the node's sentence.
/// </summary>
public static class Problems
{
    public static IResult Of(Refusal refusal, IDictionary<string, object?>? extensions = null) =>
        Of(refusal.Code, refusal.Status, refusal.Message, extensions);

    public static IResult Of(ErrorCode code, int status, string detail, IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code.Name };
        return Results.Problem(detail: detail, statusCode: status, title: Title(status), type: $"urn:ballast:error:{code.Name}", extensions: ext);
    }

    /// <summary>The same problem as JSON text, for an answer that holds several (a batch's).</summary>
    public static string Text(ErrorCode code, int status, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"urn:ballast:error:{code.Name}", ["title"] = Title(status), ["status"] = status, ["detail"] = detail,
        };
        foreach (var (k, v) in extensions ?? new Dictionary<string, object?>()) problem[k] = v;
        problem["code"] = code.Name;
        return System.Text.Json.JsonSerializer.Serialize(problem);
    }

    public static IResult NotFound(string detail) => Of(NodeErrors.NotFound, 404, detail);

    public static IResult Malformed(string detail) => Of(NodeErrors.MalformedRequest, 400, detail);

    private static string Title(int status) => status switch
    {
        400 => "Malformed request",
        401 => "Not signed by the sender",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict with the chain",
        413 => "Request too large",
        422 => "Rejected by the engine",
        429 => "Too many requests",
        _ => "Refused",
    };
}
