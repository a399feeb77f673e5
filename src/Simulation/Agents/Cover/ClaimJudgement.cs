using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// What a claim is truly worth, as the simulated people (claimants, assessors, the board) judge it: the cover's tokens
/// times the shortfall of the average price the module sampled before its feed failed (<c>cover.project</c>'s
/// running average) below the IDO price, capped by what the cover can still pay. An honest claimant claims exactly
/// this; an assessor calls a claim true when it asks at most <see cref="Tolerance"/> more.
/// </summary>
public static class ClaimJudgement
{
    public const double Tolerance = 0.05;

    /// <summary>The true loss on a cover, in base units (zero when its project has no sampled average or no shortfall).</summary>
    public static Amount TrueLoss(EngineView view, CoverView cover)
    {
        var project = view.Query<ProjectQuery, ProjectView?>(new ProjectQuery(cover.ProjectId));
        if (project?.Average is not { } average || average >= project.IdoPrice) return Amount.Zero;
        var loss = (project.IdoPrice - average).MulAmount(cover.Tokens, Rounding.Down);
        return Amount.Min(loss, cover.SumInsured.SaturatingSub(cover.Payout));
    }

    /// <summary>Whether a claim is true: it asks at most the true loss plus the tolerance.</summary>
    public static bool IsTrue(EngineView view, ClaimView claim)
    {
        var cover = view.Query<CoverQuery, CoverView?>(new CoverQuery(claim.CoverId));
        if (cover is null) return false;
        var loss = TrueLoss(view, cover);
        return (double)claim.Claimed.Units <= (double)loss.Units * (1 + Tolerance) + 1;
    }
}
