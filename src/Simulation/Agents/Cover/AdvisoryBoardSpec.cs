using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// The Advisory Board (seed 003): an existing account holding the <c>advisoryBoard</c> role that every
/// <see cref="CheckEveryBlocks"/> blocks looks at every claim and, where a claim is false
/// (<see cref="ClaimJudgement.IsTrue"/>), burns the whole stake of each assessor who voted to accept it — while the
/// assessment is still open (their votes then count only up to what they still hold) or after.
/// </summary>
public sealed record AdvisoryBoardSpec(string Name, int Line, long CheckEveryBlocks) : AgentSpec(Name, 1, Amount.Zero, Line)
{
    public override string Kind => "advisoryBoard";

    public override bool UsesExistingAccount => true;

    public override IAgent Create(int index, DeterministicRandom random) => new Board(this);

    private sealed class Board(AdvisoryBoardSpec spec) : IAgent
    {
        private readonly HashSet<string> _burned = new(StringComparer.Ordinal);

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            foreach (var claim in view.Query<ClaimsQuery, IReadOnlyList<ClaimView>>(new ClaimsQuery()))
            {
                if (claim.Votes == 0 || ClaimJudgement.IsTrue(view, claim)) continue;
                foreach (var vote in view.Query<VotesQuery, IReadOnlyList<VoteView>>(new VotesQuery(claim.Id)))
                {
                    if (vote.Member || !vote.Accept || !_burned.Add(vote.Voter)) continue;
                    var staker = view.Query<StakerQuery, StakerView?>(new StakerQuery(vote.Voter));
                    if (staker is null || staker.Staked.IsZero) continue;
                    transactions.Add(new BurnStake(vote.Voter, null, $"voted to accept claim {claim.Id}, which asks more than the loss").From(spec.Name));
                }
            }
        }
    }
}
