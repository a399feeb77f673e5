namespace Ballast.Core.Blocks;

/// <summary>
/// A broken invariant: a bug in the engine or a module, never a user's mistake (those are refusals with an
/// <see cref="ErrorCode"/>). Hosts stop and report it (<c>ballast exec</c> exits 3).
/// </summary>
public class InvariantViolationException : Exception
{
    public InvariantViolationException(string message) : base(message) { }
    public InvariantViolationException(string message, Exception inner) : base(message, inner) { }
}
