using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Core.Prices;

/// <summary>External price feeds posted by authorised feeders. Always present in an engine.</summary>
public sealed class PriceFeedModule : IModule
{
    /// <summary>Prices above 1e12 (in any quote unit) are refused as absurd.</summary>
    public static readonly Fixed MaxPrice = Fixed.FromInt(1_000_000_000_000);

    public string Name => "prices";

    public void Configure(ModuleBuilder builder) => builder
        .Handle<GenesisFeed>("genesisFeed", Apply)
        .Handle<CreateFeed>("createFeed", Apply)
        .Handle<PostPrice>("post", Apply)
        .Event<FeedCreated>("feedCreated")
        .Event<PricePosted>("pricePosted")
        .Query<PriceQuery, PriceView>("price", (view, q) =>
        {
            var r = q.TwapWindowBlocks is { } window
                ? view.Prices.TryGetTwap(q.Source ?? "", view.Height, window, out var price)
                : view.Prices.TryGetSpot(q.Source ?? "", view.Height, out price);
            return r.Accepted ? new PriceView(q.Source ?? "", price, null, null) : new PriceView(q.Source ?? "", null, r.Error?.Name, r.Message);
        });

    private static TxResult Apply(EngineContext ctx, GenesisFeed tx)
    {
        // The feeder is checked before the feed is created: the price oracle is not journaled, so nothing may
        // change before the last check that can refuse.
        if (tx.Feeder is not null)
        {
            var resolved = ctx.ResolveAccount(tx.Feeder, out _);
            if (!resolved.Accepted) return resolved;
        }
        var r = Create(ctx, tx.Feed, tx.MaxAgeBlocks);
        if (!r.Accepted || tx.Feeder is null) return r;
        if (ctx.Roles.Grant(Roles.Feeder(tx.Feed), tx.Feeder)) ctx.Emit(new RoleGranted(Roles.Feeder(tx.Feed), tx.Feeder));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, CreateFeed tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        return r.Accepted ? Create(ctx, tx.Feed, tx.MaxAgeBlocks) : r;
    }

    private static TxResult Create(EngineContext ctx, string feed, long maxAgeBlocks)
    {
        if (string.IsNullOrWhiteSpace(feed) || feed.Length > 64 || feed.StartsWith("subnet:", StringComparison.Ordinal))
            return TxResult.Reject(PriceErrors.UnknownPriceSource, $"'{feed}' is not a valid feed name (1–64 characters, not 'subnet:…')");
        if (ctx.Prices.Exists(feed))
            return TxResult.Reject(PriceErrors.PriceSourceExists, $"price source '{feed}' exists");
        if (maxAgeBlocks < 1)
            return TxResult.Reject(PriceErrors.InvalidPrice, $"a feed's staleness limit must be at least 1 block; got {maxAgeBlocks}");
        ctx.Prices.AddFeed(feed, maxAgeBlocks);
        ctx.Emit(new FeedCreated(feed, maxAgeBlocks));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, PostPrice tx)
    {
        if (!ctx.Prices.TryGetSource(tx.Feed, out var source) || source.Kind != PriceSourceKind.Feed)
            return TxResult.Reject(PriceErrors.UnknownPriceSource, $"no external feed '{tx.Feed}'");
        var r = ctx.RequireRole(Roles.Feeder(tx.Feed));
        if (!r.Accepted) return r;
        if (!tx.Price.IsPositive || tx.Price > MaxPrice)
            return TxResult.Reject(PriceErrors.InvalidPrice, $"a price must be in (0, {MaxPrice}]; got {tx.Price}");
        ctx.Prices.Record(tx.Feed, ctx.Height, tx.Price);
        ctx.Emit(new PricePosted(tx.Feed, tx.Price, ctx.Sender));
        return TxResult.Ok;
    }
}
