using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Governance;

public class MultisigTests
{
    private const string Council = "council";
    private const string CouncilAccount = "multisig:council";

    /// <summary>A 2-of-3 multisig with the default timelock (14,400 blocks) and grace (100,800 blocks).</summary>
    private static Engine CouncilWorld() => new EngineBuilder()
        .WithAccount(Alice, 100).WithAccount(Bob, 100).WithAccount(Carol, 100).WithAccount(Dave, 100)
        .WithMultisig(Council, [Alice, Bob, Carol])
        .Build();

    private static Proposal ProposalOf(Engine engine, long id) => engine.StateOf<GovernanceState>().Proposals[id];

    [Fact]
    public void Default_multisig_is_a_majority_with_a_48_hour_timelock_and_holds_the_governor_role()
    {
        var engine = CouncilWorld();
        var multisig = engine.StateOf<GovernanceState>().Multisigs[Council];
        multisig.Threshold.ShouldBe(2);
        multisig.TimelockBlocks.ShouldBe(14_400);
        multisig.GraceBlocks.ShouldBe(100_800);
        multisig.Account.ShouldBe(CouncilAccount);
        engine.Roles.Has(Roles.Governor, CouncilAccount).ShouldBeTrue();
        engine.Ledger.TryGetAccount(CouncilAccount, out var id).ShouldBeTrue();
        engine.Ledger.Account(id).Kind.ShouldBe(AccountKind.Module);
    }

    [Fact]
    public void Parameter_change_is_executable_only_after_the_timelock_and_then_applies()
    {
        var engine = CouncilWorld();
        engine.RunOk(new Propose(Council, SetCooldown(250)).From(Alice));      // block 1
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Pending);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.ThresholdNotReached); // block 2

        engine.RunOk(new Approve(1).From(Bob));                                                // block 3: queued
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Queued);
        ProposalOf(engine, 1).QueuedAt.ShouldBe(3);
        engine.Events.Records.Select(r => r.Event).OfType<ProposalQueued>().Single()
            .ShouldBe(new ProposalQueued(1, 3 + 14_400, 3 + 14_400 + 100_800));

        var early = engine.Run(new ExecuteProposal(1).From(Alice));                            // block 4
        early.ShouldBeRejectedWith(GovernanceErrors.TimelockNotElapsed);
        engine.Params().CooldownBlocks.ShouldBe(100);

        engine.AdvanceBlocks(14_400);
        engine.Run(new ExecuteProposal(1).From(Carol)).ShouldBeAccepted();
        engine.Params().CooldownBlocks.ShouldBe(250);
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Executed);
        var changed = engine.Events.Records.Select(r => r.Event).OfType<ParameterChanged>().Single();
        changed.ShouldBe(new ParameterChanged(TestModule.ModuleName, "CooldownBlocks", "100", "250"));
    }

    [Fact]
    public void Execution_is_rejected_one_block_before_the_timelock_ends_and_accepted_at_its_end()
    {
        var engine = CouncilWorld();
        engine.RunOk(new Propose(Council, SetCooldown(250)).From(Alice), new Approve(1).From(Bob)); // queued in block 1
        engine.AdvanceTo(1 + 14_400 - 2);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.TimelockNotElapsed); // block 14,400
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeAccepted();                                        // block 14,401
        engine.Params().CooldownBlocks.ShouldBe(250);
    }

    [Fact]
    public void Timelock_starts_when_approvals_reach_the_threshold_not_when_the_proposal_is_made()
    {
        var engine = CouncilWorld();
        engine.RunOk(new Propose(Council, SetCooldown(250)).From(Alice)); // block 1
        engine.AdvanceTo(99);
        engine.RunOk(new Approve(1).From(Bob));                                           // block 100: queued
        engine.AdvanceTo(1 + 14_400);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.TimelockNotElapsed);
        engine.AdvanceTo(100 + 14_400 - 1);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeAccepted();
    }

    [Fact]
    public void Further_approvals_after_the_threshold_do_not_restart_the_timelock()
    {
        var engine = CouncilWorld();
        engine.RunOk(new Propose(Council, SetCooldown(250)).From(Alice), new Approve(1).From(Bob)); // block 1
        engine.AdvanceTo(50);
        engine.RunOk(new Approve(1).From(Carol));                                                               // block 51
        ProposalOf(engine, 1).QueuedAt.ShouldBe(1);
        ProposalOf(engine, 1).Approvals.ShouldBe([Alice, Bob, Carol]);
        engine.AdvanceTo(14_400);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeAccepted();
    }

    [Fact]
    public void One_of_n_multisig_queues_a_proposal_as_soon_as_it_is_made()
    {
        var engine = new EngineBuilder().WithAccount(Alice).WithAccount(Bob)
            .WithMultisig("solo", [Alice, Bob], threshold: 1, timelockBlocks: 0).Build();
        engine.RunOk(new Propose("solo", SetCooldown(7)).From(Alice));
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Queued);
        engine.Run(new ExecuteProposal(1).From(Bob)).ShouldBeAccepted();
        engine.Params().CooldownBlocks.ShouldBe(7);
    }

    [Fact]
    public void Cancelled_proposal_can_neither_be_approved_nor_executed()
    {
        var engine = Build().WithQueuedProposal();
        engine.RunOk(new CancelProposal(1).From(Carol));
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Cancelled);
        engine.AdvanceTo(30);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.ProposalClosed);
        engine.Run(new Approve(1).From(Carol)).ShouldBeRejectedWith(GovernanceErrors.ProposalClosed);
        engine.Run(new CancelProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.ProposalClosed);
        engine.Params().CooldownBlocks.ShouldBe(100);
    }

    [Fact]
    public void Pending_proposal_can_be_approved_in_the_last_block_of_its_grace_period_and_not_after()
    {
        var engine = Build().WithPendingProposal(); // block 1, grace 50
        var snapshot = engine.Snapshot();
        engine.AdvanceTo(1 + MultisigGrace - 1);
        engine.Run(new Approve(1).From(Bob)).ShouldBeAccepted(); // block 51

        engine.Restore(snapshot);
        engine.AdvanceTo(1 + MultisigGrace);
        engine.Run(new Approve(1).From(Bob)).ShouldBeRejectedWith(GovernanceErrors.ProposalExpired); // block 52
    }

    [Fact]
    public void Queued_proposal_expires_after_its_timelock_plus_grace()
    {
        var engine = Build().WithQueuedProposal(); // queued in block 2: executable 12–62
        var snapshot = engine.Snapshot();
        engine.AdvanceTo(2 + MultisigTimelock + MultisigGrace - 1);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeAccepted(); // block 62

        engine.Restore(snapshot);
        engine.AdvanceTo(2 + MultisigTimelock + MultisigGrace);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.ProposalExpired); // block 63
        engine.Params().CooldownBlocks.ShouldBe(100);
    }

    [Fact]
    public void Default_grace_lets_a_queued_proposal_expire_after_14_days()
    {
        var engine = CouncilWorld();
        engine.RunOk(new Propose(Council, SetCooldown(250)).From(Alice), new Approve(1).From(Bob)); // queued in block 1
        engine.AdvanceTo(1 + 14_400 + 100_800);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.ProposalExpired);
    }

    [Fact]
    public void Expired_proposal_can_still_be_cancelled_by_a_member()
    {
        var engine = Build().WithPendingProposal();
        engine.AdvanceTo(100);
        engine.Run(new Approve(1).From(Bob)).ShouldBeRejectedWith(GovernanceErrors.ProposalExpired);
        engine.Run(new CancelProposal(1).From(Bob)).ShouldBeAccepted();
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Cancelled);
    }

    [Fact]
    public void Non_member_can_neither_propose_approve_execute_nor_cancel()
    {
        var engine = Build().WithQueuedProposal();
        engine.AdvanceTo(20);
        engine.Run(new Propose(MultisigName, SetCooldown(300)).From(Dave)).ShouldBeRejectedWith(GovernanceErrors.NotAMember);
        engine.Run(new Approve(1).From(Dave)).ShouldBeRejectedWith(GovernanceErrors.NotAMember);
        engine.Run(new ExecuteProposal(1).From(Dave)).ShouldBeRejectedWith(GovernanceErrors.NotAMember);
        engine.Run(new CancelProposal(1).From(Dave)).ShouldBeRejectedWith(GovernanceErrors.NotAMember);
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Queued);
        engine.Run(new ExecuteProposal(1).From(Carol)).ShouldBeAccepted();
    }

    [Fact]
    public void Proposal_action_acts_as_the_multisig_not_as_its_proposer()
    {
        // The nested action carries no sender (only envelopes do): alice proposes it, but governance executes it
        // as the multisig's own account.
        var engine = Build();
        engine.RunOk(new Transfer(MultisigAccount, Tao, Tokens(5)).From(Bob));
        engine.RunOk(new Propose(MultisigName, new Transfer(Dave, Tao, Tokens(3))).From(Alice), new Approve(1).From(Carol));
        engine.AdvanceTo(engine.Height + MultisigTimelock - 1);
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeAccepted();
        engine.Balance(Dave).ShouldBe(Tokens(3));
        engine.Balance(MultisigAccount).ShouldBe(Tokens(2));
        engine.Balance(Alice).ShouldBe(Tokens(100));
    }

    [Fact]
    public void Failed_action_leaves_the_proposal_queued_so_it_can_be_executed_once_it_can_succeed()
    {
        var engine = Build().WithQueuedProposal(new Transfer(Dave, Tao, Tokens(1)));
        engine.AdvanceTo(20);
        var failed = engine.Run(new ExecuteProposal(1).From(Alice));
        failed.ShouldBeRejectedWith(GovernanceErrors.ActionRejected);
        failed.Message!.ShouldContain(CoreErrors.InsufficientBalance.Name);
        ProposalOf(engine, 1).Status.ShouldBe(ProposalStatus.Queued);

        engine.RunOk(new Transfer(MultisigAccount, Tao, Tokens(1)).From(Bob));
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeAccepted();
        engine.Balance(Dave).ShouldBe(Tokens(1));
    }

    [Fact]
    public void Multisig_can_grant_roles_and_unpause_what_a_guardian_paused()
    {
        var engine = Build();
        engine.RunOk(new Pause("test.ping").From(Gina));
        engine.Run(new Ping().From(Alice)).ShouldBeRejectedWith(GovernanceErrors.Paused);
        engine.RunOk(
            new Propose(MultisigName, new Unpause("test.ping")).From(Alice), new Approve(1).From(Bob),
            new Propose(MultisigName, new GrantRole(Roles.Guardian, Dave)).From(Alice), new Approve(2).From(Carol));
        engine.AdvanceTo(engine.Height + MultisigTimelock - 1);
        engine.RunOk(new ExecuteProposal(1).From(Alice), new ExecuteProposal(2).From(Bob));
        engine.Run(new Ping().From(Alice)).ShouldBeAccepted();
        engine.Roles.Has(Roles.Guardian, Dave).ShouldBeTrue();
        engine.Run(new Pause("test").From(Dave)).ShouldBeAccepted();
    }

    // ---------- direct parameter changes ----------

    [Fact]
    public void Parameter_change_by_a_user_without_the_governor_role_is_rejected_and_changes_nothing()
    {
        var engine = Build();
        engine.Run(new SetParameter(TestModule.ModuleName, "CooldownBlocks", "5").From(Alice)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
        engine.Params().ShouldBe(TestParams.Default);
    }

    [Fact]
    public void Governor_changes_a_parameter_directly()
    {
        var engine = Build();
        engine.RunOk(new SetParameter(TestModule.ModuleName, "FeeRate", "0.0075").From(Gov));
        engine.Params().ShouldBe(TestParams.Default with { FeeRate = Fixed.Parse("0.0075") });
        engine.Parameters.TryGet(TestModule.ModuleName, out var set).ShouldBeTrue();
        set.View().Single(v => v.Name == "FeeRate").Value.ShouldBe("0.0075");
    }

    [Fact]
    public void Parameter_accepts_the_ends_of_its_range_and_rejects_one_past_them_with_state_unchanged()
    {
        var engine = Build();
        engine.RunOk(new SetParameter(TestModule.ModuleName, "CooldownBlocks", "1").From(Gov));
        engine.RunOk(new SetParameter(TestModule.ModuleName, "CooldownBlocks", "100000").From(Gov));
        var probe = RejectionProbe.Run(engine, new SetParameter(TestModule.ModuleName, "CooldownBlocks", "100001").From(Gov));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.ParameterOutOfRange);
        engine.Params().CooldownBlocks.ShouldBe(100_000);
    }

    [Fact]
    public void Cross_field_rule_refuses_a_fee_above_the_max_until_the_max_is_raised_first()
    {
        var engine = Build();
        var probe = RejectionProbe.Run(engine, new SetParameter(TestModule.ModuleName, "FeeRate", "0.02").From(Gov));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.InconsistentParameters);
        engine.Params().ShouldBe(TestParams.Default);

        engine.RunOk(new SetParameter(TestModule.ModuleName, "MaxFeeRate", "0.05").From(Gov));
        engine.RunOk(new SetParameter(TestModule.ModuleName, "FeeRate", "0.02").From(Gov));
        engine.Params().ShouldBe(new TestParams(100, Fixed.Parse("0.02"), Fixed.Parse("0.05")));
    }

    [Fact]
    public void Revoked_governor_can_no_longer_change_parameters()
    {
        var engine = Build();
        engine.RunOk(new RevokeRole(Roles.Governor, Gov).From(Gov));
        engine.Run(new SetParameter(TestModule.ModuleName, "CooldownBlocks", "5").From(Gov)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
    }
}
