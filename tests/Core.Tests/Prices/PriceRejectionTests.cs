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
        Build().Also(e => e.RunOk(new PostPrice(Feed, Fixed.Parse(price)).From(Oracle)));

    public static readonly IReadOnlyList<RejectionCase> Cases =
    [
        RejectionCase.After("Price_post_by_an_account_without_the_feeder_role_is_rejected", GovernanceErrors.MissingRole,
            () => Build(), new PostPrice(Feed, Fixed.FromInt(400)).From(Alice)),
        RejectionCase.After("Price_post_by_the_feeder_of_another_feed_is_rejected", GovernanceErrors.MissingRole,
            () => Build().Also(e => e.RunOk(new CreateFeed("ETH/USD", 10).From(Gov))), new PostPrice("ETH/USD", Fixed.FromInt(3_000)).From(Oracle)),
        RejectionCase.After("Price_post_to_an_unknown_feed_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new PostPrice("ETH/USD", Fixed.FromInt(3_000)).From(Oracle)),
        RejectionCase.After("Price_post_to_a_pool_price_source_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build().Also(e => e.RunOk(new RecordPoolPrice("pool:1", Fixed.One).From(Alice))), new PostPrice("pool:1", Fixed.FromInt(2)).From(Oracle)),
        RejectionCase.After("Feed_named_like_a_subnet_pool_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new CreateFeed("subnet:1", 10).From(Gov)),
        RejectionCase.After("Feed_with_a_blank_name_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new CreateFeed(" ", 10).From(Gov)),
        RejectionCase.AtGenesisOf("Genesis_feed_with_a_65_character_name_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new GenesisFeed(new string('F', 65), 10).AsGenesis()),
        RejectionCase.After("Reading_an_unknown_price_source_is_rejected", PriceErrors.UnknownPriceSource,
            () => Build(), new ReadPrice("ETH/USD").From(Alice)),
        RejectionCase.After("Creating_an_existing_feed_is_rejected", PriceErrors.PriceSourceExists,
            () => Build(), new CreateFeed(Feed, 20).From(Gov)),
        RejectionCase.After("Creating_a_feed_over_a_pool_price_source_is_rejected", PriceErrors.PriceSourceExists,
            () => Build().Also(e => e.RunOk(new RecordPoolPrice("pool:1", Fixed.One).From(Alice))), new CreateFeed("pool:1", 20).From(Gov)),
        RejectionCase.AtGenesisOf("Genesis_feed_with_an_existing_name_is_rejected", PriceErrors.PriceSourceExists,
            () => Build(), new GenesisFeed(Feed, 5).AsGenesis()),
        RejectionCase.After("Price_of_zero_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new PostPrice(Feed, Fixed.Zero).From(Oracle)),
        RejectionCase.After("Negative_price_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new PostPrice(Feed, Fixed.Parse("-400")).From(Oracle)),
        RejectionCase.After("Price_above_1e12_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new PostPrice(Feed, new Fixed(PriceFeedModule.MaxPrice.Raw + 1)).From(Oracle)),
        RejectionCase.After("Feed_with_a_staleness_limit_of_zero_blocks_is_rejected", PriceErrors.InvalidPrice,
            () => Build(), new CreateFeed("ETH/USD", 0).From(Gov)),
        RejectionCase.After("Spot_read_one_block_after_the_staleness_limit_is_rejected", PriceErrors.StalePrice,
            () => PostedAtBlock1().Also(e => e.AdvanceTo(1 + FeedMaxAge)), new ReadPrice(Feed).From(Alice)),
        RejectionCase.After("Twap_read_of_a_stale_feed_is_rejected", PriceErrors.StalePrice,
            () => PostedAtBlock1().Also(e => e.AdvanceTo(1 + FeedMaxAge)), new ReadPrice(Feed, 5).From(Alice)),
        RejectionCase.After("Spot_read_of_a_feed_never_posted_is_rejected", PriceErrors.NoPriceYet,
            () => Build(), new ReadPrice(Feed).From(Alice)),
        RejectionCase.After("Twap_read_of_a_feed_never_posted_is_rejected", PriceErrors.NoPriceYet,
            () => Build(), new ReadPrice(Feed, 1).From(Alice)),
        RejectionCase.After("Twap_over_zero_blocks_is_rejected", PriceErrors.InvalidTwapWindow,
            () => PostedAtBlock1(), new ReadPrice(Feed, 0).From(Alice)),
        RejectionCase.After("Twap_over_a_negative_window_is_rejected", PriceErrors.InvalidTwapWindow,
            () => PostedAtBlock1(), new ReadPrice(Feed, -5).From(Alice)),
        RejectionCase.After("Twap_window_reaching_before_the_first_price_is_rejected", PriceErrors.TwapWindowTooLong,
            () => PostedAtBlock1().Also(e => e.AdvanceTo(4)), new ReadPrice(Feed, 5).From(Alice)),
    ];

    public static TheoryData<string> CaseNames => RejectionCase.Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Price_rejection_has_its_code_a_message_and_no_effect(string caseName) =>
        Cases.Single(c => c.Name == caseName).Verify();

    [Fact]
    public void Case_names_are_unique() => Cases.Select(c => c.Name).ShouldBeUnique();
}
