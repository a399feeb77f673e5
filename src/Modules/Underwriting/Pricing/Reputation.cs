using Ballast.Core.Numerics;

namespace Ballast.Underwriting.Pricing;

/// <summary>
/// Seed 002 §7.2: a manager's implied probability of success from its assessment purchase and budget, and the Brier
/// score the reputation update rests on.
/// </summary>
public static class Reputation
{
    /// <summary>
    /// p_j = (x_j/a_j)·R_j·(1 − R_j) + R_j: x_j the longZCB bought, a_j the budget (in the asset's units), R_j the
    /// average price paid. Clamped to [0, 1] (with x_j·R_j ≤ a_j and R_j ≤ 1 it already is).
    /// </summary>
    public static Fixed ImpliedProbability(Amount bonds, Amount budget, Fixed averagePrice)
    {
        if (budget.IsZero || bonds.IsZero) return Fixed.Max(Fixed.Zero, Fixed.Min(Fixed.One, averagePrice));
        var r = Fixed.Max(Fixed.Zero, Fixed.Min(Fixed.One, averagePrice));
        var share = Fixed.Ratio(bonds, budget, Rounding.Down);
        var p = share.Mul(r, Rounding.Down).Mul(Fixed.One - r, Rounding.Down) + r;
        return Fixed.Min(Fixed.One, p);
    }

    /// <summary>The average price R_j = cost/bonds, rounded down.</summary>
    public static Fixed AveragePrice(Amount cost, Amount bonds) => bonds.IsZero ? Fixed.Zero : Fixed.Ratio(cost, bonds, Rounding.Down);

    /// <summary>The Brier score (p − o)² of forecast <paramref name="probability"/> for outcome o ∈ {0, 1}.</summary>
    public static Fixed Brier(Fixed probability, bool succeeded)
    {
        var d = probability - (succeeded ? Fixed.One : Fixed.Zero);
        return d.Mul(d, Rounding.Down);
    }

    /// <summary>
    /// The score after one outcome: score + k·(¼ − Brier), floored at 0. A forecast better than a coin's (Brier ¼)
    /// raises the score, a worse one lowers it; k (<c>ReputationStep</c>) sets the size of a step.
    /// </summary>
    public static Fixed Update(Fixed score, Fixed probability, bool succeeded, Fixed step)
    {
        var quarter = Fixed.One.DivInt(4, Rounding.Down);
        var next = score + step.Mul(quarter - Brier(probability, succeeded), Rounding.Down);
        return next.IsNegative ? Fixed.Zero : next;
    }
}
