using System.Numerics;
using Ballast.Core.Numerics;

namespace Ballast.Margin.Tests.Support;

/// <summary>The constant-product quote written out in BigInteger, as a test's independent reference: out = ⌊y·Δ/(x + Δ)⌋.</summary>
public static class Cp
{
    public static Amount Out(Amount reserveIn, Amount reserveOut, Amount amountIn)
    {
        var x = (BigInteger)reserveIn.Units;
        var y = (BigInteger)reserveOut.Units;
        var d = (BigInteger)amountIn.Units;
        return new Amount((UInt128)(y * d / (x + d)));
    }

    /// <summary>⌈a·b/c⌉ and ⌊a·b/c⌋ in BigInteger.</summary>
    public static UInt128 MulDivUp(UInt128 a, UInt128 b, UInt128 c)
    {
        var n = (BigInteger)a * b;
        return (UInt128)((n + c - 1) / c);
    }

    public static UInt128 MulDivDown(UInt128 a, UInt128 b, UInt128 c) => (UInt128)((BigInteger)a * b / c);
}
