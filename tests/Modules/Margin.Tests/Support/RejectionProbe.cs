using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Serialization;

namespace Ballast.Margin.Tests.Support;

/// <summary>
/// Runs a block twice from one snapshot: once with <c>prefix</c> only, once with <c>prefix</c> and the transaction
/// under test at its end. A rejected transaction must leave exactly the state (hash, full JSON view, events) of the
/// block without it. The prefix holds what must happen earlier in the same block (a first open for a cooldown, a
/// first liquidation call).
/// </summary>
public sealed record RejectionProbe(TxResult Result, string HashWithout, string HashWith, string ViewWithout, string ViewWith,
    int EventsWithout, int EventsWith)
{
    public static RejectionProbe Run(Engine engine, IReadOnlyList<Envelope> prefix, Envelope tx)
    {
        var snapshot = engine.Snapshot();
        int before = engine.Events.Count;
        var without = engine.ExecuteBlock(prefix);
        without.Results.ShouldAllBe(r => r.Accepted, $"the block's prefix must be accepted: {string.Join("; ", without.Results)}");
        var (hash, view, events) = (engine.StateHash(), View(engine), engine.Events.Count - before);

        engine.Restore(snapshot);
        before = engine.Events.Count;
        var with = engine.ExecuteBlock([.. prefix, tx]);
        with.Results.Take(prefix.Count).ShouldAllBe(r => r.Accepted);
        return new RejectionProbe(with.Results[^1], hash, engine.StateHash(), view, View(engine), events, engine.Events.Count - before);
    }

    /// <summary>Everything <c>ballast exec</c> shows of the state (balances, supplies, roles, pauses, parameters, prices, module views).</summary>
    public static string View(Engine engine) => JsonSerializer.Serialize(StateView.Describe(engine), BallastJson.Options(engine.Catalog));

    public void ShouldBeRejectedWithoutEffect(ErrorCode code, string? messageContains = null)
    {
        Result.ShouldBeRejectedWith(code, messageContains);
        HashWith.ShouldBe(HashWithout, "the rejected transaction changed the state hash");
        ViewWith.ShouldBe(ViewWithout, "the rejected transaction changed the state");
        EventsWith.ShouldBe(EventsWithout, "the rejected transaction left events behind");
    }
}

public static class TxResultAssertions
{
    public static void ShouldBeRejectedWith(this TxResult result, ErrorCode code, string? messageContains = null)
    {
        result.Accepted.ShouldBeFalse($"expected {code}, but the transaction was accepted");
        result.Error.ShouldBe(code, result.ToString());
        result.Message.ShouldNotBeNullOrWhiteSpace();
        if (messageContains is not null) result.Message.ShouldContain(messageContains, Case.Sensitive, result.ToString());
    }

    public static void ShouldBeAccepted(this TxResult result) => result.Accepted.ShouldBeTrue(result.ToString());
}
