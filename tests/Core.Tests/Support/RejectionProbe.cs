using Ballast.Core.Blocks;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// Applies one transaction and compares the state it leaves with the state the same block leaves without it.
/// After genesis: from one snapshot, the next block is run empty and then with the transaction (ExecuteBlock
/// advances the height, so "before" is the empty block). At height 0: ApplyGenesis does not advance, so the
/// state is compared directly before and after.
/// </summary>
public sealed record RejectionProbe(TxResult Result, string HashWithout, string HashWith, string FingerprintWithout,
    string FingerprintWith, int EventsWithout, int EventsWith)
{
    public static RejectionProbe Run(Engine engine, Envelope tx, bool atGenesis = false)
    {
        if (atGenesis)
        {
            engine.Height.ShouldBe(0);
            var (hash0, print0, events0) = (engine.StateHash(), engine.Fingerprint(), engine.Events.Count);
            var genesisResult = engine.ApplyGenesis([tx])[0];
            return new RejectionProbe(genesisResult, hash0, engine.StateHash(), print0, engine.Fingerprint(), events0, engine.Events.Count);
        }
        var snapshot = engine.Snapshot();
        int eventsBefore = engine.Events.Count;
        engine.ExecuteBlock([]);
        var (hash, print, events) = (engine.StateHash(), engine.Fingerprint(), engine.Events.Count - eventsBefore);
        engine.Restore(snapshot);
        eventsBefore = engine.Events.Count;
        var result = engine.ExecuteBlock([tx]).Results[0];
        return new RejectionProbe(result, hash, engine.StateHash(), print, engine.Fingerprint(), events, engine.Events.Count - eventsBefore);
    }

    /// <summary>Rejected with <paramref name="code"/> and a message, and the state is exactly as without the transaction.</summary>
    public void ShouldBeRejectedWithoutEffect(ErrorCode code)
    {
        Result.ShouldBeRejectedWith(code);
        FingerprintWith.ShouldBe(FingerprintWithout, "the rejected transaction changed the state");
        HashWith.ShouldBe(HashWithout, "the rejected transaction changed the state hash");
        EventsWith.ShouldBe(EventsWithout, "the rejected transaction left events behind");
    }
}
