using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Governance;

/// <summary>Every <see cref="GovernanceErrors"/> code that can happen, provoked through a transaction: exact code, a message, no effect.</summary>
public class GovernanceRejectionTests
{
    // Standard world: proposal 1 is created in block 1 (expires after block 1 + 50 while pending); once bob
    // approves in block 2 it is queued, executable from block 12, expired after block 62. Vote 1 is created in
    // block 1 and ends at block 6; TAO supply is 200, so quorum is 40 TAO.

    private static Engine ExecutedProposal() => Build().WithQueuedProposal().Also(e =>
    {
        e.AdvanceTo(2 + MultisigTimelock - 1);
        e.RunOk(new ExecuteProposal(1).From(Alice));
    });

    private static Engine EndedVote(params (string Voter, bool Support, ulong Tokens)[] casts) => Build().WithOpenVote().Also(e =>
    {
        e.RunOk(casts.Select(c => (Envelope)new CastVote(1, c.Support, Amount.Tokens(c.Tokens)).From(c.Voter)).ToArray());
        e.AdvanceTo(1 + VotingPeriod);
    });

    public static readonly IReadOnlyList<RejectionCase> Cases =
    [
        // ---------- roles ----------
        RejectionCase.After("Parameter_change_by_a_user_without_the_governor_role_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), SetCooldown(200).From(Alice)),
        RejectionCase.After("Role_grant_by_a_user_without_the_governor_role_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), new GrantRole(Roles.Governor, Alice).From(Alice)),
        RejectionCase.After("Pause_by_a_user_who_is_neither_guardian_nor_governor_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), new Pause("test.ping").From(Alice)),
        RejectionCase.After("Unpause_by_a_guardian_is_rejected", GovernanceErrors.MissingRole,
            () => Build().Also(e => e.RunOk(new Pause("test.ping").From(Gina))), new Unpause("test.ping").From(Gina)),
        RejectionCase.After("Revoking_a_role_the_account_does_not_hold_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), new RevokeRole(Roles.Guardian, Dave).From(Gov)),
        RejectionCase.After("Feed_creation_by_a_user_without_the_governor_role_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), new Ballast.Core.Prices.CreateFeed("ETH/USD", 10).From(Alice)),

        // ---------- parameters ----------
        RejectionCase.After("Parameter_change_of_an_unknown_module_is_rejected", GovernanceErrors.UnknownModule,
            () => Build(), new SetParameter("nope", "CooldownBlocks", "1").From(Gov)),
        RejectionCase.After("Parameter_change_of_a_module_without_parameters_is_rejected", GovernanceErrors.UnknownModule,
            () => Build(), new SetParameter("ledger", "CooldownBlocks", "1").From(Gov)),
        RejectionCase.After("Pause_of_an_unknown_module_is_rejected", GovernanceErrors.UnknownModule,
            () => Build(), new Pause("nope").From(Gina)),
        RejectionCase.After("Pause_of_an_action_of_an_unknown_module_is_rejected", GovernanceErrors.UnknownModule,
            () => Build(), new Pause("nope.ping").From(Gina)),
        RejectionCase.After("Pause_of_a_misspelt_action_is_rejected", GovernanceErrors.UnknownModule,
            () => Build(), new Pause("test.pnig").From(Gina)),
        RejectionCase.After("Pause_of_ledger_transfers_is_rejected", GovernanceErrors.NotPausable,
            () => Build(), new Pause("ledger.transfer").From(Gina)),
        RejectionCase.After("Pause_of_governance_itself_is_rejected", GovernanceErrors.NotPausable,
            () => Build(), new Pause("governance").From(Gina)),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_a_timelock_beyond_ten_years_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("slow", [Alice, Bob], TimelockBlocks: GovernanceModule.MaxPeriodBlocks + 1).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_period_beyond_ten_years_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("slow", Tao, 1_000, 6_667, GovernanceModule.MaxPeriodBlocks + 1).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_preset_of_an_unknown_name_is_rejected", GovernanceErrors.UnknownPreset,
            () => Build(), new GenesisPreset(TestModule.ModuleName, "nope").AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_preset_of_an_unknown_module_is_rejected", GovernanceErrors.UnknownModule,
            () => Build(), new GenesisPreset("nope", "mainnet").AsGenesis()),
        RejectionCase.After("Parameter_change_of_an_unknown_name_is_rejected", GovernanceErrors.UnknownParameter,
            () => Build(), new SetParameter(TestModule.ModuleName, "cooldownblocks", "1").From(Gov)),
        RejectionCase.After("Fractional_value_for_an_integer_parameter_is_rejected", GovernanceErrors.InvalidParameterValue,
            () => Build(), new SetParameter(TestModule.ModuleName, "CooldownBlocks", "1.5").From(Gov)),
        RejectionCase.After("Non_numeric_parameter_value_is_rejected", GovernanceErrors.InvalidParameterValue,
            () => Build(), new SetParameter(TestModule.ModuleName, "FeeRate", "abc").From(Gov)),
        RejectionCase.After("Parameter_value_in_exponent_notation_is_rejected", GovernanceErrors.InvalidParameterValue,
            () => Build(), new SetParameter(TestModule.ModuleName, "CooldownBlocks", "1e3").From(Gov)),
        RejectionCase.After("Parameter_value_with_19_decimals_is_rejected", GovernanceErrors.InvalidParameterValue,
            () => Build(), new SetParameter(TestModule.ModuleName, "FeeRate", "0.0010000000000000001").From(Gov)),
        RejectionCase.After("Parameter_value_too_large_for_fixed_point_is_rejected", GovernanceErrors.InvalidParameterValue,
            () => Build(), new SetParameter(TestModule.ModuleName, "CooldownBlocks", new string('9', 40)).From(Gov)),
        RejectionCase.After("Parameter_below_its_minimum_is_rejected", GovernanceErrors.ParameterOutOfRange,
            () => Build(), new SetParameter(TestModule.ModuleName, "CooldownBlocks", "0").From(Gov)),
        RejectionCase.After("Parameter_above_its_maximum_is_rejected", GovernanceErrors.ParameterOutOfRange,
            () => Build(), new SetParameter(TestModule.ModuleName, "CooldownBlocks", "100001").From(Gov)),
        RejectionCase.After("Negative_rate_parameter_is_rejected", GovernanceErrors.ParameterOutOfRange,
            () => Build(), new SetParameter(TestModule.ModuleName, "FeeRate", "-0.001").From(Gov)),
        RejectionCase.After("Fee_rate_above_the_max_fee_rate_is_rejected", GovernanceErrors.InconsistentParameters,
            () => Build(), new SetParameter(TestModule.ModuleName, "FeeRate", "0.05").From(Gov)),
        RejectionCase.After("Max_fee_rate_below_the_fee_rate_is_rejected", GovernanceErrors.InconsistentParameters,
            () => Build(), new SetParameter(TestModule.ModuleName, "MaxFeeRate", "0.002").From(Gov)),

        // ---------- pauses ----------
        RejectionCase.After("Action_paused_by_its_own_key_is_rejected", GovernanceErrors.Paused,
            () => Build().Also(e => e.RunOk(new Pause("test.ping").From(Gina))), new Ping().From(Alice)),
        RejectionCase.After("Action_of_a_paused_module_is_rejected", GovernanceErrors.Paused,
            () => Build().Also(e => e.RunOk(new Pause("test").From(Gina))), new Ping().From(Alice)),
        RejectionCase.After("Pausing_an_already_paused_target_is_rejected", GovernanceErrors.Paused,
            () => Build().Also(e => e.RunOk(new Pause("test.ping").From(Gina))), new Pause("test.ping").From(Gov)),
        RejectionCase.After("Unpausing_a_target_that_is_not_paused_is_rejected", GovernanceErrors.NotPaused,
            () => Build(), new Unpause("test.ping").From(Gov)),
        RejectionCase.After("Unpausing_one_action_of_a_paused_module_is_rejected", GovernanceErrors.NotPaused,
            () => Build().Also(e => e.RunOk(new Pause("test").From(Gina))), new Unpause("test.ping").From(Gov)),

        // ---------- multisigs and proposals ----------
        RejectionCase.After("Proposal_to_an_unknown_multisig_is_rejected", GovernanceErrors.UnknownMultisig,
            () => Build(), new Propose("nope", SetCooldown(200)).From(Alice)),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_an_existing_name_is_rejected", GovernanceErrors.MultisigExists,
            () => Build(), new GenesisMultisig(MultisigName, [Dave]).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_threshold_above_its_members_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops", [Alice, Bob, Carol], Threshold: 4).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_threshold_zero_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops", [Alice, Bob], Threshold: 0).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_a_duplicate_member_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops", [Alice, Alice, Bob]).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_without_members_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops", []).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_a_negative_timelock_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops", [Alice, Bob], TimelockBlocks: -1).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_no_grace_period_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops", [Alice, Bob], GraceBlocks: 0).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_an_invalid_name_is_rejected", GovernanceErrors.InvalidMultisig,
            () => Build(), new GenesisMultisig("ops team", [Alice, Bob]).AsGenesis()),
        RejectionCase.After("Proposal_by_a_non_member_is_rejected", GovernanceErrors.NotAMember,
            () => Build(), new Propose(MultisigName, SetCooldown(200)).From(Dave)),
        RejectionCase.After("Approval_by_a_non_member_is_rejected", GovernanceErrors.NotAMember,
            () => Build().WithPendingProposal(), new Approve(1).From(Dave)),
        RejectionCase.After("Execution_by_a_non_member_is_rejected", GovernanceErrors.NotAMember,
            () => Build().WithQueuedProposal().Also(e => e.AdvanceTo(20)), new ExecuteProposal(1).From(Dave)),
        RejectionCase.After("Cancellation_by_a_non_member_is_rejected", GovernanceErrors.NotAMember,
            () => Build().WithPendingProposal(), new CancelProposal(1).From(Dave)),
        RejectionCase.After("Approval_of_an_unknown_proposal_is_rejected", GovernanceErrors.UnknownProposal,
            () => Build().WithPendingProposal(), new Approve(42).From(Bob)),
        RejectionCase.After("Execution_of_an_unknown_proposal_is_rejected", GovernanceErrors.UnknownProposal,
            () => Build(), new ExecuteProposal(1).From(Alice)),
        RejectionCase.After("Vote_cast_on_an_unknown_vote_is_rejected", GovernanceErrors.UnknownProposal,
            () => Build().WithOpenVote(), new CastVote(2, true, Tokens(1)).From(Alice)),
        RejectionCase.After("Second_approval_by_the_proposer_is_rejected", GovernanceErrors.AlreadyApproved,
            () => Build().WithPendingProposal(), new Approve(1).From(Alice)),
        RejectionCase.After("Second_approval_of_a_queued_proposal_is_rejected", GovernanceErrors.AlreadyApproved,
            () => Build().WithQueuedProposal(), new Approve(1).From(Bob)),
        RejectionCase.After("Execution_below_the_approval_threshold_is_rejected", GovernanceErrors.ThresholdNotReached,
            () => Build().WithPendingProposal().Also(e => e.AdvanceTo(30)), new ExecuteProposal(1).From(Alice)),
        RejectionCase.After("Execution_right_after_the_threshold_is_reached_is_rejected", GovernanceErrors.TimelockNotElapsed,
            () => Build().WithQueuedProposal(), new ExecuteProposal(1).From(Alice)),
        RejectionCase.After("Execution_one_block_before_the_timelock_ends_is_rejected", GovernanceErrors.TimelockNotElapsed,
            () => Build().WithQueuedProposal().Also(e => e.AdvanceTo(2 + MultisigTimelock - 2)), new ExecuteProposal(1).From(Alice)),
        RejectionCase.After("Approval_after_the_pending_grace_period_is_rejected", GovernanceErrors.ProposalExpired,
            () => Build().WithPendingProposal().Also(e => e.AdvanceTo(1 + MultisigGrace)), new Approve(1).From(Bob)),
        RejectionCase.After("Execution_after_timelock_plus_grace_is_rejected", GovernanceErrors.ProposalExpired,
            () => Build().WithQueuedProposal().Also(e => e.AdvanceTo(2 + MultisigTimelock + MultisigGrace)), new ExecuteProposal(1).From(Alice)),
        RejectionCase.After("Approval_of_a_cancelled_proposal_is_rejected", GovernanceErrors.ProposalClosed,
            () => Build().WithPendingProposal().Also(e => e.RunOk(new CancelProposal(1).From(Bob))), new Approve(1).From(Carol)),
        RejectionCase.After("Second_execution_of_a_proposal_is_rejected", GovernanceErrors.ProposalClosed,
            ExecutedProposal, new ExecuteProposal(1).From(Bob)),
        RejectionCase.After("Cancellation_of_an_executed_proposal_is_rejected", GovernanceErrors.ProposalClosed,
            ExecutedProposal, new CancelProposal(1).From(Bob)),
        RejectionCase.After("Proposal_without_an_action_is_rejected", GovernanceErrors.ActionRejected,
            () => Build(), new Propose(MultisigName, null!).From(Alice)),
        RejectionCase.After("Execution_of_a_proposal_whose_action_fails_is_rejected", GovernanceErrors.ActionRejected,
            () => Build().WithQueuedProposal(SetCooldown(0)).Also(e => e.AdvanceTo(20)), new ExecuteProposal(1).From(Alice)),
        RejectionCase.After("Execution_of_a_proposal_whose_transfer_exceeds_the_multisig_balance_is_rejected", GovernanceErrors.ActionRejected,
            () => Build().WithQueuedProposal(new Ballast.Core.Ledger.Transfer(Dave, Tao, Tokens(1))).Also(e => e.AdvanceTo(20)),
            new ExecuteProposal(1).From(Alice)),

        // ---------- token votes ----------
        RejectionCase.After("Vote_for_an_unknown_voting_body_is_rejected", GovernanceErrors.UnknownVotingBody,
            () => Build(), new CreateVote("nope", new Pause("test.ping")).From(Alice)),
        RejectionCase.After("Vote_without_an_action_is_rejected", GovernanceErrors.ActionRejected,
            () => Build(), new CreateVote(Body, null!).From(Alice)),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_an_existing_name_is_rejected", GovernanceErrors.VotingBodyExists,
            () => Build(), new GenesisVotingBody(Body, Tao, 1_000, 6_000, 10).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_zero_quorum_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 0, 6_000, 10).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_quorum_above_100_percent_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 10_001, 6_000, 10).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_supermajority_below_half_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 4_999, 10).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_supermajority_numerator_but_no_denominator_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 6_667, 10, SupermajorityNumerator: 2).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_supermajority_fraction_below_half_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 5_000, 10, SupermajorityNumerator: 4, SupermajorityDenominator: 9).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_supermajority_fraction_above_one_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 10_000, 10, SupermajorityNumerator: 4, SupermajorityDenominator: 3).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_whose_supermajority_bps_is_not_its_fraction_rounded_up_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 6_666, 10, SupermajorityNumerator: 2, SupermajorityDenominator: 3).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_zero_supermajority_denominator_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 6_667, 10, SupermajorityNumerator: 0, SupermajorityDenominator: 0).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_a_zero_voting_period_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("council", Tao, 1_000, 6_000, 0).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_with_an_invalid_name_is_rejected", GovernanceErrors.InvalidVotingBody,
            () => Build(), new GenesisVotingBody("the council", Tao, 1_000, 6_000, 10).AsGenesis()),
        RejectionCase.After("Vote_cast_after_the_voting_period_is_rejected", GovernanceErrors.VotingClosed,
            () => Build().WithOpenVote().Also(e => e.AdvanceTo(1 + VotingPeriod)), new CastVote(1, true, Tokens(50)).From(Alice)),
        RejectionCase.After("Vote_execution_during_the_voting_period_is_rejected", GovernanceErrors.VotingOpen,
            () => Build().WithOpenVote().Also(e => e.RunOk(new CastVote(1, true, Tokens(100)).From(Alice))), new ExecuteVote(1).From(Alice)),
        RejectionCase.After("Vote_withdrawal_in_the_last_voting_block_is_rejected", GovernanceErrors.VotingOpen,
            () => Build().WithOpenVote().Also(e => { e.RunOk(new CastVote(1, true, Tokens(10)).From(Alice)); e.AdvanceTo(VotingPeriod); }),
            new WithdrawVote(1).From(Alice)),
        RejectionCase.After("Vote_below_quorum_is_not_executed", GovernanceErrors.QuorumNotReached,
            () => EndedVote((Alice, true, 39)), new ExecuteVote(1).From(Dave)),
        RejectionCase.After("Vote_with_60_percent_yes_under_a_6667_bps_supermajority_is_not_executed", GovernanceErrors.SupermajorityNotReached,
            () => EndedVote((Alice, true, 60), (Erin, false, 40)), new ExecuteVote(1).From(Alice)),
        RejectionCase.After("Vote_with_exactly_two_thirds_yes_under_a_6667_bps_supermajority_is_not_executed", GovernanceErrors.SupermajorityNotReached,
            () => EndedVote((Alice, true, 80), (Erin, false, 40)), new ExecuteVote(1).From(Alice)),
        RejectionCase.After("Execution_of_a_vote_whose_action_fails_is_rejected", GovernanceErrors.ActionRejected,
            () => Build().WithOpenVote(new Unpause("test.ping")).Also(e =>
            {
                e.RunOk(new CastVote(1, true, Tokens(100)).From(Alice));
                e.AdvanceTo(1 + VotingPeriod);
            }),
            new ExecuteVote(1).From(Alice)),
        RejectionCase.After("Second_execution_of_a_vote_is_rejected", GovernanceErrors.ProposalClosed,
            () => EndedVote((Alice, true, 100)).Also(e => e.RunOk(new ExecuteVote(1).From(Alice))), new ExecuteVote(1).From(Bob)),
        RejectionCase.After("Withdrawal_by_an_account_that_did_not_vote_is_rejected", GovernanceErrors.NothingToWithdraw,
            () => EndedVote((Alice, true, 100)), new WithdrawVote(1).From(Bob)),
        RejectionCase.After("Second_withdrawal_is_rejected", GovernanceErrors.NothingToWithdraw,
            () => EndedVote((Alice, true, 100)).Also(e => e.RunOk(new WithdrawVote(1).From(Alice))), new WithdrawVote(1).From(Alice)),
        RejectionCase.After("Withdrawal_from_an_unknown_vote_is_rejected", GovernanceErrors.UnknownProposal,
            () => EndedVote((Alice, true, 100)), new WithdrawVote(9).From(Alice)),
    ];

    public static TheoryData<string> CaseNames => RejectionCase.Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Governance_rejection_has_its_code_a_message_and_no_effect(string caseName) =>
        Cases.Single(c => c.Name == caseName).Verify();

    [Fact]
    public void Case_names_are_unique() => Cases.Select(c => c.Name).ShouldBeUnique();
}
