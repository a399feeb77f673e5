using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Prices;

/// <summary>Genesis only: an external feed (e.g. <c>TAO/USD</c>), its staleness limit and, optionally, its first feeder.</summary>
public sealed record GenesisFeed(string Feed, long MaxAgeBlocks, string? Feeder = null) : IGenesisTransaction;

/// <summary>Registers an external feed (governor only).</summary>
public sealed record CreateFeed(string Feed, long MaxAgeBlocks) : ITransaction;

/// <summary>Posts the feed's price (holders of <c>feeder:{Feed}</c> only).</summary>
public sealed record PostPrice(string Feed, Fixed Price) : ITransaction;

public sealed record FeedCreated(string Feed, long MaxAgeBlocks) : IEvent;
public sealed record PricePosted(string Feed, Fixed Price, string By) : IEvent;
