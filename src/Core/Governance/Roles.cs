namespace Ballast.Core.Governance;

/// <summary>Role names shared by all modules.</summary>
public static class Roles
{
    /// <summary>Changes parameters, grants and revokes roles, lifts pauses, registers feeds. Held by multisigs and voting bodies.</summary>
    public const string Governor = "governor";

    /// <summary>May pause a module or an action at once (emergency); only a governor unpauses.</summary>
    public const string Guardian = "guardian";

    /// <summary>May post prices to the named feed.</summary>
    public static string Feeder(string feed) => $"feeder:{feed}";
}
