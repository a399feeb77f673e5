namespace Ballast.Core.Blocks;

/// <summary>The outcome of one transaction: accepted, or rejected with a stable code and a sentence for people.</summary>
public readonly struct TxResult
{
    // The sentence, or a function that writes it: a refusal that hosts mostly only count (a liquidation call on a
    // healthy position, every block in a simulation) formats its numbers only when someone reads the message.
    private readonly object? _message;

    public ErrorCode? Error { get; }

    /// <summary>The sentence for people (written on first read when the refusal was made with a message function).</summary>
    public string? Message => _message as string ?? (_message as Func<string>)?.Invoke();

    private TxResult(ErrorCode error, object message) => (Error, _message) = (error, message);

    public bool Accepted => Error is null;
    public static TxResult Ok => default;
    public static TxResult Reject(ErrorCode code, string message) => new(code, message);

    /// <summary>A refusal whose sentence is written only if it is read: for refusals on a hot path. The function must
    /// capture values, not state that may change later.</summary>
    public static TxResult Reject(ErrorCode code, Func<string> message) => new(code, message);

    public override string ToString() => Accepted ? "Ok" : $"{Error}: {Message}";
}
