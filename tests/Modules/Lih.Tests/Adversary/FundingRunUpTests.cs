using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;
using Xunit.Abstractions;
using static Ballast.Lih.Tests.Adversary.Arena;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// Strategy 5, running up funding: a skewer (t1, 10×) holds most of the long side's open-interest cap so the mark sits
/// near peg·(1 + b/2); the funding parameters are drawn so that this skew is past the rate cap (divisor 1, cap 10–40%
/// of b per interval, interval 1–20 blocks), so funding runs at the cap every interval. A position at the highest
/// leverage that is born healthy (10,000× when the band allows) on the paying side (t2, long) stays open; each block
/// the index is flat or moves inside the band. The maintenance requirement keeps a block's capped funding in reserve,
/// so t2 must be liquidated before its equity is negative: no loss beyond its margin, no bad debt at all. At a flat
/// index the coalition also cannot gain. Default 60 seeds; <c>BALLAST_ADVERSARY_PATHS</c> raises it.
/// </summary>
public class FundingRunUpTests(ITestOutputHelper output)
{
    [Fact]
    public void A_position_paying_capped_funding_is_liquidated_before_its_equity_is_negative()
    {
        int n = Budget.Paths(60), atCap = 0, liquidated = 0;
        var blocksToLiquidation = new List<double>();
        double worstFlat = double.NegativeInfinity, maxLeverage = 0;
        for (int i = 0; i < n; i++)
        {
            ulong seed = 5_000 + (ulong)i;
            var rng = new DeterministicRandom(seed);
            long band = (long)Paths.LogUniform(rng, 10_000, 40_000);
            long interval = 1 + (long)rng.NextBelow(20);
            var p = Unlocked() with
            {
                MarkBandPpb = new(band),
                FundingDivisor = 1,
                FundingIntervalBlocks = interval,
                TwapBlocks = Math.Max(2, interval),
                MaxFundingRatePpb = new((long)(band * Paths.Uniform(rng, 0.1, 0.4))),
                MaintenanceMarginPpb = new((long)(Paths.Uniform(rng, 0.01, 0.2) * 1e9)),
            };
            bool flat = rng.NextBelow(2) == 0;
            long depth = (long)Paths.LogUniform(rng, 3e8, 1e9);
            double b = band / 1e9;
            string[] coalition = ["t1", "t2"];
            var a = Create(p, coalition, traderTao: 1_000_000, seed: seed);
            a.RunOk(Market("M", FeedA, Fixed.FromInt(depth)));
            a.Engine.AdvanceBlocks(2);
            var (maxLong, _) = PerpsBook.SideCaps(p, Fixed.FromInt(depth));
            double cap = maxLong.ToDouble();
            a.Mark(coalition);
            var bad0 = a.BadDebt;
            a.RunOk(Open("t1", "M", PerpSide.Long, Tao((decimal)Math.Round(0.85 * cap / 10, 6)), Px(10m)));
            double lev = Math.Min(10_000, StraddleTests.FeasibleLeverage(p, room: 0, slack: 1.15));
            maxLeverage = Math.Max(maxLeverage, lev);
            var margin = Tao((decimal)Math.Max(0.011, Math.Round(0.1 * cap / lev, 6)));
            int events0 = a.Engine.Events.Count;
            long id = a.Perps.NextPositionId;
            a.RunOk(Open("t2", "M", PerpSide.Long, margin, Px(Math.Round(lev, 4))));
            long opened = a.Height;
            double price = 1;
            for (int k = 0; k < 3_000 && a.Perps.Positions.ContainsKey(id); k++)
            {
                if (!flat) price *= 1 + Paths.Uniform(rng, -0.95, 0.95) * b;
                a.RunOk(Post(FeedA, Px(price)));
            }
            a.Perps.Positions.ContainsKey(id).ShouldBeFalse($"seed {seed}: the 10,000x long outlived 3,000 blocks of capped funding");
            liquidated++;
            blocksToLiquidation.Add(a.Height - opened);
            var events = a.Engine.Events.Records.Skip(events0).Select(r => r.Event).ToList();
            var settled = events.OfType<FundingSettled>().ToList();
            if (settled.Count > 0 && settled.All(s => s.Rate == p.MaxFundingRatePpb.ToFixed())) atCap++;
            var liquidation = events.OfType<PerpLiquidated>().Single(l => l.PositionId == id);
            liquidation.Loss.ShouldBe(Amount.Zero, $"seed {seed}: the position paying funding was liquidated with a loss beyond its margin");
            (a.BadDebt - bad0).ShouldBe(Amount.Zero, $"seed {seed}: bad debt");
            // the skewer leaves too; at a flat index the coalition paid fees, premiums and funding and gained nothing
            for (int k = 0; k < 50 && a.PositionOf("t1", "M") is var s and > 0; k++) a.Block(new ClosePerp(s).From("t1"), Post(FeedA, Px(price)));
            a.Perps.Positions.Count.ShouldBe(0);
            a.ShouldConserve();
            if (flat)
            {
                var pnl = a.CoalitionPnl(coalition);
                pnl.ShouldBeLessThanOrEqualTo((Int128)0, $"seed {seed}: the coalition gained {pnl} rao at a flat index");
                worstFlat = Math.Max(worstFlat, Budget.Tao(pnl));
            }
        }
        var blocks = Stats.Of(blocksToLiquidation);
        output.WriteLine($"funding run-up: {n} seeds, liquidated {liquidated}, funding at the cap in every interval in {atCap}; leverage up to {maxLeverage:G5}x");
        output.WriteLine($"  blocks from open to liquidation {blocks}; best coalition P&L at a flat index {worstFlat:G6} TAO; bad debt 0");
        atCap.ShouldBeGreaterThan(n / 2, "funding must run at its cap for the strategy to mean anything");
    }
}
