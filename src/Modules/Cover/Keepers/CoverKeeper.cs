using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Cover.Model;

namespace Ballast.Cover.Keepers;

/// <summary>
/// <c>cover.settler</c>: before each block, settles every project whose settlement block has come and closes every
/// assessment and member vote whose period has ended (anyone may; the keeper saves holders from having to). A
/// project whose window lacks prices is skipped once its settlement is refused (its holders claim instead).
/// </summary>
internal sealed class CoverKeeper : IKeeper
{
    public void Propose(EngineView view, string account, List<Envelope> transactions)
    {
        var s = view.State<CoverState>();
        var p = view.Params<CoverParameters>();
        long next = view.Height + 1;
        foreach (var (id, _) in s.Unsettled)
        {
            var project = s.Projects[id];
            if (next < project.SettlementBlock) continue;
            long window = project.SettlementBlock - project.WindowStartBlock;
            long allowedMissing = (long)Core.Numerics.FullMath.MulDiv((UInt128)window, (UInt128)p.MaxMissingSamplesPpb.Value, (UInt128)Core.Numerics.Ppb.Scale, Core.Numerics.Rounding.Down);
            long pending = view.Height < project.SettlementBlock ? 1 : 0; // block S − 1's sample, taken by the settlement itself
            if (window - project.Samples - pending > allowedMissing) continue;
            transactions.Add(new Settle(id).From(account));
        }
        foreach (var (id, claim) in s.Claims)
        {
            if (claim.Status == ClaimStatus.Assessing && next >= claim.AssessmentEndsAt) transactions.Add(new CloseAssessment(id).From(account));
            else if (claim.Status == ClaimStatus.MemberVote && next >= claim.MemberVoteEndsAt) transactions.Add(new CloseMemberVote(id).From(account));
        }
    }
}
