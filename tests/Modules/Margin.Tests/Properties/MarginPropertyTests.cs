namespace Ballast.Margin.Tests.Properties;

/// <summary>
/// 300 random sequences in three classes of 100, so that xunit runs them in parallel. A failure names its seed;
/// <see cref="RandomMarginSequences.Run"/> with that seed replays it.
/// </summary>
public static class MarginProperties
{
    public const int SequencesPerClass = 100;

    public static void RunRange(ulong first)
    {
        var tally = new RandomMarginSequences.Tally();
        for (ulong seed = first; seed < first + SequencesPerClass; seed++) RandomMarginSequences.Run(seed, tally);
        tally.Sequences.ShouldBe(SequencesPerClass);
        tally.ShouldBeVaried();
    }
}

public class MarginPropertyTestsA
{
    [Fact]
    public void Random_sequences_conserve_tokens_stay_solvent_index_exactly_liquidate_on_five_calls_and_reject_without_effect() =>
        MarginProperties.RunRange(1);
}

public class MarginPropertyTestsB
{
    [Fact]
    public void Random_sequences_conserve_tokens_stay_solvent_index_exactly_liquidate_on_five_calls_and_reject_without_effect() =>
        MarginProperties.RunRange(1_001);
}

public class MarginPropertyTestsC
{
    [Fact]
    public void Random_sequences_conserve_tokens_stay_solvent_index_exactly_liquidate_on_five_calls_and_reject_without_effect() =>
        MarginProperties.RunRange(2_001);
}

/// <summary>
/// The same properties on the hardened preset (TWAP valuation and the index's scaled floor, per-accrual LP interest and
/// its receivable, locked tiers, the open checks), 50 sequences; its variety check asks only for what hardened admits
/// (its depth limit keeps positions, and so fees, small: these sequences never fill the buyback pool to its threshold;
/// the buyback's hardening is covered by the rejection cases and the adversary suite).
/// </summary>
public class MarginPropertyTestsHardened
{
    [Fact]
    public void Random_sequences_on_hardened_conserve_tokens_stay_solvent_index_exactly_and_reject_without_effect()
    {
        var tally = new RandomMarginSequences.Tally();
        const int sequences = 50;
        for (ulong seed = 3_001; seed < 3_001 + sequences; seed++) RandomMarginSequences.Run(seed, tally, hardened: true);
        tally.Sequences.ShouldBe(sequences);
        foreach (var action in new[] { "margin.open", "margin.close", "margin.liquidate", "margin.deposit", "margin.withdraw", "margin.lockTierAlpha", "margin.unlockTierAlpha" })
            tally.Accepted.GetValueOrDefault(action).ShouldBeGreaterThan(0, $"no accepted {action}: {tally}");
        tally.Liquidations.ShouldBeGreaterThan(0, tally.ToString());
    }
}
