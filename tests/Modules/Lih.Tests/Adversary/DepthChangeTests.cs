using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;
using Xunit.Abstractions;
using static Ballast.Lih.Tests.Adversary.Arena;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// Strategy 4, opening before a depth change: the index swings inside the band (between 1 and 1 + 0.95·b, for 20–40
/// blocks) with the controller's σ_ref set 1.5–6 times below that σ (inside its declared range), so the controller
/// deepens the vAMM (up to 4× its creation depth); the index then returns to 1 and stays
/// flat, and the coalition opens a large one-sided position (t1, up to L_max) plus churn (t2 opening and closing to
/// feed the depth budget), then holds while σ decays and the controller makes the vAMM shallower in quarter steps —
/// each step raising the traders' exit value, paid from the depth budget. Or the reverse (<c>up</c>): the coalition
/// opens at the creation depth before the swings. Per seed: the lenders' net loss to resizes (paid out less kept) ≤
/// the budget's income from fees ≤ the fees paid; no bad debt; at the flat index the coalition gains nothing.
/// Default 30 seeds; <c>BALLAST_ADVERSARY_PATHS</c> raises it.
/// </summary>
public class DepthChangeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_depth_change_never_pays_a_position_more_than_the_fees_funded()
    {
        int n = Budget.Paths(30), resizedWithGain = 0, blockedByBudget = 0;
        double maxPaid = 0, worst = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            ulong seed = 8_000 + (ulong)i;
            var rng = new DeterministicRandom(seed);
            var p = Unlocked() with { DepthBudgetPpb = new((long)(Paths.Uniform(rng, 0.05, 1.0) * 1e9)) };
            double swing = 0.95 * p.MarkBandPpb.Value / 1e9;
            var risk = new Ballast.RiskControl.RiskParameters { SigmaRef = Px(Math.Round(swing / Paths.Uniform(rng, 1.5, 6), 12)) };
            long depth = (long)Paths.LogUniform(rng, 2e8, 1e9);
            bool openFirst = rng.NextBelow(3) == 0; // the "up" order: open at 1x depth, then the swings deepen it
            int swings = 20 + (int)rng.NextBelow(21);
            var side = rng.NextBelow(2) == 0 ? PerpSide.Long : PerpSide.Short;
            string[] coalition = ["t1", "t2"];
            var a = Create(p, coalition, traderTao: 1_000_000, seed: seed, risk: risk);
            a.RunOk(Market("M", FeedA, Fixed.FromInt(depth)));
            a.Engine.AdvanceBlocks(2);
            var (maxLong, maxShort) = PerpsBook.SideCaps(p, Fixed.FromInt(depth));
            double cap = (side == PerpSide.Long ? maxLong : maxShort).ToDouble();
            a.Mark(coalition);
            var bad0 = a.BadDebt;
            var (fees0, _) = a.FeesAndPremiums();
            var (paid0, kept0) = (a.Perps.DepthCostPaid, a.Perps.DepthGainKept);
            int events0 = a.Engine.Events.Count;

            void OpenBig()
            {
                double lev = Math.Min(a.Perps.MaxLeverage.ToDouble(), 0.9 * StraddleTests.FeasibleLeverage(p)) * Paths.Uniform(rng, 0.5, 1.0);
                lev = Math.Max(1, lev);
                a.Block(Open("t1", "M", side, Tao((decimal)Math.Max(0.011, Math.Round(Paths.Uniform(rng, 0.5, 0.9) * cap / lev, 6))), Px(Math.Round(lev, 4))));
            }
            if (openFirst) OpenBig();
            for (int k = 0; k < swings; k++) a.RunOk(Post(FeedA, Px(k % 2 == 0 ? 1 + swing : 1.0)));
            a.RunOk(Post(FeedA, Px(1.0)));
            if (!openFirst) OpenBig();
            for (int k = 0; k < 250; k++)
            {
                var txs = new List<Envelope> { Post(FeedA, Px(1.0)) };
                // t2 churns a small position to feed the budget: open one block, close the next
                if (k % 2 == 0) txs.Add(Open("t2", "M", side == PerpSide.Long ? PerpSide.Short : PerpSide.Long, Tao(1), Px(Math.Round(Math.Max(1, a.Perps.MaxLeverage.ToDouble() / 2), 2))));
                else if (a.PositionOf("t2", "M") is var c and > 0) txs.Add(new ClosePerp(c).From("t2"));
                a.Block([.. txs]);
            }
            for (int k = 0; k < 20 && a.Perps.Positions.Count > 0; k++)
                a.Block([Post(FeedA, Px(1.0)), .. a.Perps.Positions.Values.Select(x => new ClosePerp(x.Id).From(x.Trader))]);
            a.Perps.Positions.Count.ShouldBe(0, $"seed {seed}");
            a.ShouldConserve();

            var changes = a.Engine.Events.Records.Skip(events0).Select(r => r.Event).OfType<DepthChanged>().ToList();
            if (changes.Any(c => c.TradersGained && !c.TradersValue.IsZero)) resizedWithGain++;
            var (fees1, _) = a.FeesAndPremiums();
            var fees = fees1 - fees0;
            var paid = a.Perps.DepthCostPaid - paid0;
            var kept = a.Perps.DepthGainKept - kept0;
            var income = p.DepthBudgetPpb.Of(fees, Rounding.Up);
            // what the resizes cost the lenders, net, is bounded by what the fees put into the budget, itself ≤ the fees
            ((Int128)paid.Units - (Int128)kept.Units).ShouldBeLessThanOrEqualTo((Int128)income.Units + Crumbs, $"seed {seed}: resizes paid {paid}, kept {kept}, budget income {income}");
            income.ShouldBeLessThanOrEqualTo(fees);
            (a.BadDebt - bad0).ShouldBe(Amount.Zero, $"seed {seed}: bad debt");
            maxPaid = Math.Max(maxPaid, Budget.Tao((Int128)paid.Units));
            if (!openFirst)
            {
                var pnl = a.CoalitionPnl(coalition);
                pnl.ShouldBeLessThanOrEqualTo((Int128)0, $"seed {seed}: the coalition gained {pnl} rao from depth changes at a flat index (paid {paid}, kept {kept})");
                worst = Math.Max(worst, Budget.Tao(pnl));
            }
            if (a.Perps.Markets["M"].DepthScale > Fixed.One) blockedByBudget++;
        }
        output.WriteLine($"depth change: {n} seeds, resizes paying traders in {resizedWithGain}, still deep at the end (budget short) in {blockedByBudget}; " +
            $"largest payout from the budget {maxPaid:G6} TAO; best coalition P&L at a flat index {worst:G6} TAO");
        resizedWithGain.ShouldBeGreaterThan(0, "no resize paid traders: the strategy was not exercised");
    }

    /// <summary>Per-step rounding of the income (one rao per fee) may not add up exactly; a few hundred rao of slack.</summary>
    private const int Crumbs = 1_000;
}
