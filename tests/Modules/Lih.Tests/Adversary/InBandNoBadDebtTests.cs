using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;
using Ballast.RiskControl;
using Xunit.Abstractions;
using static Ballast.Lih.Tests.Adversary.Arena;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// The band's promise: with every per-block index move inside ±b, no position ever reaches negative equity, so the
/// Insurance Pool pays nothing and no loss falls on lenders. Random populations of six traders on two markets (random
/// sides, leverage up to 10,000× or the highest born healthy, sizes up to the side's room, adds, reductions and flips
/// by opposite orders, closes, keepers' liquidation calls, straddles and sequential opens among them) over random
/// paths whose per-block moves are drawn inside ±0.99·b (uniform, Laplace clipped, or runs at the edge), with the
/// band, μ and depth drawn per seed and σ_ref either its default or low enough that the controller resizes depth. At
/// the end of every seed: <c>InsurancePaid == 0</c> and <c>LenderLosses == 0</c>, every token conserved.
/// Default 40 seeds of 120 blocks; <c>BALLAST_ADVERSARY_PATHS</c> raises the number of seeds.
/// </summary>
public class InBandNoBadDebtTests(ITestOutputHelper output)
{
    private static readonly string[] Traders = ["t1", "t2", "t3", "t4", "t5", "t6"];

    [Fact]
    public void With_every_index_move_inside_the_band_there_is_no_bad_debt()
    {
        int n = Budget.Paths(40), opens = 0, closes = 0, liquidations = 0, resizes = 0;
        for (int i = 0; i < n; i++)
        {
            ulong seed = 9_000 + (ulong)i;
            var rng = new DeterministicRandom(seed);
            long band = (long)Paths.LogUniform(rng, 5_000, 100_000);
            double b = band / 1e9;
            var p = Unlocked() with { MarkBandPpb = new(band), MaintenanceMarginPpb = new((long)(Paths.Uniform(rng, 0.01, 0.2) * 1e9)), MinMarginRao = 1_000_000 };
            var risk = rng.NextBelow(2) == 0 ? null : new RiskParameters { SigmaRef = Px(Math.Round(b / Paths.Uniform(rng, 2, 8), 12)) };
            var a = Create(p, Traders, traderTao: 100_000, risk: risk, seed: seed);
            string[] markets = ["A", "B"];
            a.RunOk(Market("A", FeedA, Fixed.FromInt((long)Paths.LogUniform(rng, 1e8, 1e9))), Market("B", FeedB, Fixed.FromInt((long)Paths.LogUniform(rng, 1e8, 1e9))));
            a.Engine.AdvanceBlocks(2);
            double tight = Math.Min(10_000, StraddleTests.FeasibleLeverage(p, room: 0, slack: 1.0));
            var prices = new Dictionary<string, double> { ["A"] = 1, ["B"] = 1 };
            int mode = (int)rng.NextBelow(3);
            for (int blk = 0; blk < 120; blk++)
            {
                var txs = new List<Envelope>();
                foreach (var (m, feed) in new[] { ("A", FeedA), ("B", FeedB) })
                {
                    double r = mode switch
                    {
                        0 => Paths.Uniform(rng, -0.99, 0.99) * b,
                        1 => Math.Clamp(Paths.Laplace(rng, b / 2), -0.99 * b, 0.99 * b),
                        _ => (blk / 10 % 2 == 0 ? 1 : -1) * 0.99 * b, // runs at the edge of the band
                    };
                    // a fall of r·price is inside the band; a rise is capped below b too
                    prices[m] *= 1 + r;
                    txs.Add(Post(feed, Px(prices[m])));
                }
                for (int k = 0, count = (int)rng.NextBelow(4); k < count; k++)
                {
                    string t = Traders[rng.NextBelow((ulong)Traders.Length)];
                    string m = markets[rng.NextBelow(2)];
                    var mk = a.Perps.Markets[m];
                    long existing = a.PositionOf(t, m);
                    int kind = (int)rng.NextBelow(10);
                    if (kind < 2 && existing > 0) { txs.Add(new ClosePerp(existing).From(t)); continue; }
                    if (kind == 2 && a.Perps.Positions.Count > 0)
                    {
                        txs.Add(new LiquidatePerp(a.Perps.Positions.Keys.ElementAt((int)rng.NextBelow((ulong)a.Perps.Positions.Count))).From(Keeper));
                        continue;
                    }
                    bool isLong = rng.NextBelow(2) == 0;
                    var (maxLong, maxShort) = PerpsBook.SideCaps(p, mk.CreationDepth);
                    double room = Math.Max(0, isLong ? (maxLong - mk.LongSize).ToDouble() : (maxShort - mk.ShortSize).ToDouble());
                    double notional = Paths.Uniform(rng, 0.02, 0.6) * room * prices[m];
                    double lev = kind switch
                    {
                        3 or 4 or 5 => tight * Paths.Uniform(rng, 0.8, 1.0),   // at the edge of what is born healthy
                        6 => Math.Min(10_000, a.Perps.MaxLeverage.ToDouble()),  // asks for the cap (refused when not healthy)
                        _ => Paths.LogUniform(rng, 1, Math.Max(1.001, tight)),
                    };
                    lev = Math.Max(1, Math.Min(lev, a.Perps.MaxLeverage.ToDouble()));
                    if (notional / lev < 0.0011) continue;
                    txs.Add(Open(t, m, isLong ? PerpSide.Long : PerpSide.Short, Tao((decimal)Math.Round(notional / lev, 6)), Px(Math.Round(lev, 4))));
                }
                var result = a.Block([.. txs]);
                a.ShouldConserve();
                a.Perps.InsurancePaid.ShouldBe(Amount.Zero, $"seed {seed}, block {blk}: the pool paid for a loss with every move inside the band");
                a.Perps.LenderLosses.ShouldBe(Amount.Zero, $"seed {seed}, block {blk}: a loss fell on the lenders with every move inside the band");
            }
            // the depth changes' cost to lenders, net of what they kept, within the budget's income from fees
            var (fees, _) = a.FeesAndPremiums();
            ((Int128)a.Perps.DepthCostPaid.Units - (Int128)a.Perps.DepthGainKept.Units)
                .ShouldBeLessThanOrEqualTo((Int128)p.DepthBudgetPpb.Of(fees, Rounding.Up).Units + 1_000, $"seed {seed}: depth changes paid beyond the budget");
            opens += a.Engine.Events.Records.Count(r => r.Event is PerpOpened);
            closes += a.Engine.Events.Records.Count(r => r.Event is PerpClosed);
            liquidations += (int)a.Perps.Liquidations;
            resizes += a.Engine.Events.Records.Count(r => r.Event is DepthChanged);
        }
        output.WriteLine($"in-band populations: {n} seeds × 120 blocks, opens {opens}, closes {closes}, liquidations {liquidations}, depth changes {resizes}; InsurancePaid 0, LenderLosses 0");
        liquidations.ShouldBeGreaterThan(n, "the populations must reach liquidations");
    }

    /// <summary>
    /// The worst block the band allows, aimed at one position: a skewer holds most of the long side (the mark near
    /// peg·(1 + b/2)), a victim long opens at the edge of what is born healthy (up to 10,000×), funding runs at its cap
    /// (divisor 1, cap 10–40% of b), and then in one block the index falls by 0.99·b, the skewer closes and a shorter
    /// opens most of the short side (the skew swings by nearly the whole band against the victim). Its maintenance
    /// requirement, (2b + f)·1.1 of exit notional, must cover it: liquidated at the end of that block, never below zero.
    /// Default 100 seeds.
    /// </summary>
    [Fact]
    public void The_worst_block_inside_the_band_leaves_no_bad_debt()
    {
        int n = Budget.Paths(100), liquidatedThatBlock = 0, played = 0;
        double minEquityShare = double.PositiveInfinity, minLeft = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            ulong seed = 9_700 + (ulong)i;
            var rng = new DeterministicRandom(seed);
            long band = (long)Paths.LogUniform(rng, 5_000, 60_000);
            double b = band / 1e9;
            var p = Unlocked() with
            {
                MarkBandPpb = new(band), MaintenanceMarginPpb = new((long)(Paths.Uniform(rng, 0.01, 0.2) * 1e9)),
                FundingDivisor = 1, FundingIntervalBlocks = 1 + (long)rng.NextBelow(5), TwapBlocks = 2,
                MaxFundingRatePpb = new((long)(band * Paths.Uniform(rng, 0.1, 0.4))), MinMarginRao = 1_000_000,
            };
            long depth = (long)Paths.LogUniform(rng, 3e8, 1e9);
            var a = Create(p, ["skewer", "victim", "shorter"], traderTao: 1_000_000, seed: seed);
            a.RunOk(Market("M", FeedA, Fixed.FromInt(depth)));
            a.Engine.AdvanceBlocks(2);
            var (maxLong, maxShort) = PerpsBook.SideCaps(p, Fixed.FromInt(depth));
            a.RunOk(Open("skewer", "M", PerpSide.Long, Tao((decimal)Math.Round(0.85 * maxLong.ToDouble() / 10, 6)), Px(10m)));
            a.Engine.AdvanceBlocks(p.FundingIntervalBlocks + 2); // funding at its cap from here
            double lev = Math.Min(10_000, StraddleTests.FeasibleLeverage(p, room: 0, slack: 1.0) * Paths.Uniform(rng, 0.9, 1.0));
            long id = a.Perps.NextPositionId;
            var opened = a.Block(Open("victim", "M", PerpSide.Long, Tao((decimal)Math.Max(0.0011, Math.Round(0.1 * maxLong.ToDouble() / lev, 6))), Px(Math.Round(lev, 4)))).Results[0];
            if (!opened.Accepted || !a.Perps.Positions.ContainsKey(id)) continue;
            played++;
            var margin = a.Perps.Positions[id].Margin;
            var bad0 = a.BadDebt;
            a.Block(Post(FeedA, Px(1 - 0.99 * b)), new ClosePerp(a.PositionOf("skewer", "M")).From("skewer"),
                Open("shorter", "M", PerpSide.Short, Tao((decimal)Math.Round(0.9 * maxShort.ToDouble() / 10, 6)), Px(10m)));
            if (!a.Perps.Positions.ContainsKey(id))
            {
                liquidatedThatBlock++;
                var l = a.AllLiquidations().Single(x => x.PositionId == id);
                l.Loss.ShouldBe(Amount.Zero, $"seed {seed}: the victim ended below zero equity in the worst in-band block");
                minLeft = Math.Min(minLeft, (double)(l.Penalty + l.Returned).Units / (double)margin.Units);
            }
            else
            {
                var view = a.Engine.Query<PerpPositionQuery, PerpPositionView?>(new(id))!;
                view.EquityRao!.Value.ShouldBeGreaterThanOrEqualTo((Int128)0, $"seed {seed}: the victim is open below zero equity");
                minEquityShare = Math.Min(minEquityShare, (double)view.EquityRao.Value / (double)view.Margin.Units);
            }
            (a.BadDebt - bad0).ShouldBe(Amount.Zero, $"seed {seed}: bad debt in the worst in-band block");
            a.ShouldConserve();
        }
        output.WriteLine($"worst in-band block: {n} seeds, victim opened in {played}, liquidated in that block in {liquidatedThatBlock} (no loss beyond margin; " +
            $"least equity left {minLeft:P2} of margin); smallest equity/margin of a survivor {minEquityShare:G4}; bad debt 0");
        liquidatedThatBlock.ShouldBeGreaterThan(played / 4, "the block must take many victims below maintenance, or it was not the worst");
    }
}
