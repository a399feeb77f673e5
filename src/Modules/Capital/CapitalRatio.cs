using Ballast.Core.Numerics;

namespace Ballast.Capital;

/// <summary>
/// The funding trigger, in one place for every reader: capital ratio = capital / minimum capital; new cover is allowed
/// only at 100% or more. A cover module may use these with the record its <see cref="ICapitalRequirement"/> port returns.
/// </summary>
public static class CapitalRatio
{
    /// <summary>
    /// capital / minimum, rounded down (a ratio errs low); null when the minimum is zero (no requirement to meet) or the
    /// ratio is above 10^19 (beyond what a fixed-point number holds; cover is allowed either way).
    /// </summary>
    public static Fixed? Of(Amount capital, CapitalRequirementRecord requirement)
    {
        var minimum = requirement.MinimumCapital.Units;
        if (minimum == UInt128.Zero || capital.Units / minimum >= RatioLimit) return null;
        return Fixed.Ratio(capital, requirement.MinimumCapital, Rounding.Down);
    }

    private static readonly UInt128 RatioLimit = 10_000_000_000_000_000_000UL;

    /// <summary>Whether capital covers the requirement (ratio ≥ 100%), compared exactly in units.</summary>
    public static bool AllowsCover(Amount capital, CapitalRequirementRecord requirement) => capital >= requirement.MinimumCapital;
}
