using Ballast.Core.Blocks;
using Ballast.Margin.Tests.Support;

namespace Ballast.Margin.Tests.Rejections;

/// <summary>
/// One row of the rejection table: a name, the code, a sentence the message must contain, and how to arrange the
/// world, what must happen earlier in the same block (<c>Prefix</c>) and the offending transaction.
/// </summary>
public sealed record MarginRejectionCase(string Name, ErrorCode Code, string Message, Func<MarginWorld> Arrange,
    Func<MarginWorld, Envelope> Tx, Func<MarginWorld, Envelope[]>? Prefix = null)
{
    public override string ToString() => Name;

    public void Verify()
    {
        var world = Arrange();
        var prefix = Prefix?.Invoke(world) ?? [];
        RejectionProbe.Run(world.Engine, prefix, Tx(world)).ShouldBeRejectedWithoutEffect(Code, Message);
    }
}
