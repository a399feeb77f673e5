using Ballast.Core.Blocks;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// One row of a rejection table: a named scenario, the code it must be rejected with, and how to arrange the
/// engine and the offending transaction. <see cref="AtGenesis"/> rows apply the transaction at height 0.
/// </summary>
public sealed record RejectionCase(string Name, ErrorCode Code, Func<(Engine Engine, Envelope Tx)> Arrange, bool AtGenesis = false)
{
    public override string ToString() => Name;

    public static RejectionCase After(string name, ErrorCode code, Func<Engine> arrange, Func<Engine, Envelope> tx) =>
        new(name, code, () => { var e = arrange(); return (e, tx(e)); });

    public static RejectionCase After(string name, ErrorCode code, Func<Engine> arrange, Envelope tx) =>
        new(name, code, () => (arrange(), tx));

    /// <summary>A genesis-time rejection: the transaction is applied at height 0 after <paramref name="arrange"/>'s genesis.</summary>
    public static RejectionCase AtGenesisOf(string name, ErrorCode code, Func<Engine> arrange, Envelope tx) =>
        new(name, code, () => (arrange(), tx), AtGenesis: true);

    public void Verify()
    {
        var (engine, tx) = Arrange();
        RejectionProbe.Run(engine, tx, AtGenesis).ShouldBeRejectedWithoutEffect(Code);
    }

    public static TheoryData<string> Names(IEnumerable<RejectionCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases) data.Add(c.Name);
        return data;
    }
}
