using System.Collections.Immutable;
using System.Numerics;
using Ballast.Capital.Model;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Tests.Model;

/// <summary>
/// The fixed-point LDLᵀ test against an exact reference: fraction-free (Bareiss) elimination in BigInteger, whose k-th
/// diagonal is the k-th leading principal minor of C + εI exactly. Both must fail at the same row, or both pass.
/// </summary>
public sealed class PsdTestAgreementTests
{
    private static int ExactFirstNonPositive(ImmutableArray<ImmutableArray<Ppb>> rows, long tolerancePpb)
    {
        int n = rows.Length;
        var a = new BigInteger[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i, j] = rows[i][j].Value + (i == j ? tolerancePpb : 0);
        BigInteger previous = 1;
        for (int k = 0; k < n; k++)
        {
            var minor = a[k, k];
            if (minor.Sign <= 0) return k;
            for (int i = k + 1; i < n; i++)
                for (int j = k + 1; j < n; j++)
                    a[i, j] = (a[i, j] * minor - a[i, k] * a[k, j]) / previous;
            previous = minor;
        }
        return -1;
    }

    [Fact]
    public void Fixed_point_and_exact_elimination_agree_on_random_symmetric_matrices()
    {
        var rng = new DeterministicRandom(31);
        int refused = 0, accepted = 0;
        for (int t = 0; t < 400; t++)
        {
            int n = 2 + (int)rng.NextBelow(9);
            // A random factor matrix plus a random symmetric perturbation of random size: some PSD, many not, some near the edge.
            int k = 1 + (int)rng.NextBelow((ulong)n);
            var f = new double[n, k];
            for (int i = 0; i < n; i++)
            {
                double norm = 0;
                for (int c = 0; c < k; c++) { f[i, c] = rng.NextDouble() * 2 - 1; norm += f[i, c] * f[i, c]; }
                norm = Math.Sqrt(Math.Max(norm, 1e-12));
                for (int c = 0; c < k; c++) f[i, c] /= norm;
            }
            double noise = Math.Pow(10, -1 - 7 * rng.NextDouble());
            var m = new long[n, n];
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++)
                {
                    if (i == j) { m[i, j] = Ppb.Scale; continue; }
                    double dot = 0;
                    for (int c = 0; c < k; c++) dot += f[i, c] * f[j, c];
                    dot += noise * (rng.NextDouble() * 2 - 1);
                    m[i, j] = m[j, i] = (long)Math.Round(Math.Clamp(dot, -1, 1) * Ppb.Scale);
                }
            var rows = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => new Ppb(m[i, j])).ToImmutableArray()).ToImmutableArray();
            long tolerance = rng.NextDouble() < 0.5 ? 1 : 1_000;
            int exact = ExactFirstNonPositive(rows, tolerance);
            CorrelationMatrix.FirstNonPositivePivot(rows, new Ppb(tolerance), out _).ShouldBe(exact, $"case {t}: n = {n}, noise {noise:G2}");
            if (exact < 0) accepted++; else refused++;
        }
        accepted.ShouldBeGreaterThan(50);
        refused.ShouldBeGreaterThan(50);
    }
}
