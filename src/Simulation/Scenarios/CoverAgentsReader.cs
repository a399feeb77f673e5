using System.Collections.Immutable;
using Ballast.Core.Numerics;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Agents.Cover;
using YamlDotNet.RepresentationModel;

namespace Ballast.Simulation.Scenarios;

/// <summary>Reads the IDO cover agents (seed 003: <c>launchpad</c>, <c>idoBuyer</c>, <c>actuary</c>, <c>assessor</c>, <c>advisoryBoard</c>) of a scenario's <c>agents</c> list.</summary>
internal static class CoverAgentsReader
{
    public static AgentSpec Read(string kind, YamlFields a, ImmutableArray<MarketSpec> markets, string name, int count, Amount funds, int line) => kind switch
    {
        "launchpad" => Launchpad(a, markets, line),
        "idoBuyer" => IdoBuyer(a, name, count, funds, line),
        "assessor" => new AssessorSpec(name, count, funds, line, a.OptionalString("platformToken", "the platform token's symbol") ?? "ALT", a.Tao("stake"),
            a.String("platformSource", "the account that hands out the member tokens to stake"), a.Double("errorRate", 0, 1, 0), a.Long("checkEveryBlocks", 1, 10_000_000, 300)),
        "advisoryBoard" => new AdvisoryBoardSpec(a.String("account", "the account holding the advisoryBoard role (made in genesis)"), line, a.Long("checkEveryBlocks", 1, 10_000_000, 300)),
        _ => new ActuarySpec(a.String("account", "the account holding capital:actuary (made in genesis)"), line, a.Long("everyBlocks", 1, 10_000_000),
            a.Has("weight") ? Fraction(a, "weight", 1) : null, Fraction(a, "cellCorrelation", 0), Fraction(a, "moduleCorrelation", 0), a.Tao("floor", Amount.Zero)),
    };

    private static LaunchpadSpec Launchpad(YamlFields a, ImmutableArray<MarketSpec> markets, int line)
    {
        var account = a.String("account", "the account holding the launchpad role (made in genesis)");
        var list = a.List("listings", "the IDOs: {token, market, listAt, supply, volatilityBps}");
        var listings = ImmutableArray.CreateBuilder<IdoListing>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var l = new YamlFields(a.File, a.Field($"listings[{i}]"), list.Children[i]);
            var token = l.String("token", "the project token's symbol");
            var marketName = l.String("market", "the feed market giving the token's price");
            var market = markets.FirstOrDefault(m => m.Name == marketName);
            if (market is null || market.Kind != MarketKind.Feed)
                throw l.Error(l.Node, $"{l.Field("market")}: no feed market '{marketName}' (feed markets: {string.Join(", ", markets.Where(m => m.Kind == MarketKind.Feed).Select(m => m.Name))})");
            long? volatility = l.Has("volatilityBps") ? l.Long("volatilityBps", 100, 100_000) : null;
            listings.Add(new IdoListing(token, marketName, market.Feed!, l.Long("listAt", 1, 100_000_000), l.Tao("supply"), volatility));
            l.RefuseUnknown("token", "market", "listAt", "supply", "volatilityBps");
        }
        var ratioText = a.OptionalString("idoPriceRatio", "a decimal") ?? "1";
        if (!Fixed.TryParse(ratioText, out var ratio) || !ratio.IsPositive)
            throw a.Error(a.Optional("idoPriceRatio") ?? a.Node, $"{a.Field("idoPriceRatio")}: expected a positive decimal; got '{YamlFields.Echo(ratioText)}'");
        return new LaunchpadSpec(account, line, listings.ToImmutable(), a.Long("saleBlocks", 1, 10_000_000), ratio, a.Long("checkEveryBlocks", 1, 10_000_000, 300));
    }

    private static IdoBuyerSpec IdoBuyer(YamlFields a, string name, int count, Amount funds, int line)
    {
        var budget = Range(a, "budget");
        var rate = a.Required("maxPremiumRate", "{min: FRACTION, max: FRACTION}");
        var r = new YamlFields(a.File, a.Field("maxPremiumRate"), rate);
        double min = r.Double("min", 0, 1), max = r.Double("max", 0, 1);
        if (max < min) throw r.Error(r.Node, $"{a.Field("maxPremiumRate")}: max is below min");
        r.RefuseUnknown("min", "max");
        return new IdoBuyerSpec(name, count, funds, line, budget.Min, budget.Max, a.Double("participation", 0, 1, 1), a.Double("coverShare", 0, 1, 1),
            min, max, a.Double("premiumSlippage", 0, 1, 0.1), a.OptionalString("platformToken", "the platform token's symbol") ?? "ALT",
            a.Tao("platformFunds", Amount.Zero), a.OptionalString("platformSource", "the account that hands out platform tokens at setup"),
            a.Long("checkEveryBlocks", 1, 10_000_000, 300))
        {
            Claims = a.Enum("claims", new Dictionary<string, ClaimPolicy> { ["none"] = ClaimPolicy.None, ["honest"] = ClaimPolicy.Honest, ["fraudulent"] = ClaimPolicy.Fraudulent },
                ClaimPolicy.Honest, required: false),
            ClaimAfterBlocks = a.Long("claimAfterBlocks", 0, 10_000_000, 7_200),
        };
    }

    private static (Amount Min, Amount Max) Range(YamlFields a, string name)
    {
        var r = new YamlFields(a.File, a.Field(name), a.Required(name, "{min: AMOUNT, max: AMOUNT}"));
        var min = r.Tao("min");
        var max = r.Tao("max");
        if (max < min) throw r.Error(r.Node, $"{a.Field(name)}: max is below min");
        r.RefuseUnknown("min", "max");
        return (min, max);
    }

    /// <summary>A fraction in [0, 1] written as a decimal, as ppb.</summary>
    private static Ppb Fraction(YamlFields a, string name, double fallback) => new((long)Math.Round(a.Double(name, 0, 1, fallback) * Ppb.Scale));
}
