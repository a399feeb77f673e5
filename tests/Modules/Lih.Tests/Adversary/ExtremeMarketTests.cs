using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;
using Ballast.RiskControl;
using Xunit.Abstractions;
using static Ballast.Lih.Tests.Adversary.Arena;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// Strategy 7, extreme markets: each seed draws every perps parameter at a limit of its declared range or inside it
/// (band 1 ppb … 10%, μ 0 … 99.9999999%, fees, ψ0 and φ at their bounds, funding interval and divisor at 1 and at
/// their maxima, leverage caps up to the declared 100,000×), the controller's σ_ref at its floor or its default,
/// markets with base reserves up to the bound (1e9) on TAO- and non-TAO-quoted indexes, and index posts that jump
/// anywhere in 1e-9 … 1e9 from one block to the next, with traders opening (margins 0.0001 … 100,000 TAO, leverage 1 …
/// 100,000×), closing and liquidating at random. Whatever is refused must be refused: the engine may never stop on a
/// broken invariant (a hook's exception), and every token is conserved after every block.
/// Default 40 seeds of 60 blocks; <c>BALLAST_ADVERSARY_PATHS</c> raises the number of seeds.
/// </summary>
public class ExtremeMarketTests(ITestOutputHelper output)
{
    private static readonly string[] Traders = ["t1", "t2", "t3", "t4"];

    private static long Pick(DeterministicRandom rng, long lo, long hi) => rng.NextBelow(3) switch
    {
        0 => lo,
        1 => hi,
        _ => (long)Paths.LogUniform(rng, Math.Max(1, lo), hi),
    };

    private static double Price(DeterministicRandom rng) => rng.NextBelow(4) switch
    {
        0 => 1e-9,
        1 => 1e9,
        _ => Paths.LogUniform(rng, 1e-9, 1e9),
    };

    internal static PerpsParameters Extreme(DeterministicRandom rng)
    {
        var cap = Fixed.FromInt(Pick(rng, 1, 100_000));
        return new PerpsParameters
        {
            BaseFeePpb = new(Pick(rng, 0, 10_000_000)),
            FeePpbPerLeverage = new(Pick(rng, 0, 10_000)),
            PremiumPsi0Ppb = new(Pick(rng, 0, 1_000_000_000)),
            PremiumPhi = rng.NextBelow(3) switch { 0 => Fixed.Zero, 1 => Fixed.FromInt(2), _ => Px(Math.Round(Paths.Uniform(rng, 0, 2), 6)) },
            MaintenanceMarginPpb = new(Pick(rng, 0, 999_999_999)),
            LiquidationPenaltyPpb = new(Pick(rng, 0, 1_000_000_000)),
            MinMarginRao = Pick(rng, 1, 1_000_000_000),
            Caps = [new(cap, 0), new(cap, 0), new(cap, 0), new(cap, 0)],
            FundingIntervalBlocks = Pick(rng, 1, 100_800),
            FundingDivisor = Pick(rng, 1, 10_000),
            MaxFundingRatePpb = new(Pick(rng, 0, 1_000_000_000)),
            TwapBlocks = Pick(rng, 1, 100_800),
            MarkBandPpb = new(Pick(rng, 1, 100_000_000)),
            DepthBudgetPpb = new(Pick(rng, 0, 1_000_000_000)),
            GuardMaxDeviationBps = new(Pick(rng, 0, 10_000)),
            MinLpCoveragePpb = new(Pick(rng, 0, 10_000_000_000)),
        };
    }

    /// <summary>
    /// With the controller's σ_ref at its default; the perps parameters and markets at their extremes.
    /// Found by this suite at 305376b (fixed since: quote → TAO saturates at 1e15 TAO, the controller's exposure, EL/E and coverage saturate, σ/σ_ref is compared before it is divided; 3 of the default 40 seeds, 29 of 300): the engine stops on an overflow in a block
    /// hook — the perps hook's liquidation check converts a non-TAO-quoted position's PnL to TAO at an index that fell
    /// by many orders of magnitude (<c>PerpsBook.QuoteToTao</c>, seed 7036), and the controller's exposure σ·L̄·V_o and
    /// the terms built on it (EL, VaR, κ·VaR) overflow with σ up to 1,000 per block, L̄ up to 100,000 and V_o at an
    /// extreme index (<c>RiskControlModule.Step</c>, seeds 7013 and 7026). The market bound and the return clamp do not
    /// bound these products.
    /// </summary>
    [Fact]
    public void Extreme_markets_and_index_jumps_never_stop_the_engine() => Run(sigmaRefAtFloor: false, baseSeed: 7_000);

    /// <summary>
    /// Found by this suite at 305376b (fixed since, as above): σ_ref at the floor of its declared range (1e-18 per block) with a large σ: the
    /// controller's depth ratio σ/σ_ref overflows Fixed in the risk block hook (RiskControlModule, the quarter-step
    /// depth), and the engine stops.
    /// </summary>
    [Fact]
    public void The_controller_with_sigma_ref_at_its_floor_never_stops_the_engine() => Run(sigmaRefAtFloor: true, baseSeed: 7_500);

    /// <summary>
    /// Found by this suite at 305376b (fixed since, as above), the smallest case, at default parameters: a market quoted in another unit than TAO
    /// (<c>QuoteIsTao = false</c>) created at index 1e9; a 10× long of 100 TAO (1,000 TAO, an open notional of 1e12 in
    /// quote); the index is then posted at 1e-9 (both inside the feed's accepted range). The perps block hook values
    /// the position in TAO, PnL ≈ −1e12 quote / 1e-9 = −1e21 TAO, beyond Fixed's ≈ 1.7e20: the hook throws and the
    /// engine stops on a broken invariant instead of liquidating.
    /// </summary>
    [Fact]
    public void A_non_TAO_quoted_position_survives_an_index_fall_from_1e9_to_1e_minus_9()
    {
        var a = Create(Unlocked(), ["t1"], traderTao: 10_000, priceB: 1_000_000_000);
        a.RunOk(new CreateMarket("B", FeedB, Fixed.FromInt(1_000_000_000), false).From(Dao));
        a.Engine.AdvanceBlocks(2);
        a.RunOk(Open("t1", "B", PerpSide.Long, Tao(100), Px(10m)));
        Exception? stopped = null;
        try { a.Block(Post(FeedB, Px(0.000000001m))); }
        catch (Exception e) { stopped = e; }
        output.WriteLine(stopped is null ? "the block ran" : $"the engine stopped: {stopped.Message}");
        stopped.ShouldBeNull($"the engine stopped: {stopped?.Message}");
        a.ShouldConserve();
    }

    private void Run(bool sigmaRefAtFloor, ulong baseSeed)
    {
        int n = Budget.Paths(40), opened = 0, liquidated = 0, refused = 0;
        var findings = new List<string>();
        var refusals = new Dictionary<string, int>();
        for (int i = 0; i < n; i++)
        {
            ulong seed = baseSeed + (ulong)i;
            var rng = new DeterministicRandom(seed);
            var p = Extreme(rng);
            var risk = new RiskParameters { SigmaRef = sigmaRefAtFloor && rng.NextBelow(2) == 0 ? new Fixed(1) : Px(0.0005m) };
            var a = Create(p, Traders, traderTao: 1_000_000, risk: risk, seed: seed, priceA: 1, priceB: 1);
            // two markets: a TAO-quoted one on A, a quote-in-B one, each with a base reserve up to the bound
            var created = a.Block(
                new CreateMarket("A", FeedA, Fixed.FromInt(Pick(rng, 1, 1_000_000_000)), true).From(Dao),
                new CreateMarket("B", FeedB, Fixed.FromInt(Pick(rng, 1, 1_000_000_000)), false).From(Dao));
            created.Results.ShouldAllBe(r => r.Accepted);
            for (int blk = 0; blk < 60; blk++)
            {
                var txs = new List<Envelope>();
                if (rng.NextBelow(3) > 0) txs.Add(Post(FeedA, Px(Price(rng))));
                if (rng.NextBelow(3) > 0) txs.Add(Post(FeedB, Px(Price(rng))));
                for (int k = 0, m = (int)rng.NextBelow(4); k < m; k++)
                {
                    string t = Traders[rng.NextBelow((ulong)Traders.Length)];
                    string market = rng.NextBelow(2) == 0 ? "A" : "B";
                    long existing = a.PositionOf(t, market);
                    switch (rng.NextBelow(5))
                    {
                        case 0 when existing > 0: txs.Add(new ClosePerp(existing).From(t)); break;
                        case 1 when a.Perps.Positions.Count > 0:
                            txs.Add(new LiquidatePerp(a.Perps.Positions.Keys.ElementAt((int)rng.NextBelow((ulong)a.Perps.Positions.Count))).From(Keeper));
                            break;
                        case 2:
                            // wild: any margin, any leverage
                            var margin = Tao((decimal)Math.Round(Paths.LogUniform(rng, 0.0001, 100_000), 6));
                            var lev = Px(Math.Round(Paths.LogUniform(rng, 1, 100_000), 3));
                            txs.Add(Open(t, market, rng.NextBelow(2) == 0 ? PerpSide.Long : PerpSide.Short, margin, lev));
                            break;
                        default:
                            // sized to be accepted: a share of the side's cap at the index now, leverage within L_max
                            var mk = a.Perps.Markets[market];
                            var (maxLong, maxShort) = PerpsBook.SideCaps(p, mk.CreationDepth);
                            bool isLong = rng.NextBelow(2) == 0;
                            double room = isLong ? (maxLong - mk.LongSize).ToDouble() : (maxShort - mk.ShortSize).ToDouble();
                            double index = mk.Peg.ToDouble();
                            double notionalTao = Paths.Uniform(rng, 0.01, 0.5) * room * (mk.QuoteIsTao ? index : 1);
                            double l = Paths.LogUniform(rng, 1, Math.Max(1.0001, a.Perps.MaxLeverage.ToDouble()));
                            double marginTao = Math.Clamp(notionalTao / l, p.MinMarginRao / 1e9 * 1.01, 500_000);
                            txs.Add(Open(t, market, isLong ? PerpSide.Long : PerpSide.Short, Tao((decimal)Math.Round(marginTao, 6)), Px(Math.Round(l, 4))));
                            break;
                    }
                }
                BlockResult result;
                try
                {
                    result = a.Block([.. txs]);
                }
                catch (Exception e)
                {
                    var inner = e.InnerException ?? e;
                    var frame = (inner.StackTrace ?? "").Split('\n').FirstOrDefault(l => l.Contains("Ballast.") && !l.Contains("Numerics"))?.Trim() ?? "";
                    findings.Add($"seed {seed}, block {blk}: {e.Message} [{frame}] (markets A/B, caps {p.Caps[0].MaxLeverage}x, band {p.MarkBandPpb}, μ {p.MaintenanceMarginPpb}, σ_ref {risk.SigmaRef})");
                    break;
                }
                foreach (var r in result.Results.Where(r => !r.Accepted))
                {
                    refused++;
                    var code = r.Error?.Name ?? "?";
                    refusals[code] = refusals.GetValueOrDefault(code) + 1;
                }
                a.ShouldConserve();
            }
            opened += a.Engine.Events.Records.Count(r => r.Event is PerpOpened);
            liquidated += (int)a.Perps.Liquidations;
        }
        output.WriteLine($"extreme markets: {n} seeds × 60 blocks, opens {opened}, liquidations {liquidated}, refusals {refused}: " +
            string.Join(", ", refusals.OrderByDescending(x => x.Value).Select(x => $"{x.Key} {x.Value}")));
        foreach (var f in findings.Take(10)) output.WriteLine("  " + f);
        opened.ShouldBeGreaterThan(0, "no open was accepted: the extremes were never traded");
        findings.ShouldBeEmpty($"the engine stopped in {findings.Count} of {n} seeds; first: {findings.FirstOrDefault()}");
    }
}
