using System.Collections.Immutable;
using Ballast.Capital.Model;
using Ballast.Core.Numerics;
using static Ballast.Capital.Tests.Support.Inputs;

namespace Ballast.Capital.Tests.Model;

/// <summary>Each kind of invalid correlation matrix is refused with its code and a sentence naming the entry.</summary>
public sealed class CorrelationValidationTests
{
    private static readonly RiskCell[] Cells = [Cell("a", 3), Cell("b", 4), Cell("c", 12)];

    private static CapitalInputs With(ImmutableArray<ImmutableArray<Ppb>> correlation) => Single(Module("ido", "TAO", correlation, Cells));

    [Fact]
    public void An_asymmetric_matrix_is_refused_naming_both_entries()
    {
        var r = Refusal(With(Matrix([1, 0.5m, 0], [0.4m, 1, 0], [0, 0, 1])));
        r.Error.ShouldBe(CapitalErrors.CorrelationNotSymmetric);
        r.Message.ShouldBe("module 'ido': correlation[0][1] is 500000000 ppb but correlation[1][0] is 400000000 ppb ('a', 'b'); the matrix must be symmetric");
    }

    [Fact]
    public void An_entry_outside_minus_one_to_one_is_refused()
    {
        var r = Refusal(With(Matrix([1, 0, 0], [0, 1, 1.2m], [0, 1.2m, 1])));
        r.Error.ShouldBe(CapitalErrors.CorrelationOutOfRange);
        r.Message!.ShouldStartWith("module 'ido': correlation[1][2] ('b', 'c') is 1200000000 ppb;");
    }

    [Fact]
    public void A_diagonal_other_than_one_is_refused()
    {
        var r = Refusal(With(Matrix([1, 0, 0], [0, 0.9m, 0], [0, 0, 1])));
        r.Error.ShouldBe(CapitalErrors.CorrelationDiagonalNotOne);
        r.Message!.ShouldStartWith("module 'ido': correlation[1][1] ('b' with itself) is 900000000 ppb");
    }

    [Fact]
    public void Too_few_rows_are_refused()
    {
        var r = Refusal(With(Matrix([1, 0, 0], [0, 1, 0])));
        r.Error.ShouldBe(CapitalErrors.CorrelationWrongSize);
        r.Message.ShouldBe("module 'ido': the correlation matrix has 2 row(s); it needs 3, one per cell");
    }

    [Fact]
    public void A_short_row_is_refused()
    {
        var r = Refusal(With(Matrix([1, 0, 0], [0, 1], [0, 0, 1])));
        r.Error.ShouldBe(CapitalErrors.CorrelationWrongSize);
        r.Message.ShouldBe("module 'ido': row 1 ('b') of the correlation matrix has 2 entries; it needs 3");
    }

    [Fact]
    public void A_matrix_that_is_not_positive_semi_definite_is_refused_at_the_risk_that_breaks_it()
    {
        // a and b +0.9, b and c +0.9, but a and c −0.9: det = 0.19 − 2·0.9·1.71 = −2.888 < 0 while the 2×2 block (0.19) is fine;
        // the third pivot is −2.888/0.19 ≈ −15.2.
        var r = Refusal(With(Matrix([1, 0.9m, -0.9m], [0.9m, 1, 0.9m], [-0.9m, 0.9m, 1])));
        r.Error.ShouldBe(CapitalErrors.CorrelationNotPositiveSemiDefinite);
        r.Message!.ShouldStartWith("module 'ido': the correlation matrix is not positive semi-definite: its LDLᵀ pivot at row 2 ('c') is -15.1998 after adding the tolerance 1000 ppb"); // d = Δ3/Δ2 of C + 1e-6·I: −15.19984 (exact fractions)
    }

    [Fact]
    public void The_module_correlation_is_checked_too_with_the_currency_module_named()
    {
        var inputs = Single(Module("ido", "TAO", Identity(3), Cells)) with { ModuleCorrelation = Matrix([1, 0], [0.3m, 1]) };
        var r = Refusal(inputs);
        r.Error.ShouldBe(CapitalErrors.CorrelationNotSymmetric);
        r.Message.ShouldBe("moduleCorrelation: correlation[0][1] is 0 ppb but correlation[1][0] is 300000000 ppb ('ido', 'currency module'); the matrix must be symmetric");
    }

    [Fact]
    public void A_singular_matrix_is_accepted_and_the_tolerance_decides_a_slightly_indefinite_one()
    {
        // ρ = 1 everywhere is singular (eigenvalues 3, 0, 0): positive semi-definite, accepted.
        Compute(With(AllOnes(3))).MinimumCapital.ShouldBe(Tokens(19));
        // Corr(a,b) = Corr(b,c) = 1 and Corr(a,c) = 1 − 2δ: on (1,0,−1) the eigenvalue is 2δ; on span{(1,0,1), (0,1,0)}
        // the matrix acts as [[2 − 2δ, 1], [2, 1]] (trace 3 − 2δ, determinant −2δ), so λ_min ≈ −2δ/3: slightly indefinite.
        var delta = 600L; // ppb
        var m = ImmutableArray.Create(
            ImmutableArray.Create(Ppb.One, Ppb.One, new Ppb(Ppb.Scale - 2 * delta)),
            ImmutableArray.Create(Ppb.One, Ppb.One, Ppb.One),
            ImmutableArray.Create(new Ppb(Ppb.Scale - 2 * delta), Ppb.One, Ppb.One));
        double lambdaMin = SmallestEigenvalue(m);
        lambdaMin.ShouldBeLessThan(0);
        lambdaMin.ShouldBeGreaterThan(-1e-6); // within the default tolerance of 1e-6
        Compute(With(m)); // accepted at ε = 1,000 ppb
        Refusal(With(m), tolerance: new Ppb(1)).Error.ShouldBe(CapitalErrors.CorrelationNotPositiveSemiDefinite); // refused at ε = 1 ppb
    }

    /// <summary>The smallest eigenvalue of a symmetric 3×3 matrix in ppb, by Jacobi rotations (an independent reference).</summary>
    private static double SmallestEigenvalue(ImmutableArray<ImmutableArray<Ppb>> m)
    {
        int n = m.Length;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i, j] = m[i][j].Value / 1e9;
        for (int sweep = 0; sweep < 100; sweep++)
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                }
        return Enumerable.Range(0, n).Min(i => a[i, i]);
    }

    [Fact]
    public void Inputs_with_a_module_in_an_unlisted_currency_are_refused()
    {
        var inputs = Single(Module("alpha", "SN9", Identity(1), Cell("x", 1)));
        var r = Refusal(inputs);
        r.Error.ShouldBe(CapitalErrors.UnknownCurrency);
        r.Message.ShouldBe("module 'alpha' is in 'SN9', which is neither the base token 'TAO' nor listed in currencies (with the value held and its rate)");
    }

    [Fact]
    public void Duplicate_names_bad_names_and_bad_values_are_refused()
    {
        Refusal(Single(Module("ido", "TAO", Identity(2), Cell("a", 1), Cell("a", 2)))).Error.ShouldBe(CapitalErrors.DuplicateName);
        Refusal(Single(Module("i do", "TAO", Identity(1), Cell("a", 1)))).Error.ShouldBe(CapitalErrors.InvalidName);
        Refusal(Single(Module("ido", "TAO", Identity(1), new RiskCell("a", Tokens(1), P(1.5m))))).Error.ShouldBe(CapitalErrors.InvalidValue);
        Refusal(Single(Module("ido", "TAO", Identity(0)))).Error.ShouldBe(CapitalErrors.InvalidShape);
        var rate = new CapitalInputs("TAO", 0, Amount.Zero, [Module("alpha", "SN4", Identity(1), Cell("a", 1))], [new CurrencyHolding("SN4", Amount.Zero, Fixed.Zero)], Identity(2));
        Refusal(rate).Error.ShouldBe(CapitalErrors.InvalidValue);
    }
}
