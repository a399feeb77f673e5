namespace Ballast.Cover;

/// <summary>The roles the cover module checks (granted through governance).</summary>
public static class CoverRoles
{
    /// <summary>Lists IDO projects on the launchpad.</summary>
    public const string Launchpad = "launchpad";

    /// <summary>The Advisory Board: burns the stake of an assessor it deems dishonest.</summary>
    public const string AdvisoryBoard = "advisoryBoard";
}
