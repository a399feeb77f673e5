using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Prices;

/// <summary>Genesis only: an external feed (e.g. <c>TAO/USD</c>), its staleness limit and, optionally, its first feeder.</summary>
public sealed record GenesisFeed(string Feed, long MaxAgeBlocks, string? Feeder = null) : IGenesisTransaction;

/// <summary>Registers an external feed (governor only).</summary>
public sealed record CreateFeed(string Feed, long MaxAgeBlocks) : ITransaction;

/// <summary>Posts the feed's price (holders of <c>feeder:{Feed}</c> only).</summary>
public sealed record PostPrice(string Feed, Fixed Price) : ITransaction;

/// <summary>
/// The external feed <paramref name="Feed"/> was registered; its price is refused as stale once more than
/// <paramref name="MaxAgeBlocks"/> blocks old.
/// </summary>
public sealed record FeedCreated(string Feed, long MaxAgeBlocks) : IEvent;
/// <summary>
/// The feeder <paramref name="By"/> posted <paramref name="Price"/> (in the feed's quote unit) for
/// <paramref name="Feed"/>.
/// </summary>
public sealed record PricePosted(string Feed, Fixed Price, string By) : IEvent;

/// <summary>Query: a source's spot price and, when <paramref name="TwapWindowBlocks"/> is given, its TWAP over that window.</summary>
public sealed record PriceQuery(string Source, long? TwapWindowBlocks = null) : Modules.IQuery<PriceView>;
/// <summary>The answer: the price, or the refusal code and sentence when the source cannot give one (unknown, stale, short history).</summary>
public sealed record PriceView(string Source, Fixed? Price, string? Error, string? Message);
