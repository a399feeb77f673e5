namespace Ballast.Core.Serialization;

/// <summary>
/// A transaction or script that cannot be read: the 1-based line, the field (its path as the script writes it,
/// <c>steps[3].block[0].amountIn</c>; empty when the problem is the JSON text itself) and the problem, in the
/// script's own words. The problem is escaped and bounded (<see cref="ScriptText.Clean"/>), so hosts can print it
/// as it is.
/// </summary>
public sealed class TransactionFormatException : Exception
{
    public TransactionFormatException(int line, string problem) : this(line, "", problem) { }

    public TransactionFormatException(int line, string field, string problem)
        : base($"line {line}: {Compose(field, problem)}")
    {
        Line = line;
        Field = ScriptText.Clean(field);
        Problem = Compose(field, problem);
    }

    public int Line { get; }

    /// <summary>The field's path, or empty.</summary>
    public string Field { get; }

    /// <summary>What is wrong, starting with the field's path when there is one: <c>steps[0].advance: expected …</c>.</summary>
    public string Problem { get; }

    private static string Compose(string field, string problem) =>
        ScriptText.Clean(field.Length == 0 ? problem : $"{field}: {problem}");
}
