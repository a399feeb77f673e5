using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// Checks that a matrix of ppb entries is a correlation matrix: one row per risk, entries in [−1, 1], ones on the
/// diagonal, symmetric, and positive semi-definite within a tolerance ε: accepted when C + εI is positive definite,
/// that is when every eigenvalue of C is above −ε. The test is an LDLᵀ factorisation done fraction-free (Bareiss) in
/// exact integers: the k-th pivot is Δ_k/Δ_(k−1), a ratio of leading principal minors of C + εI, so the matrix passes
/// exactly when every leading minor is positive (Sylvester). No rounding decides acceptance.
/// </summary>
public static class CorrelationMatrix
{
    /// <summary>
    /// The PSD tolerance ε by default: 1,000 ppb (1e-6). Rounding each entry of a valid matrix to a ppb moves its
    /// eigenvalues by at most n·0.5 ppb (Gershgorin), so a rounded valid matrix of up to 2,000 risks passes, while a
    /// matrix with an eigenvalue below −1e-6 is refused (docs/capital.md).
    /// </summary>
    public static readonly Ppb DefaultTolerance = new(1_000);

    /// <summary>
    /// Accepts or refuses <paramref name="matrix"/> for the risks named by <paramref name="labels"/> (each a
    /// <paramref name="riskKind"/>: cell, module); the sentence names <paramref name="subject"/> (<c>module 'ido'</c>)
    /// and the entry or risk at fault.
    /// </summary>
    public static TxResult Validate(ImmutableArray<ImmutableArray<Ppb>> matrix, IReadOnlyList<string> labels, string subject, string riskKind, Ppb tolerance)
    {
        int n = labels.Count;
        var rows = matrix.IsDefault ? [] : matrix;
        if (rows.Length != n)
            return TxResult.Reject(CapitalErrors.CorrelationWrongSize,
                $"{subject}: the correlation matrix has {rows.Length} row(s); it needs {n}, one per {riskKind}");
        for (int i = 0; i < n; i++)
        {
            var row = rows[i].IsDefault ? [] : rows[i];
            if (row.Length != n)
                return TxResult.Reject(CapitalErrors.CorrelationWrongSize,
                    $"{subject}: row {i} ('{labels[i]}') of the correlation matrix has {row.Length} entries; it needs {n}");
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                long v = rows[i][j].Value;
                if (v < -Ppb.Scale || v > Ppb.Scale)
                    return TxResult.Reject(CapitalErrors.CorrelationOutOfRange,
                        $"{subject}: correlation[{i}][{j}] ('{labels[i]}', '{labels[j]}') is {v} ppb; a correlation lies in [-1000000000, 1000000000] ppb (−1 to 1)");
            }
        for (int i = 0; i < n; i++)
            if (rows[i][i].Value != Ppb.Scale)
                return TxResult.Reject(CapitalErrors.CorrelationDiagonalNotOne,
                    $"{subject}: correlation[{i}][{i}] ('{labels[i]}' with itself) is {rows[i][i].Value} ppb; the diagonal is 1000000000 ppb (1)");
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (rows[i][j] != rows[j][i])
                    return TxResult.Reject(CapitalErrors.CorrelationNotSymmetric,
                        $"{subject}: correlation[{i}][{j}] is {rows[i][j].Value} ppb but correlation[{j}][{i}] is {rows[j][i].Value} ppb ('{labels[i]}', '{labels[j]}'); the matrix must be symmetric");
        int failed = FirstNonPositivePivot(rows, tolerance, out double pivot);
        if (failed >= 0)
            return TxResult.Reject(CapitalErrors.CorrelationNotPositiveSemiDefinite,
                $"{subject}: the correlation matrix is not positive semi-definite: its LDLᵀ pivot at row {failed} ('{labels[failed]}') is " +
                $"{pivot.ToString("G6", CultureInfo.InvariantCulture)} after adding the tolerance {tolerance.Value} ppb to the diagonal; " +
                $"the correlations of '{labels[failed]}' with the {riskKind}s before it are inconsistent (no set of risks has them)");
        return TxResult.Ok;
    }

    /// <summary>
    /// The first row whose LDLᵀ pivot of C + εI is not positive, or −1 when all are (C + εI positive definite).
    /// Fraction-free elimination: after step k, a[k][k] is the (k+1)-th leading principal minor Δ_(k+1), in units of
    /// ppb^(k+1), and every division is exact. <paramref name="pivot"/> is d = Δ_(k+1)/Δ_k as a fraction (for the message only).
    /// </summary>
    public static int FirstNonPositivePivot(ImmutableArray<ImmutableArray<Ppb>> rows, Ppb tolerance, out double pivot)
    {
        int n = rows.Length;
        var a = new BigInteger[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i, j] = rows[i][j].Value + (i == j ? tolerance.Value : 0);
        BigInteger previous = BigInteger.One;
        pivot = 0;
        for (int k = 0; k < n; k++)
        {
            var minor = a[k, k];
            if (minor.Sign <= 0)
            {
                // d_k = Δ_(k+1) / Δ_k, with Δ in ppb^(k+1) and ppb^k: one ppb scale between them.
                pivot = Ratio(minor, previous * Ppb.Scale);
                return k;
            }
            for (int i = k + 1; i < n; i++)
                for (int j = k + 1; j < n; j++)
                    a[i, j] = (a[i, j] * minor - a[i, k] * a[k, j]) / previous;
            previous = minor;
        }
        return -1;
    }

    private static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        // Scale both down together so the doubles stay finite; the sign and leading digits are what the message needs.
        int shift = (int)Math.Max(0, Math.Max(BigInteger.Abs(numerator).GetBitLength(), denominator.GetBitLength()) - 900);
        return (double)(numerator >> shift) / (double)(denominator >> shift);
    }
}
