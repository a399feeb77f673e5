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
            () => Build(), new Transfer(Bob, Tao, Amount.Zero).From(Alice)),
        RejectionCase.After("Vote_weight_of_zero_is_rejected", CoreErrors.ZeroAmount,
            () => Build().WithOpenVote(), new CastVote(1, true, Amount.Zero).From(Alice)),
        RejectionCase.After("Transfer_of_one_unit_above_1e30_is_rejected", CoreErrors.AmountTooLarge,
            () => Build(), new Transfer(Bob, Tao, AboveLimit).From(Alice)),
        RejectionCase.After("Transfer_of_the_largest_128_bit_amount_is_rejected", CoreErrors.AmountTooLarge,
            () => Build(), new Transfer(Bob, Tao, new Amount(UInt128.MaxValue)).From(Alice)),
        RejectionCase.After("Vote_weight_above_1e30_units_is_rejected", CoreErrors.AmountTooLarge,
            () => Build().WithOpenVote(), new CastVote(1, false, AboveLimit).From(Alice)),
        RejectionCase.AtGenesisOf("Genesis_balance_above_1e30_units_is_rejected", CoreErrors.AmountTooLarge,
            () => Build(), new GenesisAccount("whale", new Dictionary<string, Amount> { [Tao] = AboveLimit }).AsGenesis()),
        RejectionCase.After("Transfer_beyond_balance_is_rejected", CoreErrors.InsufficientBalance,
            () => Build(), new Transfer(Bob, Tao, Tokens(100) + new Amount(1)).From(Alice)),
        RejectionCase.After("Transfer_from_an_account_that_never_held_the_token_is_rejected", CoreErrors.InsufficientBalance,
            () => Build(), new Transfer(Bob, Tao, new Amount(1)).From(Dave)),
        RejectionCase.After("Vote_weight_beyond_balance_is_rejected", CoreErrors.InsufficientBalance,
            () => Build().WithOpenVote(), new CastVote(1, true, Tokens(11)).From(Carol)),

        // ---------- malformed ----------
        RejectionCase.After("Transfer_built_with_a_null_recipient_is_rejected", CoreErrors.MalformedTransaction,
            () => Build(), new Transfer(null!, Tao, Tokens(1)).From(Alice)),
        RejectionCase.After("Parameter_change_built_with_a_null_module_is_rejected", CoreErrors.MalformedTransaction,
            () => Build(), new SetParameter(null!, "CooldownBlocks", "1").From(Gov)),

        // ---------- accounts ----------
        RejectionCase.After("Transfer_to_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new Transfer("nobody", Tao, Tokens(1)).From(Alice)),
        RejectionCase.After("Transaction_signed_by_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new Transfer(Alice, Tao, Tokens(1)).From("ghost")),
        RejectionCase.After("Role_grant_to_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GrantRole(Roles.Guardian, "nobody").From(Gov)),
        RejectionCase.AtGenesisOf("Genesis_role_for_an_unknown_account_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GenesisRole(Roles.Governor, "nobody").AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_feed_with_an_unknown_feeder_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GenesisFeed("ETH/USD", 10, "nobody").AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_multisig_with_an_unknown_member_is_rejected", CoreErrors.UnknownAccount,
            () => Build(), new GenesisMultisig("ops", [Alice, "nobody"]).AsGenesis()),
        RejectionCase.After("Opening_an_existing_account_is_rejected", CoreErrors.AccountExists,
            () => Build(), new OpenAccount(Bob).From(Alice)),
        RejectionCase.AtGenesisOf("Genesis_account_for_an_existing_name_is_rejected", CoreErrors.AccountExists,
            () => Build(), new GenesisAccount(Alice, new Dictionary<string, Amount> { [Tao] = Tokens(1) }).AsGenesis()),
        RejectionCase.After("Opening_an_account_whose_name_has_a_space_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount("bad name").From(Alice)),
        RejectionCase.After("Opening_an_account_with_the_reserved_colon_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount("multisig:fake").From(Alice)),
        RejectionCase.After("Opening_an_account_with_a_65_character_name_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount(new string('a', 65)).From(Alice)),
        RejectionCase.After("Opening_an_account_with_an_empty_name_is_rejected", CoreErrors.InvalidAccountName,
            () => Build(), new OpenAccount("").From(Alice)),
        RejectionCase.After("Multisig_account_as_signer_is_rejected", CoreErrors.SenderNotSigner,
            () => Build(), new Transfer(Alice, Tao, Tokens(1)).From(MultisigAccount)),
        RejectionCase.After("Vote_escrow_account_as_signer_is_rejected", CoreErrors.SenderNotSigner,
            () => Build().WithOpenVote().Also(e => e.RunOk(new CastVote(1, true, Tokens(5)).From(Alice))),
            new Transfer(Alice, Tao, Tokens(5)).From(BodyEscrow)),

        // ---------- tokens ----------
        RejectionCase.After("Transfer_of_an_unknown_token_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new Transfer(Bob, "NOPE", Tokens(1)).From(Alice)),
        RejectionCase.After("Transfer_of_a_token_whose_symbol_differs_only_in_case_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new Transfer(Bob, "tao", Tokens(1)).From(Alice)),
        RejectionCase.AtGenesisOf("Genesis_balance_of_an_unknown_token_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new GenesisAccount("frank", new Dictionary<string, Amount> { [Tao] = Tokens(1), ["NOPE"] = Tokens(1) }).AsGenesis()),
        RejectionCase.AtGenesisOf("Genesis_voting_body_on_an_unknown_token_is_rejected", CoreErrors.UnknownToken,
            () => Build(), new GenesisVotingBody("council", "NOPE", 1_000, 6_000, 10).AsGenesis()),

        // ---------- genesis-only and unknown transactions ----------
        RejectionCase.After("Genesis_account_after_genesis_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new GenesisAccount("late", new Dictionary<string, Amount> { [Tao] = Tokens(1_000) }).AsGenesis()),
        RejectionCase.After("Genesis_role_after_genesis_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new GenesisRole(Roles.Governor, Dave).AsGenesis()),
        RejectionCase.After("Proposal_of_a_genesis_only_action_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new Propose(MultisigName, new GenesisRole(Roles.Governor, Dave)).From(Alice)),
        RejectionCase.After("Vote_on_a_genesis_only_action_is_rejected", CoreErrors.GenesisOnly,
            () => Build(), new CreateVote(Body, new GenesisAccount("late", null)).From(Alice)),
        RejectionCase.After("Transaction_no_module_handles_is_rejected", CoreErrors.UnknownTransaction,
            () => Build(), new Unregistered().From(Alice)),
        RejectionCase.After("Proposal_of_an_action_no_module_handles_is_rejected", CoreErrors.UnknownTransaction,
            () => Build(), new Propose(MultisigName, new Unregistered()).From(Alice)),
        RejectionCase.After("Vote_on_an_action_no_module_handles_is_rejected", CoreErrors.UnknownTransaction,
            () => Build(), new CreateVote(Body, new Unregistered()).From(Alice)),

        // ---------- arithmetic ----------
        RejectionCase.After("Overflow_in_a_module_handler_is_rejected_and_its_ledger_changes_roll_back", CoreErrors.ArithmeticOverflow,
            () => Build().Also(e => e.RunOk(new AddChecked(long.MaxValue).From(Alice))), new AddChecked(1).From(Alice)),
        RejectionCase.After("Feed_post_whose_cumulative_price_would_overflow_is_rejected", CoreErrors.ArithmeticOverflow,
            () => Build().Also(e =>
            {
                e.RunOk(new PostPrice(Feed, PriceFeedModule.MaxPrice).From(Oracle));
                // 1e30 raw per block overflows Int128 (1.7e38) after 1.7e8 blocks (65 years): skip there.
                TestClock.JumpTo(e, 200_000_000);
            }),
            new PostPrice(Feed, Fixed.One).From(Oracle)),
    ];

    public static TheoryData<string> CaseNames => RejectionCase.Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Core_rejection_has_its_code_a_message_and_no_effect(string caseName) =>
        Cases.Single(c => c.Name == caseName).Verify();

    [Fact]
    public void Case_names_are_unique() => Cases.Select(c => c.Name).ShouldBeUnique();
}
