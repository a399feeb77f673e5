using Ballast.Core.Blocks;

namespace Ballast.Node.Chain;

/// <summary>A request the node refuses before or instead of the engine: the stable code, the HTTP status and a sentence.</summary>
public sealed record Refusal(ErrorCode Code, int Status, string Message)
{
    public static Refusal Malformed(string message) => new(NodeErrors.MalformedRequest, 400, message);
}

/// <summary>Raised inside the node to carry a <see cref="Refusal"/> to the API layer.</summary>
public sealed class RefusalException(Refusal refusal) : Exception(refusal.Message)
{
    public Refusal Refusal { get; } = refusal;
}
