using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;
using Xunit.Abstractions;
using static Ballast.Lih.Tests.Adversary.Arena;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// Strategy 6, many liquidations in one block: 40 accounts open positions on one market (mostly on one side, each near
/// the highest leverage that is born healthy, together up to 95% of the side's cap), then the index moves against
/// them by just under b in one block and keeps drifting that way inside the band. Each liquidation in the block hook
/// moves the vAMM against the rest; still no position may end below zero equity (no bad debt), every token is
/// conserved, and the engine never stops. Default 20 seeds; <c>BALLAST_ADVERSARY_PATHS</c> raises it.
/// </summary>
public class MassLiquidationTests(ITestOutputHelper output)
{
    private static readonly string[] Crowd = [.. Enumerable.Range(0, 40).Select(i => $"c{i:D2}")];

    [Fact]
    public void Dozens_of_liquidations_in_one_block_leave_no_bad_debt()
    {
        int n = Budget.Paths(20), maxInOneBlock = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            ulong seed = 6_000 + (ulong)i;
            var rng = new DeterministicRandom(seed);
            long band = (long)Paths.LogUniform(rng, 10_000, 60_000);
            // a smaller minimum margin (0.0001 TAO, inside its declared range) lets 40 accounts at 10,000x share a side's cap
            var p = Unlocked() with
            {
                MarkBandPpb = new(band), MaintenanceMarginPpb = new((long)(Paths.Uniform(rng, 0.01, 0.2) * 1e9)), MinMarginRao = 100_000,
            };
            double b = band / 1e9;
            long depth = (long)Paths.LogUniform(rng, 5e8, 1e9);
            var side = rng.NextBelow(2) == 0 ? PerpSide.Long : PerpSide.Short;
            var a = Create(p, Crowd, traderTao: 100_000, seed: seed);
            a.RunOk(Market("M", FeedA, Fixed.FromInt(depth)));
            a.Engine.AdvanceBlocks(2);
            var (maxLong, maxShort) = PerpsBook.SideCaps(p, Fixed.FromInt(depth));
            double cap = (side == PerpSide.Long ? maxLong : maxShort).ToDouble(), other = (side == PerpSide.Long ? maxShort : maxLong).ToDouble();
            double tight = Math.Min(10_000, StraddleTests.FeasibleLeverage(p, room: 0, slack: 1.0));
            var weights = Crowd.Select(_ => Paths.Uniform(rng, 0.5, 1.5)).ToArray();
            double sum = weights.Sum(), fill = Paths.Uniform(rng, 0.6, 0.95);
            var orders = new List<Envelope>();
            for (int k = 0; k < Crowd.Length; k++)
            {
                // one in eight takes the other side, with a small size
                bool against = k % 8 == 7;
                double notional = against ? 0.02 * other : fill * cap * weights[k] / sum;
                double lev = tight * Paths.Uniform(rng, 0.85, 0.97);
                var s = against ? (side == PerpSide.Long ? PerpSide.Short : PerpSide.Long) : side;
                orders.Add(Open(Crowd[k], "M", s, Tao((decimal)Math.Max(0.00011, Math.Round(notional / lev, 7))), Px(Math.Round(lev, 4))));
            }
            var bad0 = a.BadDebt;
            // the few on the other side first (their trades would move the crowd's exit values), then the crowd in
            // four blocks of ten; a refusal is allowed and named if too many are refused
            orders = [.. orders.Where((_, k) => k % 8 == 7), .. orders.Where((_, k) => k % 8 != 7)];
            var refusals = new List<string>();
            for (int k = 0; k < 4; k++)
                foreach (var r in a.Block([.. orders.Skip(10 * k).Take(10)]).Results.Where(r => !r.Accepted)) refusals.Add(r.ToString());
            int open = a.Perps.Positions.Count;
            open.ShouldBeGreaterThan(30, $"seed {seed}: too few positions opened: {string.Join("; ", refusals.Take(3))}");
            double price = 1, dir = side == PerpSide.Long ? -1 : 1;
            for (int k = 0; k < 30 && a.Perps.Positions.Values.Any(x => x.Side == side); k++)
            {
                long before = a.Perps.Liquidations;
                price *= 1 + dir * 0.999 * b;
                a.RunOk(Post(FeedA, Px(price)));
                int inBlock = (int)(a.Perps.Liquidations - before);
                maxInOneBlock = Math.Max(maxInOneBlock, inBlock);
                total += inBlock;
                (a.BadDebt - bad0).ShouldBe(Amount.Zero, $"seed {seed}, block {k}: bad debt after {inBlock} liquidations with the index inside the band");
                a.ShouldConserve();
            }
            a.Perps.Positions.Values.Count(x => x.Side == side).ShouldBe(0, $"seed {seed}: the crowd on the losing side should all be liquidated");
            a.AllLiquidations().ShouldAllBe(l => l.Loss == Amount.Zero);
        }
        output.WriteLine($"mass liquidation: {n} seeds of 40 accounts, {total} liquidations, at most {maxInOneBlock} in one block, bad debt 0");
        maxInOneBlock.ShouldBeGreaterThanOrEqualTo(12, "the strategy needs dozens of liquidations in one block");
    }
}
