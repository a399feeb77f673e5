namespace Ballast.Margin.Lending;

/// <summary>
/// The utilisation-kinked borrow rate per accrual period (Tenexium FeeManager._dynamicBorrowRatePer360), ppb:
/// r = base + U·slope1/kink for U ≤ kink, else base + slope1 + (U − kink)·slope2/(1 − kink). Rounded down.
/// </summary>
public static class BorrowRateModel
{
    public static long RatePpb(long utilizationPpb, MarginParameters p)
    {
        long u = Math.Clamp(utilizationPpb, 0, MarginParameters.Ppb);
        if (u <= p.BorrowKinkPpb)
            return p.BorrowBaseRatePpbPer360Blocks + (long)((Int128)u * p.BorrowSlope1PpbPer360Blocks / p.BorrowKinkPpb);
        return p.BorrowBaseRatePpbPer360Blocks + p.BorrowSlope1PpbPer360Blocks
            + (long)((Int128)(u - p.BorrowKinkPpb) * p.BorrowSlope2PpbPer360Blocks / (MarginParameters.Ppb - p.BorrowKinkPpb));
    }
}
