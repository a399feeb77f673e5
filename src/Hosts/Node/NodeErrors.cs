using Ballast.Core.Blocks;

namespace Ballast.Node;

/// <summary>
/// Refusal codes of the node itself, before a transaction reaches the engine: its envelope, signature, chain and
/// nonce, and the API's own checks. Stable names, never renamed once released (as the engine's codes).
/// </summary>
public static class NodeErrors
{
    /// <summary>The request body is not the JSON the endpoint reads (the sentence names the field).</summary>
    public static readonly ErrorCode MalformedRequest = new("MalformedRequest");
    /// <summary>The signature does not verify against the sender's key for these exact bytes.</summary>
    public static readonly ErrorCode BadSignature = new("BadSignature");
    /// <summary>The sender has no key the node knows, so nothing it signs can verify.</summary>
    public static readonly ErrorCode UnknownSigner = new("UnknownSigner");
    /// <summary>The transaction was signed for another chain (its <c>chainId</c> differs).</summary>
    public static readonly ErrorCode WrongChain = new("WrongChain");
    /// <summary>The sender already used this nonce for another transaction.</summary>
    public static readonly ErrorCode NonceReused = new("NonceReused");
    /// <summary>The nonce is beyond the sender's next one: transactions before it are missing.</summary>
    public static readonly ErrorCode NonceSkipped = new("NonceSkipped");
    /// <summary>No transaction, block or query by that name or number.</summary>
    public static readonly ErrorCode NotFound = new("NotFound");
    /// <summary>A development control was called on a node that does not run in development mode.</summary>
    public static readonly ErrorCode DevModeOnly = new("DevModeOnly");
    /// <summary>The request body is larger than the node accepts.</summary>
    public static readonly ErrorCode RequestTooLarge = new("RequestTooLarge");
    /// <summary>This client sent more requests than its rate allows; retry after the time given.</summary>
    public static readonly ErrorCode RateLimited = new("RateLimited");
    /// <summary>A query's input was read but the query could not answer it (the sentence says why).</summary>
    public static readonly ErrorCode QueryFailed = new("QueryFailed");
    /// <summary>The node stopped accepting writes: its engine or its store failed (see its log); reads still work.</summary>
    public static readonly ErrorCode NodeHalted = new("NodeHalted");
    /// <summary>The pending pool is full; retry after the next block.</summary>
    public static readonly ErrorCode PoolFull = new("PoolFull");
    /// <summary>What was asked does not exist for this chain (a script dump of a chain that started from a state).</summary>
    public static readonly ErrorCode NotAvailable = new("NotAvailable");
}
