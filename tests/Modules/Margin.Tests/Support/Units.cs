using Ballast.Core.Numerics;

namespace Ballast.Margin.Tests.Support;

/// <summary>Short forms for the numbers tests write: TAO and alpha in whole tokens (9 decimals), raw units, decimals.</summary>
public static class Units
{
    /// <summary>Whole or fractional tokens of a 9-decimal token, exactly (<c>Tao(29.919m)</c> = 29,919,000,000 rao).</summary>
    public static Amount Tao(decimal tokens)
    {
        var units = tokens * Amount.UnitsPerToken;
        if (units < 0 || units != decimal.Truncate(units)) throw new ArgumentException($"{tokens} is not a whole number of rao");
        return new Amount((UInt128)units);
    }

    /// <summary>Alpha in whole tokens (the same 9 decimals as TAO).</summary>
    public static Amount Alpha(decimal tokens) => Tao(tokens);

    public static Amount Rao(ulong units) => new(units);

    public static Amount Rao(UInt128 units) => new(units);

    public static Fixed X(string value) => Fixed.Parse(value);

}
