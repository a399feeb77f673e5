namespace Ballast.Core.Scripting;

/// <summary>What running a script produced, in the order it happened: the JSON that <c>ballast exec</c> prints.</summary>
public sealed record ExecReport(
    string? Description,
    ulong Seed,
    long FinalHeight,
    int TransactionsApplied,
    int TransactionsRejected,
    IReadOnlyList<ExecEvent> Events,
    IReadOnlyList<ExecRejection> Rejections,
    IReadOnlyList<ExecCheckpoint> Checkpoints,
    object FinalState,
    string StateHash);

public sealed record ExecEvent(long Block, int? Tx, string Type, object Data);

public sealed record ExecRejection(long Block, int Tx, int Line, string Type, string Sender, string Code, string Message);

public sealed record ExecCheckpoint(string Label, long Height, object State, string StateHash);
