using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// Valuation and entry at spot (the worst case): <c>pump</c> buys the thin pool up, <c>long</c> opens a 10× long
/// at the pushed price (its 10 TAO crowdloan unlocks 10×), <c>pump</c> sells into that buy in the same block, and
/// <c>keeper</c>, the coalition's own liquidator, calls every block: the long ends underwater, its shortfall lands on
/// insurance and the LPs, while <c>pump</c> keeps what the borrowed TAO paid it. Price moves: the pump and the dump.
/// The long's size is <see cref="AdversaryDraw.Size"/>·depth/2 of gross notional (capped by the LP pool), the pump
/// <see cref="AdversaryDraw.Push"/>·depth.
/// </summary>
public sealed class PumpOpenDump : ICoalitionStrategy
{
    public string Name => "pump-open-dump";
    public IReadOnlyList<string> Members => ["pump", "long", "keeper"];
    public int Blocks => 12;

    public MarginWorldBuilder Arrange(MarginWorldBuilder builder, AdversaryDraw draw) => builder
        .WithAccount("pump", 2 * draw.DepthTao)
        .WithAccount("keeper", 0)
        .WithTrader("long", 2_000, crowdloanTao: 10);

    public IReadOnlyList<Envelope[]> Setup(AdversaryDraw draw) => [];

    public IEnumerable<CoalitionMove> Act(EngineView view, int step, AdversaryDraw draw)
    {
        if (step == 0)
        {
            // Gross notional Size·depth/2, at most 3,000 TAO (the LP pool's 10,000 with its buffer).
            var gross = Math.Min((decimal)draw.Size * draw.DepthTao / 2, 3_000m);
            var collateral = Tao(decimal.Round(gross / 10, 9));
            var pump = Tao(decimal.Round((decimal)draw.Push * draw.DepthTao, 9));
            // The pump is first in the block, so the quote on the view is exactly what it will buy; the dump sells that.
            var bought = view.Port<ISubnetMarkets>().SimSwapTaoForAlpha(view, AdversaryWorld.Traded, pump);
            yield return new(new Swap(AdversaryWorld.Traded, SwapDirection.TaoToAlpha, pump, Rao(0)).From("pump"), true);
            yield return new(new OpenPosition(AdversaryWorld.Traded, collateral, Fixed.FromInt(10), 1_000).From("long"), false);
            yield return new(new Swap(AdversaryWorld.Traded, SwapDirection.AlphaToTao, bought, Rao(0)).From("pump"), true);
            yield break;
        }
        foreach (var id in view.Query<LiquidationCandidatesQuery, LiquidationCandidates>(new LiquidationCandidatesQuery(AdversaryWorld.Traded)).PositionIds)
            yield return new(new Liquidate(id).From("keeper"), false);
    }
}
