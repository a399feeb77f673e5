using System.Collections.Immutable;
using System.Numerics;
using Ballast.Capital.Model;
using Ballast.Core.Numerics;
using static Ballast.Capital.Tests.Support.Inputs;

namespace Ballast.Capital.Tests.Model;

/// <summary>
/// Seeded random checks of the model's invariants against an independent reference in doubles: random valid
/// correlation matrices built from random factor loadings, random exposures.
/// </summary>
public sealed class CapitalModelProperties
{
    private const int Cases = 300;

    /// <summary>
    /// A random correlation matrix: rows of a random n×k loading matrix L (k ≤ n factors, so often singular), normalised,
    /// C = L·Lᵀ, rounded to ppb. Positive semi-definite by construction; rounding moves eigenvalues by at most n/2 ppb.
    /// Loadings of one sign give correlations in [0, 1].
    /// </summary>
    private static ImmutableArray<ImmutableArray<Ppb>> RandomCorrelation(DeterministicRandom rng, int n, bool nonNegative = false)
    {
        int k = 1 + (int)rng.NextBelow((ulong)n);
        var l = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            double norm = 0;
            for (int f = 0; f < k; f++) { l[i, f] = nonNegative ? rng.NextDouble() : rng.NextDouble() * 2 - 1; norm += l[i, f] * l[i, f]; }
            norm = Math.Sqrt(norm);
            if (norm == 0) { l[i, 0] = 1; norm = 1; }
            for (int f = 0; f < k; f++) l[i, f] /= norm;
        }
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<Ppb>>(n);
        for (int i = 0; i < n; i++)
        {
            var row = ImmutableArray.CreateBuilder<Ppb>(n);
            for (int j = 0; j < n; j++)
            {
                if (i == j) { row.Add(Ppb.One); continue; }
                // Symmetric by computing the same dot product for (i, j) and (j, i) in the same order.
                int a = Math.Min(i, j), b = Math.Max(i, j);
                double dot = 0;
                for (int f = 0; f < k; f++) dot += l[a, f] * l[b, f];
                row.Add(new Ppb((long)Math.Round(Math.Clamp(dot, -1, 1) * Ppb.Scale)));
            }
            rows.Add(row.MoveToImmutable());
        }
        return rows.MoveToImmutable();
    }

    private static RiskCell[] RandomCells(DeterministicRandom rng, int n) =>
        [.. Enumerable.Range(0, n).Select(i => new RiskCell($"c{i}", new Amount(rng.NextBelow(1_000_000_000_000_000) + 1), new Ppb((long)rng.NextBelow(Ppb.Scale + 1))))];

    /// <summary>The reference: the same formula in doubles, √(Σ ρ·x·x) with ρ and x as doubles.</summary>
    private static double Reference(IReadOnlyList<double> x, ImmutableArray<ImmutableArray<Ppb>> c)
    {
        double s = 0;
        for (int i = 0; i < x.Count; i++)
            for (int j = 0; j < x.Count; j++)
                s += c[i][j].Value / 1e9 * x[i] * x[j];
        return Math.Sqrt(Math.Max(0, s));
    }

    [Fact]
    public void Random_factor_correlation_matrices_are_accepted_and_the_root_matches_a_double_reference()
    {
        var rng = new DeterministicRandom(2026);
        for (int t = 0; t < Cases; t++)
        {
            int n = 1 + (int)rng.NextBelow(12);
            var correlation = RandomCorrelation(rng, n);
            var cells = RandomCells(rng, n);
            var b = Compute(Single(Module("m", "TAO", correlation, cells)));
            var exposures = b.Modules[0].Cells.Select(c => (double)c.Exposure.Units).ToArray();
            double expected = Reference(exposures, correlation);
            double actual = (double)b.Modules[0].Requirement.Units;
            // The exact result is the reference rounded up to a unit; doubles carry ~1e-15 relative error per term.
            Math.Abs(actual - expected).ShouldBeLessThanOrEqualTo(1 + 1e-9 * Math.Max(1, expected), $"case {t}: n = {n}");
        }
    }

    [Fact]
    public void The_exact_root_is_the_smallest_unit_whose_square_covers_the_sum()
    {
        var rng = new DeterministicRandom(7);
        for (int t = 0; t < Cases; t++)
        {
            int n = 1 + (int)rng.NextBelow(8);
            var correlation = RandomCorrelation(rng, n);
            var x = Enumerable.Range(0, n).Select(_ => (BigInteger)rng.NextUInt64() * rng.NextUInt64()).ToArray();
            BigInteger sum = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    sum += correlation[i][j].Value * x[i] * x[j];
            var root = CapitalModel.CorrelatedRoot(x, correlation);
            if (sum.Sign <= 0) { root.ShouldBe(BigInteger.Zero); continue; }
            // root² · 1e9 ≥ sum > (root − 1)² · 1e9: the ceiling of √(sum / 1e9), exactly.
            (root * root * Ppb.Scale >= sum).ShouldBeTrue($"case {t}");
            ((root - 1) * (root - 1) * Ppb.Scale < sum).ShouldBeTrue($"case {t}");
        }
    }

    [Fact]
    public void More_exposure_never_lowers_the_requirement_for_non_negative_correlations()
    {
        // With negative correlations more exposure in one cell can hedge another (a genuine property of the formula),
        // so monotonicity is asserted where it holds: correlations in [0, 1] (factor loadings of one sign).
        // (Exact monotonicity: every term ρ·x_i·x_j with ρ ≥ 0 grows with x_k, and the ceiling root is monotone.)
        var rng = new DeterministicRandom(11);
        for (int t = 0; t < Cases; t++)
        {
            int n = 1 + (int)rng.NextBelow(10);
            var nonNegative = RandomCorrelation(rng, n, nonNegative: true);
            var cells = RandomCells(rng, n);
            var before = Compute(Single(Module("m", "TAO", nonNegative, cells))).MinimumCapital;
            int k = (int)rng.NextBelow((ulong)n);
            cells[k] = cells[k] with { Cover = cells[k].Cover + new Amount(rng.NextBelow(1_000_000_000_000) + 1) };
            Compute(Single(Module("m", "TAO", nonNegative, cells))).MinimumCapital.ShouldBeGreaterThanOrEqualTo(before, $"case {t}");
        }
    }

    [Fact]
    public void Full_correlation_is_at_least_independence_and_each_lies_between_the_largest_cell_and_the_sum()
    {
        var rng = new DeterministicRandom(13);
        for (int t = 0; t < Cases; t++)
        {
            int n = 1 + (int)rng.NextBelow(16);
            var cells = RandomCells(rng, n);
            var full = Compute(Single(Module("m", "TAO", AllOnes(n), cells)));
            var independent = Compute(Single(Module("m", "TAO", Identity(n), cells)));
            var exposures = full.Modules[0].Cells.Select(c => c.Exposure.Units).ToArray();
            var sum = exposures.Aggregate(UInt128.Zero, (a, e) => a + e);
            full.MinimumCapital.Units.ShouldBe(sum); // ρ = 1: √((Σx)²) = Σx exactly
            independent.MinimumCapital.ShouldBeLessThanOrEqualTo(full.MinimumCapital);
            independent.MinimumCapital.Units.ShouldBeGreaterThanOrEqualTo(exposures.Max());
        }
    }

    [Fact]
    public void The_requirement_does_not_depend_on_the_order_of_the_cells()
    {
        var rng = new DeterministicRandom(17);
        for (int t = 0; t < 100; t++)
        {
            int n = 2 + (int)rng.NextBelow(8);
            var correlation = RandomCorrelation(rng, n);
            var cells = RandomCells(rng, n);
            var order = Enumerable.Range(0, n).OrderBy(_ => rng.NextUInt64()).ToArray();
            var permuted = order.Select(i => order.Select(j => correlation[i][j]).ToImmutableArray()).ToImmutableArray();
            Compute(Single(Module("m", "TAO", permuted, [.. order.Select(i => cells[i])]))).MinimumCapital
                .ShouldBe(Compute(Single(Module("m", "TAO", correlation, cells))).MinimumCapital, $"case {t}");
        }
    }
}

/// <summary>The currency and combining modules against an independent reference in doubles, on random inputs.</summary>
public sealed class CurrencyAndCombiningProperties
{
    [Fact]
    public void Each_currency_loses_the_shock_times_the_net_position_either_way_and_the_total_matches_a_double_reference()
    {
        var rng = new DeterministicRandom(23);
        for (int t = 0; t < 200; t++)
        {
            int modules = 1 + (int)rng.NextBelow(4);
            var currency = $"SN{1 + rng.NextBelow(3)}";
            var cover = new Amount(rng.NextBelow(1_000_000_000_000_000) + 1);
            var held = new Amount(rng.NextBelow(2_000_000_000_000_000));
            var rate = Fixed.Ratio((long)rng.NextBelow(1_000_000) + 1, 1_000_000, Rounding.Down); // (0, 1] TAO per token
            long shockPpb = (long)rng.NextBelow(Ppb.Scale) + 1;
            var list = Enumerable.Range(0, modules).Select(i => i == 0
                ? Module("foreign", currency, Identity(1), new RiskCell("x", cover, Ppb.One))
                : Module($"m{i}", "TAO", Identity(1), new RiskCell("x", new Amount(rng.NextBelow(1_000_000_000_000_000) + 1), Ppb.One))).ToArray();
            var moduleCorrelation = Identity(modules + 1);
            var inputs = new CapitalInputs("TAO", 0, Amount.Zero, [.. list], [new CurrencyHolding(currency, held, rate)], moduleCorrelation, new Ppb(shockPpb));
            var b = Compute(inputs);
            double net = (double)cover.Units - (double)held.Units, s = shockPpb / 1e9, fx = rate.ToDouble();
            var line = b.Currencies.ShouldHaveSingleItem();
            // Up loses when the requirement exceeds holdings, down when holdings exceed it; the worse counts.
            if (net > 0) line.ShockDownLoss.ShouldBe(Amount.Zero); else line.ShockUpLoss.ShouldBe(Amount.Zero);
            ((double)line.Worse.Units).ShouldBe(s * Math.Abs(net) * fx, 1 + 1e-9 * s * Math.Abs(net) * fx, $"case {t}");
            // Combined with independent modules: the root of the sum of squares of the base-unit requirements and ALT_fx.
            double expected = Math.Sqrt(b.Modules.Sum(m => Math.Pow((double)m.RequirementInBase.Units, 2)) + Math.Pow((double)b.FxRequirement.Units, 2));
            ((double)b.Combined.Units).ShouldBe(expected, 2 + 1e-9 * expected, $"case {t}");
        }
    }
}
