using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Cover;
using Ballast.Cover.Model;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// Claims assessors (seed 003): each receives <see cref="Stake"/> member (platform) tokens from
/// <see cref="PlatformSource"/> at setup and stakes them. Every <see cref="CheckEveryBlocks"/> blocks it votes on each
/// open claim it has not voted on, once its stake is active again (the 12-hour inactivity), with its judgement
/// (<see cref="ClaimJudgement.IsTrue"/>) reversed with probability <see cref="ErrorRate"/>; it votes as a member on
/// escalated claims the same way. The first assessor also closes assessments and member votes whose period has ended.
/// </summary>
public sealed record AssessorSpec(string Name, int Count, Amount FundsEach, int Line, string PlatformToken, Amount Stake, string PlatformSource,
    double ErrorRate, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "assessor";

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        transactions.Add(new Transfer(Account(index), PlatformToken, Stake).From(PlatformSource));
        transactions.Add(new Ballast.Cover.Stake(Stake).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Assessor(this, Account(index), index == 0, random);

    private sealed class Assessor(AssessorSpec spec, string account, bool closes, DeterministicRandom random) : IAgent
    {
        private readonly HashSet<long> _voted = [];
        private readonly HashSet<long> _memberVoted = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            long next = view.Height + 1;
            var me = view.Query<StakerQuery, StakerView?>(new StakerQuery(account));
            bool votedNow = false; // one assessment a round: a vote makes the stake inactive for the next 12 hours
            foreach (var claim in view.Query<ClaimsQuery, IReadOnlyList<ClaimView>>(new ClaimsQuery()))
            {
                if (claim.Status == ClaimStatus.Assessing)
                {
                    if (next >= claim.AssessmentEndsAt)
                    {
                        if (closes) transactions.Add(new CloseAssessment(claim.Id).From(account));
                        continue;
                    }
                    if (votedNow || me is null || me.Staked.IsZero || me.InactiveUntil > next || claim.Claimant == account || !_voted.Add(claim.Id)) continue;
                    transactions.Add(new Assess(claim.Id, Verdict(view, claim)).From(account));
                    votedNow = true;
                }
                else if (claim.Status == ClaimStatus.MemberVote && claim.MemberVoteEndsAt is { } ends)
                {
                    if (next >= ends)
                    {
                        if (closes) transactions.Add(new CloseMemberVote(claim.Id).From(account));
                        continue;
                    }
                    if (me is null || me.Staked.IsZero || claim.Claimant == account || !_memberVoted.Add(claim.Id)) continue;
                    transactions.Add(new MemberVote(claim.Id, Verdict(view, claim)).From(account));
                }
            }
        }

        private bool Verdict(EngineView view, ClaimView claim) => ClaimJudgement.IsTrue(view, claim) ^ (random.NextDouble() < spec.ErrorRate);
    }
}
