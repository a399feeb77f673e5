namespace Ballast.Core.Serialization;

/// <summary>A transaction or script that cannot be read, with the 1-based line where the problem is.</summary>
public sealed class TransactionFormatException(int line, string problem) : Exception($"line {line}: {problem}")
{
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
