namespace Ballast.Core.Blocks;

/// <summary>The outcome of one transaction: accepted, or rejected with a stable code and a sentence for people.</summary>
public readonly struct TxResult
{
    public ErrorCode? Error { get; }
    public string? Message { get; }

    private TxResult(ErrorCode error, string message) => (Error, Message) = (error, message);

    public bool Accepted => Error is null;
    public static TxResult Ok => default;
    public static TxResult Reject(ErrorCode code, string message) => new(code, message);

    public override string ToString() => Accepted ? "Ok" : $"{Error}: {Message}";
}
