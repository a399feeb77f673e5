using Ballast.Core.Numerics;

namespace Ballast.Underwriting.Pricing;

/// <summary>
/// The post-assessment market's price grid (§7.1.1, §3.3): tick k of T prices a longZCB at k/T and a shortZCB at
/// (T − k)/T, so the two always sum to 1. Amounts are exact: what the payer pays is rounded up, what it receives down.
/// </summary>
public static class Ticks
{
    /// <summary>longZCB price at tick k of T, as an 18-decimal number.</summary>
    public static Fixed LongPrice(int tick, int ticks) => Fixed.Ratio(tick, ticks, Rounding.Down);
    /// <summary>shortZCB price at tick k of T.</summary>
    public static Fixed ShortPrice(int tick, int ticks) => Fixed.Ratio(ticks - tick, ticks, Rounding.Down);

    /// <summary><paramref name="bonds"/>·k/T rounded as asked.</summary>
    public static Amount LongValue(Amount bonds, int tick, int ticks, Rounding rounding) => bonds.MulDiv((UInt128)tick, (UInt128)ticks, rounding);
    /// <summary><paramref name="bonds"/>·(T − k)/T rounded as asked.</summary>
    public static Amount ShortValue(Amount bonds, int tick, int ticks, Rounding rounding) => bonds.MulDiv((UInt128)(ticks - tick), (UInt128)ticks, rounding);
}
