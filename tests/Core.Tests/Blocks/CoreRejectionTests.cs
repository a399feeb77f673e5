using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Blocks;

/// <summary>Every <see cref="CoreErrors"/> code, provoked through a transaction: exact code, a message, no effect.</summary>
public class CoreRejectionTests
{
    private static readonly Amount AboveLimit = new(EngineContext.MaxTransactionUnits + 1);

    public static readonly IReadOnlyList<RejectionCase> Cases =
    [
        // ---------- amounts ----------
        RejectionCase.After("Transfer_of_zero_is_rejected", CoreErrors.ZeroAmount,
            () => Build(), new Transfer(Alice, Bob, Tao, Amount.Zero)),
        RejectionCase.After("Vote_weight_of_zero_is_rejected", CoreErrors.ZeroAmount,
            () => Build().WithOpenVote(), new CastVote(Alice, 1, true, Amount.Zero)),
        RejectionCase.After("Transfer_of_one_unit_above_1e30_is_rejected", CoreErrors.AmountTooLarge,
            () => Build(), new Transfer(Alice, Bob, Tao, AboveLimit)),
        RejectionCase.After("Transfer_of_the_largest_128_bit_amount_is_rejected", CoreErrors.AmountTooLarge,
            () => Build(), new Transfer(Alice, Bob, Tao, new Amount(UInt128.MaxValue))),
        RejectionCase.After("Vote_weight_above_1e30_units_is_rejected", CoreErrors.AmountTooLarge,
            () => Build().WithOpenVote(), new CastVote(Alice, 1, false, AboveLimit)),
        RejectionCase.AtGenesisOf("Genesis_balance_above_1e30_units_is_rejected", CoreErrors.AmountTooLarge,
            () => Build(), new GenesisAccount("whale", new Dictionary<string, Amount> { [Tao] = AboveLimit })),
        RejectionCase.After("Transfer_beyond_balance_is_rejected", CoreErrors.InsufficientBalance,
            () => Build(), new Transfer(Alice, Bob, Tao, Tokens(100) + new Amount(1))),
        RejectionCase.After("Transfer_from_an_account_that_never_held_the_token_is_rejected", CoreErrors.InsufficientBalance,
            () => Build(), new Transfer(Dave, Bob, Tao, new Amount(1))),
        RejectionCase.After("Vote_weight_beyond_balance_is_rejected", CoreErrors.InsufficientBalance,
            () => Build().WithOpenVote(), new CastVote(Carol, 1, true, Tokens(11))),

        // ---------- malformed ----------
        RejectionCase.After("Transfer_built_with_a_null_recipient_is_rejected", CoreErrors.MalformedTransaction,
            () => Build(), new Transfer(Alice, null!, Tao, Tokens(1))),
        RejectionCase.After("Parameter_change_built_with_a_null_module_is_rejected", CoreErrors.MalformedTransaction,
            () => Build(), new SetParameter(Gov, null!, "CooldownBlocks", "1")),

        // ---------- accounts ----------
        RejectionCase.After("Transfer_to_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new Transfer(Alice, "nobody", Tao, Tokens(1))),
        RejectionCase.After("Transaction_signed_by_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new Transfer("ghost", Alice, Tao, Tokens(1))),
        RejectionCase.After("Role_grant_to_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GrantRole(Gov, Roles.Guardian, "nobody")),
        RejectionCase.AtGenesisOf("Genesis_role_for_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GenesisRole(Roles.Governor, "nobody")),
        RejectionCase.AtGenesisOf("Genesis_feed_with_an_unknown_feeder_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GenesisFeed("ETH/USD", 10, "nobody")),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_an_unknown_member_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GenesisMultisig("ops", [Alice, "nobody"])),
        RejectionCase.After("Opening_an_existing_account_is_rejected", CoreErrors.AccountExists,
            () => Build(), new OpenAccount(Alice, Bob)),
        RejectionCase.AtGenesisOf("Genesis_account_for_an_existing_name_is_rejected", CoreErrors.AccountExists,
            () => Build(), new GenesisAccount(Alice, new Dictionary<string, Amount> { [Tao] = Tokens(1) })),
        RejectionCase.After("Opening_an_account_whose_name_has_a_space_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount(Alice, "bad name")),
        RejectionCase.After("Opening_an_account_with_the_reserved_colon_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount(Alice, "multisig:fake")),
        RejectionCase.After("Opening_an_account_with_a_65_character_name_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount(Alice, new string('a', 65))),
        RejectionCase.After("Opening_an_account_with_an_empty_name_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount(Alice, "")),
        RejectionCase.After("Multisig_account_as_signer_is_rejected", CoreErrors.SenderNotSigner,
            () => Build(), new Transfer(MultisigAccount, Alice, Tao, Tokens(1))),
        RejectionCase.After("Vote_escrow_account_as_signer_is_rejected", CoreErrors.SenderNotSigner,
            () => Build().WithOpenVote().Also(e => e.RunOk(new CastVote(Alice, 1, true, Tokens(5)))),
            new Transfer(BodyEscrow, Alice, Tao, Tokens(5))),

        // ---------- tokens ----------
        RejectionCase.After("Transfer_of_an_unknown_token_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new Transfer(Alice, Bob, "NOPE", Tokens(1))),
        RejectionCase.After("Transfer_of_a_token_whose_symbol_differs_only_in_case_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new Transfer(Alice, Bob, "tao", Tokens(1))),
        RejectionCase.AtGenesisOf("Genesis_balance_of_an_unknown_token_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new GenesisAccount("frank", new Dictionary<string, Amount> { [Tao] = Tokens(1), ["NOPE"] = Tokens(1) })),
        RejectionCase.AtGenesisOf("Genesis_voting_body_on_an_unknown_token_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new GenesisVotingBody("council", "NOPE", 1_000, 6_000, 10)),

        // ---------- genesis-only and unknown transactions ----------
        RejectionCase.After("Genesis_account_after_genesis_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new GenesisAccount("late", new Dictionary<string, Amount> { [Tao] = Tokens(1_000) })),
        RejectionCase.After("Genesis_role_after_genesis_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new GenesisRole(Roles.Governor, Dave)),
        RejectionCase.After("Proposal_of_a_genesis_only_action_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new Propose(Alice, MultisigName, new GenesisRole(Roles.Governor, Dave))),
        RejectionCase.After("Vote_on_a_genesis_only_action_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new CreateVote(Alice, Body, new GenesisAccount("late", null))),
        RejectionCase.After("Transaction_no_module_handles_is_rejected", CoreErrors.UnknownTransaction,
            () => Build(), new Unregistered(Alice)),
        RejectionCase.After("Proposal_of_an_action_no_module_handles_is_rejected", CoreErrors.UnknownTransaction,
            () => Build(), new Propose(Alice, MultisigName, new Unregistered(MultisigAccount))),
        RejectionCase.After("Vote_on_an_action_no_module_handles_is_rejected", CoreErrors.UnknownTransaction,
            () => Build(), new CreateVote(Alice, Body, new Unregistered(BodyAccount))),

        // ---------- arithmetic ----------
        RejectionCase.After("Overflow_in_a_module_handler_is_rejected_and_its_ledger_changes_roll_back", CoreErrors.ArithmeticOverflow,
            () => Build().Also(e => e.RunOk(new AddChecked(Alice, long.MaxValue))), new AddChecked(Alice, 1)),
        RejectionCase.After("Feed_post_whose_cumulative_price_would_overflow_is_rejected", CoreErrors.ArithmeticOverflow,
            () => Build().Also(e =>
            {
                e.RunOk(new PostPrice(Oracle, Feed, PriceFeedModule.MaxPrice));
                // 1e30 raw per block overflows Int128 (1.7e38) after 1.7e8 blocks (65 years): skip there.
                TestClock.JumpTo(e, 200_000_000);
            }),
            new PostPrice(Oracle, Feed, Fixed.One)),
    ];

    public static TheoryData<string> CaseNames => RejectionCase.Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Core_rejection_has_its_code_a_message_and_no_effect(string caseName) =>
        Cases.Single(c => c.Name == caseName).Verify();

    [Fact]
    public void Case_names_are_unique() => Cases.Select(c => c.Name).ShouldBeUnique();
}
