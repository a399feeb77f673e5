using System.Collections.Immutable;
using Ballast.Core.Numerics;
using Ballast.Simulation.Prices;

namespace Ballast.Simulation.Tests.Prices;

/// <summary>
/// Each model's log returns against their closed forms, from one seeded path of many blocks. Tolerances are about
/// four standard errors of the estimator, so a wrong formula fails and a right one passes for any seed.
/// </summary>
public class PriceModelMomentTests
{
    private const int Blocks = 200_000;

    private static double[] LogReturns(IPriceModel model, ulong seed, int blocks = Blocks, double start = 100)
    {
        var path = model.Start(start, new DeterministicRandom(seed));
        var r = new double[blocks];
        double last = Math.Log(path.Price);
        for (int i = 0; i < blocks; i++)
        {
            path.Step();
            double now = Math.Log(path.Price);
            r[i] = now - last;
            last = now;
        }
        return r;
    }

    private static (double Mean, double Variance) Moments(double[] r)
    {
        double mean = r.Average();
        return (mean, r.Sum(x => (x - mean) * (x - mean)) / (r.Length - 1));
    }

    [Fact]
    public void Gbm_log_returns_have_mean_mu_minus_half_sigma_squared_and_variance_sigma_squared()
    {
        double mu = 2e-4, sigma = 0.01;
        var (mean, variance) = Moments(LogReturns(new GbmModel(mu, sigma), 7));
        double se = sigma / Math.Sqrt(Blocks);
        mean.ShouldBe(mu - sigma * sigma / 2, 4 * se);
        // Var of the sample variance of normals: 2σ⁴/(n−1).
        variance.ShouldBe(sigma * sigma, 4 * Math.Sqrt(2.0 / Blocks) * sigma * sigma);
    }

    [Fact]
    public void Gbm_normal_draws_have_normal_tails()
    {
        double sigma = 0.01;
        var r = LogReturns(new GbmModel(0, sigma), 11).Select(x => (x + sigma * sigma / 2) / sigma).ToArray();
        // P(|Z| > 1.96) = 5%, P(|Z| > 2.576) = 1%.
        (r.Count(x => Math.Abs(x) > 1.959963985) / (double)Blocks).ShouldBe(0.05, 4 * Math.Sqrt(0.05 * 0.95 / Blocks));
        (r.Count(x => Math.Abs(x) > 2.575829304) / (double)Blocks).ShouldBe(0.01, 4 * Math.Sqrt(0.01 * 0.99 / Blocks));
    }

    [Fact]
    public void Merton_jumps_arrive_at_rate_lambda_with_their_size_distribution()
    {
        // Jumps far larger than the diffusion, so each block's return shows whether it jumped.
        double lambda = 0.01, m = -0.5, s = 0.05, sigma = 1e-4;
        var r = LogReturns(new MertonJumpModel(0, sigma, lambda, m, s), 13);
        var jumps = r.Where(x => x < -0.2).ToArray();
        double rate = jumps.Length / (double)Blocks;
        // P(≥ 1 jump) = 1 − e^{−λ}.
        rate.ShouldBe(1 - Math.Exp(-lambda), 4 * Math.Sqrt(lambda / Blocks));
        double jumpMean = jumps.Average();
        jumpMean.ShouldBe(m, 0.02); // a few double jumps (λ²/2 of blocks) pull it slightly below m
        Math.Sqrt(Moments(jumps).Variance).ShouldBe(s, 0.01);
    }

    [Fact]
    public void Merton_drift_is_compensated_so_the_price_has_mean_growth_mu()
    {
        // E[S_1/S_0] = e^{μ} per block: the average of e^{r} over many blocks.
        double mu = 1e-4, lambda = 0.05, m = -0.1, s = 0.05, sigma = 0.005;
        var r = LogReturns(new MertonJumpModel(mu, sigma, lambda, m, s), 17);
        double growth = r.Average(Math.Exp);
        double sd = Math.Sqrt(r.Select(Math.Exp).Select(x => (x - growth) * (x - growth)).Average());
        growth.ShouldBe(Math.Exp(mu), 4 * sd / Math.Sqrt(Blocks));
    }

    [Fact]
    public void Laplace_returns_have_scale_b_as_mean_absolute_deviation_and_excess_kurtosis_three()
    {
        double b = 0.004, mu = 1e-5;
        var r = LogReturns(new LaplaceModel(mu, b), 19);
        r.Average().ShouldBe(mu, 4 * b * Math.Sqrt(2.0 / Blocks));
        r.Average(x => Math.Abs(x - mu)).ShouldBe(b, 4 * b / Math.Sqrt(Blocks));
        var (mean, variance) = Moments(r);
        variance.ShouldBe(2 * b * b, 4 * Math.Sqrt(20.0 / Blocks) * b * b); // Var of the sample variance: (μ₄ − σ⁴)/n = 20b⁴/n
        double kurtosis = r.Average(x => Math.Pow(x - mean, 4)) / (variance * variance);
        kurtosis.ShouldBe(6, 0.3);
        // P(|X| > t) = e^{−t/b}.
        (r.Count(x => Math.Abs(x - mu) > 3 * b) / (double)Blocks).ShouldBe(Math.Exp(-3), 4 * Math.Sqrt(Math.Exp(-3) / Blocks));
    }

    [Fact]
    public void Regime_durations_are_geometric_with_the_declared_means()
    {
        var model = new RegimeSwitchingModel([new Regime("calm", 0, 0.001, 200), new Regime("storm", 0, 0.01, 50)]);
        var path = (RegimeSwitchingModel.RegimePath)model.Start(100, new DeterministicRandom(23));
        var durations = new List<int>[] { [], [] };
        int current = path.Current, length = 0;
        var storm = new List<double>();
        double last = Math.Log(path.Price);
        for (int i = 0; i < 2_000_000; i++)
        {
            path.Step();
            if (path.Current == 1) storm.Add(Math.Log(path.Price) - last);
            last = Math.Log(path.Price);
            if (path.Current == current) { length++; continue; }
            durations[current].Add(length + 1 - 1 == 0 ? 1 : length);
            current = path.Current;
            length = 1;
        }
        // A stay that began with the switch counts its first block: mean = 1/p.
        durations[0].Average().ShouldBe(200, 4 * 200 / Math.Sqrt(durations[0].Count));
        durations[1].Average().ShouldBe(50, 4 * 50 / Math.Sqrt(durations[1].Count));
        // Time share: 200/(200+50).
        (durations[0].Sum() / (double)(durations[0].Sum() + durations[1].Sum())).ShouldBe(0.8, 0.02);
        Math.Sqrt(Moments(storm.ToArray()).Variance).ShouldBe(0.01, 0.0003);
    }

    [Fact]
    public void Block_bootstrap_replays_contiguous_blocks_of_the_history_spread_over_its_blocks()
    {
        // Distinct historical returns, so each drawn block can be located in the history.
        var history = Enumerable.Range(1, 50).Select(i => i * 1e-4).ToImmutableArray();
        var model = new BlockBootstrapModel(history, BlockLength: 5, BlocksPerReturn: 2);
        var r = LogReturns(model, 29, 2_000, 1);
        for (int i = 0; i < r.Length; i += 2) r[i].ShouldBe(r[i + 1], 1e-15); // each return spread over two blocks
        var drawn = Enumerable.Range(0, r.Length / 2).Select(i => (int)Math.Round(r[2 * i] * 2 / 1e-4)).ToArray();
        drawn.ShouldAllBe(k => k >= 1 && k <= 50);
        for (int blockStart = 0; blockStart < drawn.Length; blockStart += 5)
            for (int j = 1; j < 5; j++)
                drawn[blockStart + j].ShouldBe(drawn[blockStart + j - 1] % 50 + 1); // consecutive, wrapping
    }

    [Fact]
    public void The_same_seed_gives_the_same_path_and_another_seed_another()
    {
        var model = new MertonJumpModel(0, 0.01, 0.01, -0.1, 0.05);
        LogReturns(model, 5, 1000).ShouldBe(LogReturns(model, 5, 1000));
        LogReturns(model, 5, 1000).ShouldNotBe(LogReturns(model, 6, 1000));
    }
}
