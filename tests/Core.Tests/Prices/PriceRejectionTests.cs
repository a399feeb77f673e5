using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Prices;

/// <summary>
/// Every <see cref="PriceErrors"/> code, provoked through a transaction: a feeder's post, a governor's feed, or a
/// module reading a price (the test module's <see cref="ReadPrice"/>). Exact code, a message, no effect.
/// </summary>
public class PriceRejectionTests
{
    // TAO/USD: max age 10 blocks, feeder "oracle".
    private static Engine PostedAtBlock1(string price = "10") =>
        Build().Also(e => e.RunOk(new PostPrice(Oracle, Feed, Fixed.Parse(price))));

    public static readonly IReadOnlyList<RejectionCase> Cases =
    [
        RejectionCase.After("Price_post_by_an_account_without_the_feeder_role_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), new PostPrice(Alice, Feed, Fixed.FromInt(400))),
        RejectionCase.After("Price_post_by_the_feeder_of_another_feed_is_rejected", GovernanceErrors.MissingRole,
            () => Build().Also(e => e.RunOk(new CreateFeed(Gov, "ETH/USD", 10))), new PostPrice(Oracle, "ETH/USD", Fixed.FromInt(3_000))),
        RejectionCase.After("Price_post_to_an_unknown_feed_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new PostPrice(Oracle, "ETH/USD", Fixed.FromInt(3_000))),
        RejectionCase.After("Price_post_to_a_pool_price_source_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build().Also(e => e.RunOk(new RecordPoolPrice(Alice, "pool:1", Fixed.One))), new PostPrice(Oracle, "pool:1", Fixed.FromInt(2))),
        RejectionCase.After("Feed_named_like_a_subnet_pool_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new CreateFeed(Gov, "subnet:1", 10)),
        RejectionCase.After("Feed_with_a_blank_name_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new CreateFeed(Gov, " ", 10)),
        RejectionCase.AtGenesisOf("Genesis_feed_with_a_65_character_name_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new GenesisFeed(new string('F', 65), 10)),
        RejectionCase.After("Reading_an_unknown_price_source_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new ReadPrice(Alice, "ETH/USD")),
        RejectionCase.After("Creating_an_existing_feed_is_rejected", PriceErrors.PriceSourceExists,
            () => Build(), new CreateFeed(Gov, Feed, 20)),
        RejectionCase.After("Creating_a_feed_over_a_pool_price_source_is_rejected", PriceErrors.PriceSourceExists,
            () => Build().Also(e => e.RunOk(new RecordPoolPrice(Alice, "pool:1", Fixed.One))), new CreateFeed(Gov, "pool:1", 20)),
        RejectionCase.AtGenesisOf("Genesis_feed_with_an_existing_name_is_rejected", PriceErrors.PriceSourceExists,
            () => Build(), new GenesisFeed(Feed, 5)),
        RejectionCase.After("Price_of_zero_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new PostPrice(Oracle, Feed, Fixed.Zero)),
        RejectionCase.After("Negative_price_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new PostPrice(Oracle, Feed, Fixed.Parse("-400"))),
        RejectionCase.After("Price_above_1e12_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new PostPrice(Oracle, Feed, new Fixed(PriceFeedModule.MaxPrice.Raw + 1))),
        RejectionCase.After("Feed_with_a_staleness_limit_of_zero_blocks_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new CreateFeed(Gov, "ETH/USD", 0)),
        RejectionCase.After("Spot_read_one_block_after_the_staleness_limit_is_rejected", PriceErrors.StalePrice,
            () => PostedAtBlock1().Also(e => e.AdvanceTo(1 + FeedMaxAge)), new ReadPrice(Alice, Feed)),
        RejectionCase.After("Twap_read_of_a_stale_feed_is_rejected", PriceErrors.StalePrice,
            () => PostedAtBlock1().Also(e => e.AdvanceTo(1 + FeedMaxAge)), new ReadPrice(Alice, Feed, 5)),
        RejectionCase.After("Spot_read_of_a_feed_never_posted_is_rejected", PriceErrors.NoPriceYet,
            () => Build(), new ReadPrice(Alice, Feed)),
        RejectionCase.After("Twap_read_of_a_feed_never_posted_is_rejected", PriceErrors.NoPriceYet,
            () => Build(), new ReadPrice(Alice, Feed, 1)),
        RejectionCase.After("Twap_over_zero_blocks_is_rejected", PriceErrors.InvalidTwapWindow,
            () => PostedAtBlock1(), new ReadPrice(Alice, Feed, 0)),
        RejectionCase.After("Twap_over_a_negative_window_is_rejected", PriceErrors.InvalidTwapWindow,
            () => PostedAtBlock1(), new ReadPrice(Alice, Feed, -5)),
        RejectionCase.After("Twap_window_reaching_before_the_first_price_is_rejected", PriceErrors.TwapWindowTooLong,
            () => PostedAtBlock1().Also(e => e.AdvanceTo(4)), new ReadPrice(Alice, Feed, 5)),
    ];

    public static TheoryData<string> CaseNames => RejectionCase.Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Price_rejection_has_its_code_a_message_and_no_effect(string caseName) =>
        Cases.Single(c => c.Name == caseName).Verify();

    [Fact]
    public void Case_names_are_unique() => Cases.Select(c => c.Name).ShouldBeUnique();
}
