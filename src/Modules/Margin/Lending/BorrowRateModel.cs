using Ballast.Core.Numerics;

namespace Ballast.Margin.Lending;

/// <summary>
/// The utilisation-kinked borrow rate per accrual period (Tenexium FeeManager._dynamicBorrowRatePer360), ppb:
/// r = base + U·slope1/kink for U ≤ kink, else base + slope1 + (U − kink)·slope2/(1 − kink). Rounded down.
/// </summary>
internal static class BorrowRateModel
{
    public static Ppb Rate(Ppb utilization, MarginParameters p)
    {
        long u = Math.Clamp(utilization.Value, 0, Ppb.Scale);
        long kink = p.BorrowKinkPpb.Value, rate0 = p.BorrowBaseRatePpbPer360Blocks.Value, slope1 = p.BorrowSlope1PpbPer360Blocks.Value;
        if (u <= kink)
            return new Ppb(rate0 + (long)((Int128)u * slope1 / kink));
        return new Ppb(rate0 + slope1 + (long)((Int128)(u - kink) * p.BorrowSlope2PpbPer360Blocks.Value / (Ppb.Scale - kink)));
    }
}
