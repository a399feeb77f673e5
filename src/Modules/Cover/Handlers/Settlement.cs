using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Model;

namespace Ballast.Cover.Handlers;

/// <summary>
/// The averaging window and settlement. Each block b of a project's window [W, S) gives one sample: the price
/// source's TWAP over [b, b + 1) (the price in effect through block b: a pool price moved inside a block counts from
/// that block on, as the oracle's accumulator works), read by the hook of block b + 1, or a missing sample when the
/// source is stale or unknown. The TWAP average is then exactly the oracle's TWAP over the window (rounded up).
/// </summary>
internal static class Settlement
{
    /// <summary>
    /// The block hook: at height h, each unsettled project whose window [W, S) contains block h − 1 takes that block's
    /// sample (so the hook at S takes the last; a settlement in block S, before its hook, takes it itself).
    /// </summary>
    public static void Sample(EngineContext ctx)
    {
        var s = ctx.State<CoverState>();
        foreach (var (id, _) in s.Unsettled)
        {
            var project = s.Projects[id];
            if (ctx.Height > project.WindowStartBlock && ctx.Height <= project.SettlementBlock) TakeSample(ctx, project);
        }
    }

    /// <summary>The sample of block h − 1: the source's TWAP over [h − 1, h), or a missing sample when it has none fresh.</summary>
    private static void TakeSample(EngineContext ctx, Project project)
    {
        if (!ctx.Prices.TryGetTwap(project.PriceSource, ctx.Height, 1, out var price).Accepted)
        {
            project.MissingSamples++;
            return;
        }
        project.PriceSum += price;
        project.Samples++;
        long day = (ctx.Height - 1 - project.WindowStartBlock) / (86_400 / ctx.Clock.BlockSeconds); // days on the chain's clock
        if (day != project.DayIndex)
        {
            CloseDay(project);
            project.DayIndex = day;
            project.DayPeak = price;
        }
        else if (price > project.DayPeak) project.DayPeak = price;
    }

    private static void CloseDay(Project project)
    {
        if (project.DayIndex < 0) return;
        project.PeakSum += project.DayPeak;
        project.PeakDays++;
    }

    /// <summary>The window's average under the project's rule, rounded up (the fund pays less); false with no sample.</summary>
    internal static bool TryAverage(Project project, out Fixed average, out long days)
    {
        average = Fixed.Zero;
        days = project.PeakDays + (project.DayIndex >= 0 ? 1 : 0);
        if (project.Samples == 0) return false;
        average = project.Averaging == AveragingRule.Twap
            ? project.PriceSum.DivInt(project.Samples, Rounding.Up)
            : (project.PeakSum + (project.DayIndex >= 0 ? project.DayPeak : Fixed.Zero)).DivInt(days, Rounding.Up);
        return true;
    }

    public static TxResult Apply(EngineContext ctx, Settle tx)
    {
        var r = Launchpad.FindProject(ctx, tx.ProjectId, out var project);
        if (!r.Accepted) return r;
        if (project.Status == ProjectStatus.Settled)
            return TxResult.Reject(CoverErrors.AlreadySettled, $"project {project.Id} settled at {project.SettlementPrice}");
        if (ctx.Height < project.SettlementBlock)
            return TxResult.Reject(CoverErrors.TooEarlyToSettle, $"project {project.Id} settles at block {project.SettlementBlock}; this is block {ctx.Height}");
        var p = ctx.Params<CoverParameters>();
        // In block S itself the hook has not yet sampled block S − 1: take it here (a refusal undoes it).
        if (ctx.Height == project.SettlementBlock) TakeSample(ctx, project);
        long window = project.SettlementBlock - project.WindowStartBlock;
        long allowedMissing = (long)FullMath.MulDiv((UInt128)window, (UInt128)p.MaxMissingSamplesPpb.Value, (UInt128)Ppb.Scale, Rounding.Down);
        long missing = window - project.Samples;
        if (missing > allowedMissing || !TryAverage(project, out _, out _))
            return TxResult.Reject(CoverErrors.PriceHistoryIncomplete,
                $"project {project.Id}'s window of {window} blocks has {project.Samples} price samples; a parametric settlement allows {allowedMissing} missing: cover holders may file claims for assessment");
        TryAverage(project, out var average, out var days);

        var s = ctx.State<CoverState>();
        var shortfall = average < project.IdoPrice ? project.IdoPrice - average : Fixed.Zero;
        var owed = new List<(long CoverId, string Owner, Amount Owed)>();
        var covers = new List<CoverPolicy>();
        foreach (var (_, cover) in s.Covers)
        {
            if (cover.ProjectId != project.Id || cover.Status != CoverStatus.Active) continue;
            covers.Add(cover);
            owed.Add((cover.Id, cover.Owner, Amount.Min(shortfall.MulAmount(cover.Tokens, Rounding.Down), cover.SumInsured)));
        }
        var (paid, lent, _) = InsuranceFund.Pay(ctx, project.Id, owed);
        var totalOwed = Amount.Zero;
        var totalPaid = Amount.Zero;
        for (int i = 0; i < covers.Count; i++)
        {
            var cover = covers[i];
            var unpaid = owed[i].Owed - paid[i];
            cover.Payout = paid[i];
            cover.Unpaid = unpaid;
            cover.Status = owed[i].Owed.IsZero ? CoverStatus.Expired : CoverStatus.PaidOut;
            totalOwed += owed[i].Owed;
            totalPaid += paid[i];
            ctx.Emit(new CoverSettled(cover.Id, cover.Owner, owed[i].Owed, paid[i], unpaid));
        }
        project.Status = ProjectStatus.Settled;
        project.SettlementPrice = average;
        project.PaidOut = totalPaid;
        project.Unpaid = totalOwed - totalPaid;
        s.PaidOut += totalPaid;
        s.Unpaid += totalOwed - totalPaid;
        s.Unsettled.Remove(project.Id);
        ctx.Emit(new ProjectSettled(project.Id, average, project.Averaging, project.Samples, missing, days, totalOwed, totalPaid, lent, totalOwed - totalPaid));
        return TxResult.Ok;
    }
}
