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
