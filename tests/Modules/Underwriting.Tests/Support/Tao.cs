using Ballast.Core.Numerics;

namespace Ballast.Underwriting.Tests.Support;

/// <summary>Short forms: TAO amounts in rao, fixed-point numbers from text.</summary>
public static class Tao
{
    public static Amount Of(decimal tokens)
    {
        var units = tokens * Amount.UnitsPerToken;
        if (units < 0 || units != decimal.Truncate(units)) throw new ArgumentException($"{tokens} is not a whole number of rao");
        return new Amount((UInt128)units);
    }

    public static Fixed X(string value) => Fixed.Parse(value);
}
