namespace Ballast.Cover.Tests.Pricing;

/// <summary>
/// An independent reference in double: seeded Monte Carlo of the average-price put on a lognormal price, averaged at
/// m equally spaced points of the window [t0, T], with the discrete geometric-average put (closed form) as a control
/// variate; then the continuous-averaging value by adding the closed-form gap between the continuous and discrete
/// geometric puts (the bias of m points is, to first order, the same for both averages).
/// </summary>
internal static class AsianMonteCarlo
{
    public static (double Value, double StandardError) Put(double s, double k, double sigma, double r, double t, double tau, int steps, int paths, int seed)
    {
        var rng = new Random(seed);
        double t0 = t - tau, dt = tau / steps, drift = (r - sigma * sigma / 2) * dt, diffusion = sigma * Math.Sqrt(dt);
        double discount = Math.Exp(-r * t), geometricExact = GeometricDiscrete(s, k, sigma, r, t, t0, steps);
        var a = new double[paths];
        var g = new double[paths];
        for (int p = 0; p < paths; p++)
        {
            double ln = Math.Log(s) + (t0 > 0 ? (r - sigma * sigma / 2) * t0 + sigma * Math.Sqrt(t0) * Gaussian(rng) : 0);
            double sum = 0, sumLn = 0;
            for (int j = 0; j < steps; j++)
            {
                ln += drift + diffusion * Gaussian(rng);
                sum += Math.Exp(ln);
                sumLn += ln;
            }
            a[p] = discount * Math.Max(k - sum / steps, 0);
            g[p] = discount * Math.Max(k - Math.Exp(sumLn / steps), 0);
        }
        double ma = a.Average(), mg = g.Average(), cov = 0, varG = 0;
        for (int p = 0; p < paths; p++) { cov += (a[p] - ma) * (g[p] - mg); varG += (g[p] - mg) * (g[p] - mg); }
        double b = varG > 0 ? cov / varG : 0;
        double estimate = ma - b * (mg - geometricExact);
        double varResidual = 0;
        for (int p = 0; p < paths; p++) { var res = a[p] - b * (g[p] - mg) - (ma - b * 0); varResidual += res * res; }
        double se = Math.Sqrt(varResidual / (paths - 1) / paths);
        double continuousGap = GeometricContinuous(s, k, sigma, r, t, t0) - geometricExact;
        return (estimate + continuousGap, se);
    }

    /// <summary>The put on the geometric average of m points t0 + jτ/m (j = 1..m): ln G is normal.</summary>
    public static double GeometricDiscrete(double s, double k, double sigma, double r, double t, double t0, int m)
    {
        double d = (t - t0) / m;
        double mean = Math.Log(s) + (r - sigma * sigma / 2) * (t0 + d * (m + 1) / 2);
        double v2 = sigma * sigma * (t0 + d * (m + 1.0) * (2.0 * m + 1) / (6.0 * m));
        return GeometricPut(k, r, t, mean, v2);
    }

    public static double GeometricContinuous(double s, double k, double sigma, double r, double t, double t0)
    {
        double tau = t - t0;
        return GeometricPut(k, r, t, Math.Log(s) + (r - sigma * sigma / 2) * (t0 + tau / 2), sigma * sigma * (t0 + tau / 3));
    }

    private static double GeometricPut(double k, double r, double t, double mean, double v2)
    {
        double v = Math.Sqrt(v2), d1 = (mean - Math.Log(k) + v2) / v, d2 = d1 - v;
        return Math.Exp(-r * t) * (k * Phi(-d2) - Math.Exp(mean + v2 / 2) * Phi(-d1));
    }

    /// <summary>Φ in double: W. J. Cody's erfc-free route through the Abramowitz–Stegun 26.2.17 form is too coarse; this sums the series / continued fraction in double.</summary>
    public static double Phi(double x)
    {
        if (x < 0) return 1 - Phi(-x);
        double density = Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
        if (x < 3)
        {
            double term = x, sum = 0;
            for (int n = 1; term > 1e-18; n++) { sum += term; term *= x * x / (2 * n + 1); }
            return 0.5 + density * sum;
        }
        double t = x;
        for (int k = 80; k >= 1; k--) t = x + k / t;
        return 1 - density / t;
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
