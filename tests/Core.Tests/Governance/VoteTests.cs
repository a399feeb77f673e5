using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Governance;

/// <summary>
/// Token-weighted votes in the standard world: body "dao" on TAO (supply 200 TAO), quorum 2,000 bps (40 TAO),
/// supermajority 6,667 bps, voting period 5 blocks. Vote 1 is created in block 1 and ends at block 6.
/// </summary>
public class VoteTests
{
    private static Vote VoteOf(Engine engine, long id) => engine.StateOf<GovernanceState>().Votes[id];

    private static Engine EndedVote(ITransaction? action, params Envelope[] casts)
    {
        var engine = Build().WithOpenVote(action);
        engine.RunOk(casts);
        engine.AdvanceTo(1 + VotingPeriod);
        return engine;
    }

    [Fact]
    public void Vote_below_quorum_is_not_executed_and_the_action_does_not_happen()
    {
        var engine = EndedVote(null, new CastVote(1, true, Tokens(39)).From(Alice));
        var probe = RejectionProbe.Run(engine, new ExecuteVote(1).From(Bob));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.QuorumNotReached);
        engine.Pauses.IsPaused("test.ping").ShouldBeFalse();
        VoteOf(engine, 1).Executed.ShouldBeFalse();
    }

    [Fact]
    public void Vote_at_exactly_quorum_is_executed()
    {
        var engine = EndedVote(null, new CastVote(1, true, Tokens(40)).From(Alice));
        engine.Run(new ExecuteVote(1).From(Bob)).ShouldBeAccepted();
        engine.Pauses.IsPaused("test.ping").ShouldBeTrue();
    }

    [Fact]
    public void Votes_against_count_towards_quorum()
    {
        // 30 for and 10 against: turnout 40 TAO meets quorum, 75% yes passes.
        var engine = EndedVote(null, new CastVote(1, true, Tokens(30)).From(Alice), new CastVote(1, false, Tokens(10)).From(Erin));
        engine.Run(new ExecuteVote(1).From(Bob)).ShouldBeAccepted();
    }

    [Fact]
    public void Vote_with_60_percent_yes_under_a_6667_bps_supermajority_is_not_executed()
    {
        var engine = EndedVote(null, new CastVote(1, true, Tokens(60)).From(Alice), new CastVote(1, false, Tokens(40)).From(Erin));
        var probe = RejectionProbe.Run(engine, new ExecuteVote(1).From(Alice));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.SupermajorityNotReached);
        engine.Pauses.IsPaused("test.ping").ShouldBeFalse();
    }

    [Fact]
    public void Exactly_two_thirds_yes_falls_short_of_6667_bps_by_rounding_in_favour_of_no()
    {
        // 80/120 = 66.666…% < 66.67%.
        var engine = EndedVote(null, new CastVote(1, true, Tokens(80)).From(Alice), new CastVote(1, false, Tokens(40)).From(Erin));
        engine.Run(new ExecuteVote(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.SupermajorityNotReached);
    }

    /// <summary>A body "thirds" on TAO with the exact supermajority 2/3 (6,667 bps is its display), quorum 2,000 bps, 5 blocks.</summary>
    private static Engine EndedTwoThirdsVote(params Envelope[] casts)
    {
        var engine = Standard().WithGenesis(new GenesisVotingBody("thirds", Tao, QuorumBps, 6_667, VotingPeriod, null, 2, 3).AsGenesis()).Build();
        engine.RunOk(new CreateVote("thirds", new Pause("test.ping")).From(Alice));
        engine.RunOk(casts);
        engine.AdvanceTo(1 + VotingPeriod);
        return engine;
    }

    [Fact]
    public void Exactly_two_thirds_yes_passes_an_exact_two_thirds_supermajority()
    {
        // 80 for, 40 against: 80·3 = 240 = 2·120, exactly ⅔ (it fails 6,667 bps above).
        var engine = EndedTwoThirdsVote(new CastVote(1, true, Tokens(80)).From(Alice), new CastVote(1, false, Tokens(40)).From(Erin));
        engine.Run(new ExecuteVote(1).From(Alice)).ShouldBeAccepted();
        engine.Pauses.IsPaused("test.ping").ShouldBeTrue();
    }

    [Fact]
    public void One_rao_below_two_thirds_fails_an_exact_two_thirds_supermajority()
    {
        // 80 TAO − 1 rao for, 40 TAO against: turnout 120 TAO − 1 rao, ⌈turnout·2/3⌉ = 80 TAO − 0.67 rao → 80 TAO: 1 rao short.
        var engine = EndedTwoThirdsVote(new CastVote(1, true, Tokens(80) - new Amount(1)).From(Alice), new CastVote(1, false, Tokens(40)).From(Erin));
        var probe = RejectionProbe.Run(engine, new ExecuteVote(1).From(Alice));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.SupermajorityNotReached);
        engine.Pauses.IsPaused("test.ping").ShouldBeFalse();
    }

    [Fact]
    public void Passing_two_thirds_vote_executes_a_pause_as_the_voting_body()
    {
        // 66.67 TAO for, 33.33 TAO against: exactly 6,667 bps of the turnout.
        var engine = EndedVote(new Pause("test.ping"),
            new CastVote(1, true, Amount.Tokens(6_667).MulDiv(1, 100, Rounding.Down)).From(Alice),
            new CastVote(1, false, Amount.Tokens(3_333).MulDiv(1, 100, Rounding.Down)).From(Erin));
        engine.Run(new Ping().From(Bob)).ShouldBeAccepted();

        engine.Run(new ExecuteVote(1).From(Dave)).ShouldBeAccepted();
        engine.Pauses.IsPaused("test.ping").ShouldBeTrue();
        VoteOf(engine, 1).Executed.ShouldBeTrue();
        engine.Events.Records.Select(r => r.Event).OfType<Ballast.Core.Governance.Paused>().Single().By.ShouldBe(BodyAccount);
        engine.Run(new Ping().From(Bob)).ShouldBeRejectedWith(GovernanceErrors.Paused);
        engine.Run(new ExecuteVote(1).From(Dave)).ShouldBeRejectedWith(GovernanceErrors.ProposalClosed);
    }

    [Fact]
    public void Withdraw_returns_exactly_the_tokens_locked_for_and_against()
    {
        var engine = Build().WithOpenVote();
        var before = engine.Balance(Alice);
        engine.RunOk(new CastVote(1, true, new Amount(1_234_567_891)).From(Alice), new CastVote(1, false, new Amount(7)).From(Alice));
        engine.Balance(Alice).ShouldBe(before - new Amount(1_234_567_898));
        engine.Balance(BodyEscrow).ShouldBe(new Amount(1_234_567_898));
        VoteOf(engine, 1).Deposits[Alice].ShouldBe(new VoteDeposit(new Amount(1_234_567_891), new Amount(7)));

        engine.AdvanceTo(1 + VotingPeriod);
        engine.Run(new WithdrawVote(1).From(Alice)).ShouldBeAccepted();
        engine.Balance(Alice).ShouldBe(before);
        engine.Balance(BodyEscrow).ShouldBe(Amount.Zero);
        VoteOf(engine, 1).Deposits.ContainsKey(Alice).ShouldBeFalse();
        engine.Events.Records.Select(r => r.Event).OfType<VoteWithdrawn>().Single()
            .ShouldBe(new VoteWithdrawn(1, Alice, new Amount(1_234_567_898)));
    }

    [Fact]
    public void Withdrawing_before_execution_does_not_change_the_tally()
    {
        var engine = EndedVote(null, new CastVote(1, true, Tokens(100)).From(Alice));
        engine.RunOk(new WithdrawVote(1).From(Alice));
        VoteOf(engine, 1).For.ShouldBe(Tokens(100));
        engine.Run(new ExecuteVote(1).From(Bob)).ShouldBeAccepted();
        engine.Balance(Alice).ShouldBe(Tokens(100));
    }

    [Fact]
    public void Voters_of_a_failed_vote_get_their_tokens_back()
    {
        var engine = EndedVote(null, new CastVote(1, true, Tokens(10)).From(Alice), new CastVote(1, false, Tokens(20)).From(Bob));
        engine.Run(new ExecuteVote(1).From(Bob)).ShouldBeRejectedWith(GovernanceErrors.QuorumNotReached);
        engine.RunOk(new WithdrawVote(1).From(Alice), new WithdrawVote(1).From(Bob));
        engine.Balance(Alice).ShouldBe(Tokens(100));
        engine.Balance(Bob).ShouldBe(Tokens(50));
        engine.Balance(BodyEscrow).ShouldBe(Amount.Zero);
    }

    [Fact]
    public void Escrowed_tokens_cannot_be_spent_while_the_vote_is_open()
    {
        var engine = Build().WithOpenVote();
        engine.RunOk(new CastVote(1, true, Tokens(10)).From(Carol));
        engine.Run(new Transfer(Dave, Tao, new Amount(1)).From(Carol)).ShouldBeRejectedWith(CoreErrors.InsufficientBalance);
        engine.Run(new CastVote(1, true, new Amount(1)).From(Carol)).ShouldBeRejectedWith(CoreErrors.InsufficientBalance);
    }

    [Fact]
    public void Voting_is_open_through_the_last_block_of_the_period_and_closed_after_it()
    {
        var engine = Build().WithOpenVote();
        VoteOf(engine, 1).EndsAt.ShouldBe(1 + VotingPeriod);
        engine.AdvanceTo(VotingPeriod);
        engine.Run(new CastVote(1, true, Tokens(50)).From(Alice)).ShouldBeAccepted(); // block 6
        var probe = RejectionProbe.Run(engine, new CastVote(1, true, Tokens(50)).From(Bob)); // block 7
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.VotingClosed);
        engine.Balance(Bob).ShouldBe(Tokens(50));
    }

    [Fact]
    public void Vote_executed_by_the_body_changes_a_parameter()
    {
        var engine = EndedVote(SetCooldown(42), new CastVote(1, true, Tokens(100)).From(Alice));
        engine.Run(new ExecuteVote(1).From(Dave)).ShouldBeAccepted();
        engine.Params().CooldownBlocks.ShouldBe(42);
    }

    [Fact]
    public void Vote_whose_action_fails_stays_executable_later()
    {
        var engine = EndedVote(new Unpause("test.ping"), new CastVote(1, true, Tokens(100)).From(Alice));
        engine.Run(new ExecuteVote(1).From(Dave)).ShouldBeRejectedWith(GovernanceErrors.ActionRejected);
        engine.RunOk(new Pause("test.ping").From(Gina));
        engine.Run(new ExecuteVote(1).From(Dave)).ShouldBeAccepted();
        engine.Pauses.IsPaused("test.ping").ShouldBeFalse();
    }

    [Fact]
    public void Vote_with_a_turnout_above_the_128_bit_range_of_yes_times_10000_is_decided_without_overflow()
    {
        // 34,100 voters with 1e30 units each: yes = 3.41e34 units, and yes · 10,000 exceeds UInt128 (3.4e38).
        const int voters = 34_100;
        var builder = new EngineBuilder().WithAccount(Dave).WithVotingBody(Body, 5_000, 6_667, 1);
        var limit = new Amount(EngineContext.MaxTransactionUnits);
        for (int i = 0; i < voters; i++) builder.WithAccount($"v{i}", limit);
        var engine = builder.Build();
        engine.RunOk(new CreateVote(Body, new Pause("test.ping")).From(Dave));
        var casts = new Envelope[voters];
        for (int i = 0; i < voters; i++) casts[i] = new CastVote(1, true, limit).From($"v{i}");
        engine.RunOk(casts);
        engine.AdvanceBlocks(1);

        engine.Run(new ExecuteVote(1).From(Dave)).ShouldBeAccepted();
        engine.Pauses.IsPaused("test.ping").ShouldBeTrue();
    }
}
