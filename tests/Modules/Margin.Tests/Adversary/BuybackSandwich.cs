using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// Sandwiching the buyback: an honest trader's 9,000-TAO round trip on a deep subnet (SN5, 1,000,000 TAO) fills the
/// protocol fees, the manager routes them to the buyback pool, and when the buyback is due <c>sandwich</c> buys the
/// protocol subnet's pool up by <see cref="AdversaryDraw.Push"/>·depth TAO, triggers the buyback itself, and sells
/// what it bought into the buyback's lift. Price moves: the buy and the sell (the trigger is anyone's and stays in the
/// baseline).
/// </summary>
public sealed class BuybackSandwich : ICoalitionStrategy
{
    private const int Deep = 5;

    public string Name => "buyback-sandwich";
    public IReadOnlyList<string> Members => ["sandwich"];
    public int Blocks => 2;

    public MarginWorldBuilder Arrange(MarginWorldBuilder builder, AdversaryDraw draw) => builder
        .WithSubnet(Deep, 1_000_000, "0.05")
        .WithPair(Deep)
        .WithAccount("sandwich", 2 * draw.DepthTao)
        .WithTrader("fee-payer", 5_000);

    public IReadOnlyList<Envelope[]> Setup(AdversaryDraw draw) =>
    [
        [new OpenPosition(Deep, Tao(4_500), Fixed.FromInt(2), 1_000).From("fee-payer")],
        [new ClosePosition(1, 1_000).From("fee-payer")],
        [new WithdrawProtocolFees().From(MarginWorldBuilder.Manager)],
    ];

    public IEnumerable<CoalitionMove> Act(EngineView view, int step, AdversaryDraw draw)
    {
        if (step != 0) yield break;
        var pump = Tao(decimal.Round((decimal)draw.Push * draw.DepthTao, 9));
        var bought = view.Port<ISubnetMarkets>().SimSwapTaoForAlpha(view, AdversaryWorld.Protocol, pump);
        yield return new(new Swap(AdversaryWorld.Protocol, SwapDirection.TaoToAlpha, pump, Rao(0)).From("sandwich"), true);
        yield return new(new ExecuteBuyback().From("sandwich"), false);
        yield return new(new Swap(AdversaryWorld.Protocol, SwapDirection.AlphaToTao, bought, Rao(0)).From("sandwich"), true);
    }
}
