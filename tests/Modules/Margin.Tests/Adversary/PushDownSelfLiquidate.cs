using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// The coalition as its own keeper: three honest traders hold 3×, 4× and 5× longs; each block <c>pusher</c> sells
/// the pool down by <see cref="AdversaryDraw.Push"/> of its price (5–40%), <c>keeper</c> calls liquidation on every
/// position, and <c>pusher</c> buys the pool back to where it was before the arbitrageur can: five blocks of a price
/// held down (inside each block) liquidate the victims at the bottom, and the buy-back takes their alpha cheap.
/// Price moves: the push and the buy-back. The pusher buys its alpha in the set-up (half the pool's depth in TAO),
/// and the victims open once that purchase has aged out of the TWAP window.
/// </summary>
public sealed class PushDownSelfLiquidate : ICoalitionStrategy
{
    private static readonly string[] Victims = ["victim-3x", "victim-4x", "victim-5x"];

    public string Name => "push-down-self-liquidate";
    public IReadOnlyList<string> Members => ["pusher", "keeper"];
    public int Blocks => 8;

    public MarginWorldBuilder Arrange(MarginWorldBuilder builder, AdversaryDraw draw)
    {
        builder.WithAccount("pusher", 2 * draw.DepthTao).WithAccount("keeper", 0);
        foreach (var v in Victims) builder.WithTrader(v, draw.DepthTao / 100, crowdloanTao: 5);
        return builder;
    }

    public IReadOnlyList<Envelope[]> Setup(AdversaryDraw draw)
    {
        // Each victim's gross notional is 0.25% of the pool: together they move the price about 1.5%, inside the hardened
        // preset's 2% spot–TWAP bound for opens in one block (larger honest opens in one block are refused there).
        var opens = Victims.Select((v, i) =>
            new OpenPosition(AdversaryWorld.Traded, Tao(decimal.Round(draw.DepthTao * 0.0025m / (3 + i), 9)), Fixed.FromInt(3 + i), 1_000).From(v));
        var quiet = Enumerable.Range(0, 31).Select(_ => Array.Empty<Envelope>());
        return
        [
            [new Swap(AdversaryWorld.Traded, SwapDirection.TaoToAlpha, Tao(draw.DepthTao / 2), Rao(0)).From("pusher")],
            .. quiet,
            [.. opens],
        ];
    }

    public IEnumerable<CoalitionMove> Act(EngineView view, int step, AdversaryDraw draw)
    {
        var spot = view.Port<ISubnetMarkets>().SpotPrice(view, AdversaryWorld.Traded);
        var down = new Fixed(spot.Raw * (Int128)(1_000_000 * (1 - draw.Push)) / 1_000_000);
        yield return new(new SwapToPrice(AdversaryWorld.Traded, down, Tao(10 * draw.DepthTao)).From("pusher"), true);
        foreach (var p in view.State<MarginState>().Positions.Values.Where(p => Victims.Contains(p.Owner)).Select(p => p.Id).ToList())
            yield return new(new Liquidate(p).From("keeper"), false);
        yield return new(new SwapToPrice(AdversaryWorld.Traded, spot, Tao(10 * draw.DepthTao)).From("pusher"), true);
    }
}
