using System.Collections.Immutable;
using System.Globalization;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// Checks that a matrix of ppb entries is a correlation matrix: one row per risk, entries in [−1, 1], ones on the
/// diagonal, symmetric, and positive semi-definite within a tolerance ε: accepted when C + εI is positive definite,
/// that is when every eigenvalue of C is above −ε. The test is an LDLᵀ factorisation of C + εI in 18-decimal fixed
/// point (integers, deterministic): the matrix passes when every pivot is positive (each pivot is Δ_k/Δ_(k−1), a ratio
/// of leading principal minors, so this is Sylvester's criterion up to rounding far below ε).
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
    /// Computed in 18-decimal fixed point (<see cref="Fixed"/>'s integers, every product through a 256-bit intermediate,
    /// rounded toward zero): deterministic on every machine and O(n³) machine-integer work, so a record of the largest
    /// allowed size is checked in milliseconds (exact rational elimination grows its numbers with n: 164 s at n = 256).
    /// Rounding moves a pivot by about n·1e-18 times the size of the multipliers, far below ε ≥ 1e-9 for matrices of
    /// this size. <paramref name="pivot"/> is the failing pivot d (for the message only).
    /// </summary>
    public static int FirstNonPositivePivot(ImmutableArray<ImmutableArray<Ppb>> rows, Ppb tolerance, out double pivot)
    {
        int n = rows.Length;
        const long toFixed = 1_000_000_000; // ppb → 1e-18 units
        var one = Fixed.ScaleRaw;
        var l = new Int128[n, n]; // L below the diagonal (unit diagonal implied)
        var d = new Int128[n];
        var v = new Int128[n];    // L[j][k]·d[k] for the row being eliminated
        pivot = 0;
        for (int j = 0; j < n; j++)
        {
            Int128 dj = (Int128)(rows[j][j].Value + tolerance.Value) * toFixed;
            for (int k = 0; k < j; k++)
            {
                v[k] = FullMath.MulDiv(l[j, k], d[k], one, Rounding.Down);
                dj -= FullMath.MulDiv(l[j, k], v[k], one, Rounding.Down);
            }
            if (dj <= 0)
            {
                pivot = (double)dj / 1e18;
                return j;
            }
            d[j] = dj;
            for (int i = j + 1; i < n; i++)
            {
                Int128 a = (Int128)rows[i][j].Value * toFixed;
                for (int k = 0; k < j; k++) a -= FullMath.MulDiv(l[i, k], v[k], one, Rounding.Down);
                l[i, j] = FullMath.MulDiv(a, one, dj, Rounding.Down);
            }
        }
        return -1;
    }
}
