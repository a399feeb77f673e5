using Ballast.Core.Numerics;

namespace Ballast.Simulation.Agents.Underwriting;

/// <summary>
/// The simulator's convention for a credit line's hidden type: a utilizer proposing a bad line (high default
/// probability) asks for an odd number of rao, a good one for an even number. Every agent could read it; managers and
/// hedgers only use it through their own noisy signal (right with their <c>accuracy</c>), which is what a manager's
/// skill means here. The principal's last rao changes nothing economically.
/// </summary>
public static class HiddenType
{
    public static bool IsBad(Amount principal) => (principal.Units & 1) == 1;

    /// <summary>A principal of about <paramref name="tao"/> TAO carrying the type.</summary>
    public static Amount Principal(ulong tao, bool bad) => new(Amount.Tokens(tao).Units + (bad ? 1u : 0u));

    /// <summary>A signal that the line is good: the truth with probability <paramref name="accuracy"/>, else its opposite.</summary>
    public static bool SignalGood(Amount principal, double accuracy, DeterministicRandom random) =>
        (random.NextDouble() < accuracy) ? !IsBad(principal) : IsBad(principal);
}
