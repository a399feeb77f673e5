using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;
using Xunit.Abstractions;
using static Ballast.Lih.Tests.Adversary.Arena;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// Strategy 1, the straddle: two accounts of one coalition open a long and a short at high leverage (in one market,
/// or a long in A and a short in B on correlated indexes), hold until one leg is liquidated, then close the other H
/// blocks later. Each path draws its own parameters (σ log-uniform in [1e-6, 1e-3] per block, the band b in
/// [5,000, 100,000] ppb, μ in [1%, 20%], depth B in [2e8, 1e9], leverage up to 10,000× within L_max and what the
/// band lets be born healthy, each leg 20–45% of a side's open-interest cap, H in 0..10, the correlation of B to A in
/// [0.5, 1)) and a Laplace index path whose σ the controller learns over a 40-block warm-up. The coalition's P&amp;L
/// is its TAO at the end less at the start: every margin, fee, premium, penalty and payout is in it. The mean over
/// paths must be negative with the upper end of its 95% confidence interval below zero.
/// Default: 400 paths in one market, 1,000 across two; <c>BALLAST_ADVERSARY_PATHS=2000 dotnet test tests/Modules/Lih.Tests --filter Adversary</c>
/// runs a heavier sample.
/// </summary>
public class StraddleTests(ITestOutputHelper output)
{
    internal sealed record PathResult(double Pnl, double BadDebt, double Premiums, double Fees, bool Refused, bool Liquidated, double Leverage = 0, double Sigma = 0);

    /// <summary>
    /// The largest leverage at which a position is born above <paramref name="slack"/> × its maintenance with
    /// <paramref name="room"/> of notional to spare (default: b/2, the other leg's impact, and 5% slack).
    /// </summary>
    internal static double FeasibleLeverage(PerpsParameters p, double? room = null, double slack = 1.05)
    {
        double b = p.MarkBandPpb.Value / 1e9;
        double bandBudget = (2 * b + p.MaxFundingRatePpb.Value / 1e9 / p.FundingIntervalBlocks) * 1.1;
        double mu = p.MaintenanceMarginPpb.Value / 1e9;
        bool Ok(double l)
        {
            double fee = (p.BaseFeePpb.Value + p.FeePpbPerLeverage.Value * l) / 1e9;
            double equity = 1 / l - fee - (room ?? b / 2);
            return equity >= slack * Math.Max(mu / l, bandBudget);
        }
        if (!Ok(1)) return 0;
        double lo = 1, hi = 10_000;
        if (Ok(hi)) return hi;
        for (int i = 0; i < 60; i++) { double mid = (lo + hi) / 2; if (Ok(mid)) lo = mid; else hi = mid; }
        return lo;
    }

    /// <param name="calmThenStorm">
    /// The regime switch instead of a known σ: the warm-up is calm (σ in [1e-6, 1e-5]) and, from the block after the
    /// legs open, σ jumps to [1e-4, 1e-3] (an event the attacker knows of and the controller cannot).
    /// </param>
    internal static PathResult Run(ulong seed, bool twoMarkets, bool calmThenStorm = false)
    {
        var rng = new DeterministicRandom(seed);
        double sigma = Paths.LogUniform(rng, 1e-6, 1e-3);
        double storm = 0;
        if (calmThenStorm) (storm, sigma) = (Paths.LogUniform(rng, 1e-4, 1e-3), Paths.LogUniform(rng, 1e-6, 1e-5));
        long bandPpb = (long)Paths.LogUniform(rng, 5_000, 100_000);
        long muPpb = (long)(Paths.Uniform(rng, 0.01, 0.2) * 1e9);
        long depth = (long)Paths.LogUniform(rng, 2e8, 1e9);
        double wanted = Paths.LogUniform(rng, 100, 10_000);
        double share = Paths.Uniform(rng, 0.2, 0.45);
        int hold = (int)rng.NextBelow(11);
        double rho = Paths.Uniform(rng, 0.5, 1.0);
        var p = Unlocked() with { MarkBandPpb = new(bandPpb), MaintenanceMarginPpb = new(muPpb) };
        string[] coalition = ["t1", "t2"];
        var a = Create(p, coalition, seed: seed);
        string shortMarket = twoMarkets ? "B" : "A";
        if (twoMarkets) a.RunOk(Market("A", FeedA, Fixed.FromInt(depth)), Market("B", FeedB, Fixed.FromInt(depth)));
        else a.RunOk(Market("A", FeedA, Fixed.FromInt(depth)));

        double pa = 1, pb = 1;
        void Step()
        {
            double ra = Paths.Laplace(rng, sigma);
            double rb = rho * ra + Math.Sqrt(1 - rho * rho) * Paths.Laplace(rng, sigma);
            pa *= 1 + ra;
            pb *= 1 + rb;
        }
        Envelope[] Posts() => twoMarkets ? [Post(FeedA, Px(pa)), Post(FeedB, Px(pb))] : [Post(FeedA, Px(pa))];
        for (int i = 0; i < 40; i++) { Step(); a.RunOk(Posts()); }

        double leverage = Math.Min(wanted, Math.Min(a.Perps.MaxLeverage.ToDouble(), 0.9 * FeasibleLeverage(p)));
        if (leverage < 1) return new PathResult(0, 0, 0, 0, true, false);
        var (maxLong, maxShort) = PerpsBook.SideCaps(p, Fixed.FromInt(depth));
        double notional = share * Math.Min(maxLong.ToDouble() * pa, maxShort.ToDouble() * (twoMarkets ? pb : pa));
        var margin = Tao((decimal)Math.Round(notional / leverage, 6));
        var lev = Px(Math.Round(leverage, 4));
        a.Mark(coalition);
        var before = a.FeesAndPremiums();
        var badBefore = a.BadDebt;
        var opened = a.Block(Open("t1", "A", PerpSide.Long, margin, lev), Open("t2", shortMarket, PerpSide.Short, margin, lev));
        if (!opened.Results.All(r => r.Accepted))
        {
            // a refusal of either leg: the attack does not start (the accepted leg, if any, is closed at once below)
            foreach (var (t, m) in new[] { ("t1", "A"), ("t2", shortMarket) })
                if (a.PositionOf(t, m) is var id and > 0) a.Block(new ClosePerp(id).From(t));
            return new PathResult(0, 0, 0, 0, true, false);
        }
        long longId = a.PositionOf("t1", "A"), shortId = a.PositionOf("t2", shortMarket);
        if (calmThenStorm) sigma = storm;
        int? liquidatedAt = null;
        bool liquidated = false;
        for (int blk = 0; blk < 400; blk++)
        {
            Step();
            var txs = new List<Envelope>(Posts());
            bool longOpen = a.Perps.Positions.ContainsKey(longId), shortOpen = a.Perps.Positions.ContainsKey(shortId);
            if (!longOpen && !shortOpen) break;
            if ((!longOpen || !shortOpen) && liquidatedAt is null) { liquidatedAt = blk; liquidated = true; }
            // close the survivor H blocks after the first leg went; close both after 80 blocks without a liquidation
            bool closeNow = (liquidatedAt is { } at && blk - at >= hold) || blk >= 80;
            if (closeNow)
            {
                if (longOpen) txs.Add(new ClosePerp(longId).From("t1"));
                if (shortOpen) txs.Add(new ClosePerp(shortId).From("t2"));
            }
            a.Block([.. txs]); // a close refused (underwater) waits for the liquidation
        }
        a.Perps.Positions.ContainsKey(longId).ShouldBeFalse("the long leg never left");
        a.Perps.Positions.ContainsKey(shortId).ShouldBeFalse("the short leg never left");
        a.ShouldConserve();
        var after = a.FeesAndPremiums();
        return new PathResult(Budget.Tao(a.CoalitionPnl(coalition)), Budget.Tao((Int128)(a.BadDebt - badBefore).Units),
            Budget.Tao((Int128)(after.Premiums - before.Premiums).Units), Budget.Tao((Int128)(after.Fees - before.Fees).Units), false, liquidated, leverage, sigma);
    }

    /// <summary>
    /// The residual the pool keeps by design (docs/lih.md, safety argument), found by this suite: the premium's tail term
    /// is priced at the controller's σ when the legs open, and L_max too; a coalition that knows of an event (a listing, a
    /// vote, a halving) opens a high-leverage straddle in the calm before it and the pool pays the storm's overshoots.
    /// Same strategy as above, in one market, with a calm warm-up (σ 1e-6–1e-5) and σ 1e-4–1e-3 from the block after the
    /// open. Default 400 paths: the pool paid 116.0 TAO of bad debt against 36.8 TAO of premiums (3.2×), but the
    /// coalition's mean was +0.044 TAO a path (95% CI [−0.153, +0.241]): the losing legs' margins and penalties go to the
    /// lenders and the pool, so the storm moves value from the pool to the lenders more than to the attacker. Pinned: the
    /// coalition is not significantly in profit, and the pool's payout-to-premium ratio stays in [1, 10] — a change in
    /// either (a premium that anticipates volatility, a controller that reacts faster) shows here.
    /// </summary>
    [Fact]
    public void A_straddle_opened_in_the_calm_before_a_known_storm_is_the_pools_residual_risk()
    {
        int n = Budget.Paths(400);
        var played = Enumerable.Range(0, n).Select(i => Run(9_500 + (ulong)i, twoMarkets: false, calmThenStorm: true)).Where(r => !r.Refused).ToList();
        var stats = Stats.Of(played.Select(r => r.Pnl).ToList());
        output.WriteLine($"straddle, calm then storm: coalition P&L (TAO) {stats}; played {played.Count}/{n}, liquidated {played.Count(r => r.Liquidated)}, profitable {played.Count(r => r.Pnl > 0)}");
        output.WriteLine($"  premiums {played.Sum(r => r.Premiums):G6} TAO, fees {played.Sum(r => r.Fees):G6} TAO, bad debt {played.Sum(r => r.BadDebt):G6} TAO; mean leverage {played.Average(r => r.Leverage):G5}x");
        stats.Lower.ShouldBeLessThan(0, $"a straddle before a storm is significantly profitable: {stats}");
        var ratio = played.Sum(r => r.BadDebt) / played.Sum(r => r.Premiums);
        ratio.ShouldBeInRange(1.0, 10.0, $"the pool's payout-to-premium ratio before a storm moved: {ratio:G4}");
    }

    private void Check(bool twoMarkets, ulong baseSeed)
    {
        // across two markets the P&L's spread is about twice as wide (the legs' indexes part): 400 paths left the
        // interval's upper end at +0.018 TAO (mean −0.095), so it runs 1,000 by default
        int n = Budget.Paths(twoMarkets ? 1_000 : 400);
        var results = Enumerable.Range(0, n).Select(i => Run(baseSeed + (ulong)i, twoMarkets)).ToList();
        var played = results.Where(r => !r.Refused).ToList();
        var stats = Stats.Of(played.Select(r => r.Pnl).ToList());
        var badDebt = Stats.Of(played.Select(r => r.BadDebt).ToList());
        output.WriteLine($"straddle {(twoMarkets ? "across two markets" : "in one market")}: coalition P&L (TAO) {stats}");
        output.WriteLine($"  played {played.Count}/{n}, a leg liquidated in {played.Count(r => r.Liquidated)}, paths with profit {played.Count(r => r.Pnl > 0)}");
        output.WriteLine($"  bad debt per path (pool + lenders, TAO) {badDebt}; premiums paid {played.Sum(r => r.Premiums):G6}, fees {played.Sum(r => r.Fees):G6}");
        // the premium's calibration: in every leverage band the pool's payouts (bad debt) stay within the premiums it was paid
        foreach (var (lo, hi) in new[] { (1.0, 1_000.0), (1_000.0, 5_000.0), (5_000.0, 10_001.0) })
        {
            var band = played.Where(r => r.Leverage >= lo && r.Leverage < hi).ToList();
            double premiums = band.Sum(r => r.Premiums), paid = band.Sum(r => r.BadDebt);
            output.WriteLine($"  leverage [{lo:G5}, {hi:G5}): {band.Count} paths, premiums {premiums:G6} TAO, bad debt {paid:G6} TAO");
            paid.ShouldBeLessThanOrEqualTo(premiums, $"leverage [{lo}, {hi}): the pool paid more than the premiums");
        }
        played.Count.ShouldBeGreaterThan(n / 2, "most paths must get both legs open, or the sample says nothing");
        played.Count(r => r.Liquidated).ShouldBeGreaterThan(played.Count / 4, "the paths must reach liquidations");
        stats.Mean.ShouldBeLessThan(0);
        stats.Upper.ShouldBeLessThan(0, $"the straddle's mean profit is not significantly negative: {stats}");
    }

    [Fact]
    public void A_straddle_in_one_market_loses_on_average() => Check(twoMarkets: false, baseSeed: 1_000);

    [Fact]
    public void A_straddle_across_two_markets_loses_on_average() => Check(twoMarkets: true, baseSeed: 2_000);
}
