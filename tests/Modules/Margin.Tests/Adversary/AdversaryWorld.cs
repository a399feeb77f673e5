using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// The market every adversary case runs in, and the runner that plays a strategy twice (with and without its price
/// moves) and values both ends at final prices.
/// <list type="bullet">
/// <item>SN3, the traded pair (10×), and SN67, the protocol subnet, each with <see cref="AdversaryDraw.DepthTao"/> TAO
/// in its pool, at 0.05 and 0.01 TAO per alpha; the pools charge the draw's swap fee and emit nothing (quiet market).</item>
/// <item><c>lp-honest</c> lends 10,000 TAO.</item>
/// <item><c>arb</c>, an arbitrageur, buys alpha of both subnets at set-up and then, last in every block, trades each
/// pool back to a random price path (geometric, σ from the draw; SN67 flat): whatever the coalition moves in a block,
/// the market undoes at the block's end, at the coalition's cost.</item>
/// </list>
/// </summary>
public static class AdversaryWorld
{
    public const string HonestLp = "lp-honest";
    public const string Arb = "arb";
    public const int Traded = 3;
    public const int Protocol = MarginWorldBuilder.ProtocolNetuid;

    /// <summary>Everything the coalition and the honest parties own at the end of one run, valued at that run's final prices.</summary>
    public sealed record RunResult(Int128 CoalitionRao, Int128 HonestLpRao, Int128 ProtocolRao, MarginWorld World);

    /// <summary>The attack run against its baseline: what the price moves earned the coalition and cost the others.</summary>
    public sealed record Outcome(string Strategy, AdversaryDraw Draw, Int128 GainRao, Int128 LpLossRao, Int128 ProtocolLossRao, RunResult Attack, RunResult Baseline)
    {
        public decimal GainTao => (decimal)GainRao / 1e9m;
        public decimal LpLossTao => (decimal)LpLossRao / 1e9m;
        public override string ToString() => $"{Strategy} [{Draw}]: coalition {GainTao:0.000000000} TAO, LPs {-LpLossTao:0.000000000}, protocol {-(decimal)ProtocolLossRao / 1e9m:0.000000000}";
    }

    public static Outcome Play(ICoalitionStrategy strategy, AdversaryDraw draw)
    {
        var attack = Run(strategy, draw, baseline: false);
        var baseline = Run(strategy, draw, baseline: true);
        return new Outcome(strategy.Name, draw, attack.CoalitionRao - baseline.CoalitionRao, baseline.HonestLpRao - attack.HonestLpRao,
            baseline.ProtocolRao - attack.ProtocolRao, attack, baseline);
    }

    public static RunResult Run(ICoalitionStrategy strategy, AdversaryDraw draw, bool baseline)
    {
        var depth = draw.DepthTao;
        var builder = MarginWorldBuilder.Create()
            .WithSubnetParameters(s => s with { SwapFeeBps = new Bps(draw.SwapFeeBps) })
            .WithParameters(_ => draw.Parameters)
            .WithSubnet(Traded, depth, "0.05")
            .WithSubnet(Protocol, depth, "0.01")
            .WithLp(HonestLp, 10_000)
            .WithAccount(Arb, 40 * depth + 100_000)
            .WithPair(Traded);
        var world = strategy.Arrange(builder, draw).Build();
        world.RunOk(
            new Swap(Traded, SwapDirection.TaoToAlpha, Tao(depth / 5), Rao(0)).From(Arb),
            new Swap(Protocol, SwapDirection.TaoToAlpha, Tao(depth / 5), Rao(0)).From(Arb));
        // Let the arbitrageur's purchase age out of every TWAP window before anyone opens.
        world.Engine.AdvanceBlocks(world.Params.TwapWindowBlocks + 1);
        foreach (var block in strategy.Setup(draw)) world.RunOk(block);

        var path = new DeterministicRandom(draw.PathSeed);
        double start = (double)world.Spot(Traded).Raw / 1e18, start67 = (double)world.Spot(Protocol).Raw / 1e18, log = 0;
        for (int step = 0; step < strategy.Blocks; step++)
        {
            var txs = strategy.Act(world.View, step, draw).Where(m => !baseline || !m.PriceMove).Select(m => m.Tx).ToList();
            log += draw.VolatilityPerBlock * Normal(path);
            txs.Add(new SwapToPrice(Traded, Price(start * Math.Exp(log)), Tao(20 * depth)).From(Arb));
            txs.Add(new SwapToPrice(Protocol, Price(start67), Tao(20 * depth)).From(Arb));
            world.Block([.. txs]);
        }
        return new RunResult(Wealth(world, strategy.Members), Wealth(world, [HonestLp]), ProtocolWealth(world), world);
    }

    /// <summary>
    /// Every asset of <paramref name="accounts"/> at the final prices: TAO; alpha held or staked at spot; LP shares at
    /// their value plus pending fees and emissions; liquidator rewards, liquidation proceeds, crowdloan contributions and
    /// locked tier alpha; each open position's equity (alpha at spot plus added collateral less debt, at least zero:
    /// the owner can walk away).
    /// </summary>
    public static Int128 Wealth(MarginWorld world, IReadOnlyList<string> accounts)
    {
        var view = world.View;
        var markets = world.Markets;
        var spot3 = world.Spot(Traded);
        var spot67 = world.Spot(Protocol);
        var state = world.State;
        Int128 total = 0;
        foreach (var a in accounts)
        {
            total += (Int128)world.Balance(a).Units;
            total += (Int128)spot3.MulAmount(world.AlphaBalance(a, Traded), Rounding.Down).Units;
            total += (Int128)spot67.MulAmount(world.AlphaBalance(a, Protocol) + markets.StakeOf(view, Protocol, MarginWorldBuilder.ProtocolHotkey, a)
                + state.TierLocks.GetValueOrDefault(a), Rounding.Down).Units;
            if (world.Lp(a) is { } lp)
                total += (Int128)(lp.Value + lp.PendingFees).Units + (Int128)spot67.MulAmount(lp.PendingEmission, Rounding.Down).Units;
            total += (Int128)(state.LiquidatorRewards.GetValueOrDefault(a) + state.UserClaims.GetValueOrDefault(a) + state.Crowdloan.GetValueOrDefault(a)).Units;
            foreach (var p in world.Engine.Query<PositionsQuery, PositionList>(new PositionsQuery(a)).Positions)
            {
                var equity = (Int128)spot3.MulAmount(p.Alpha, Rounding.Down).Units + (Int128)p.AddedCollateral.Units - (Int128)p.Debt.Units;
                if (equity > 0) total += equity;
            }
        }
        return total;
    }

    /// <summary>
    /// What the protocol holds: its fee books, the buyback pool, the insurance fund's TAO, what was routed to the owner
    /// and the treasury, and the alpha its buybacks bought (at the final spot: a buyback that overpaid shows here).
    /// </summary>
    public static Int128 ProtocolWealth(MarginWorld world) =>
        (Int128)(world.State.ProtocolFees + world.State.BuybackPool + world.Balance(MarginModule.InsuranceAccount)
            + world.Balance(MarginModule.OwnerFeesAccount) + world.Balance(MarginModule.TreasuryAccount)).Units
        + (Int128)world.Spot(Protocol).MulAmount(world.State.AlphaBoughtBack, Rounding.Down).Units;

    private static Fixed Price(double taoPerAlpha) => new((Int128)(taoPerAlpha * 1e18));

    private static double Normal(DeterministicRandom random)
    {
        // Box–Muller on the engine's seeded generator: the same seed gives the same path on every machine.
        double u = Math.Max(random.NextDouble(), 1e-300), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
