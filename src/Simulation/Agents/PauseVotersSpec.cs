using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Insurance;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Token holders who vote an emergency pause (seed 000's ⅔ supermajority): when the Insurance Pool's reserve falls
/// below <see cref="ReserveBelowTao"/> (checked every <see cref="CheckEveryBlocks"/> blocks), the first holder opens a
/// vote of <see cref="Body"/> to pause <see cref="Target"/>; every holder who sees the vote open (its
/// <c>governance.voteCreated</c> event) locks <see cref="VoteShare"/> of its TAO for it; after the voting period the
/// first holder executes it and everyone withdraws. Once per path.
/// </summary>
public sealed record PauseVotersSpec(string Name, int Count, Amount FundsEach, int Line,
    string Body, string Target, Amount ReserveBelowTao, double VoteShare, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "pauseVoters";

    public override IAgent Create(int index, DeterministicRandom random) => new Holder(this, Account(index), index == 0);

    private sealed class Holder(PauseVotersSpec spec, string account, bool leader) : IAgent
    {
        private enum Phase { Watching, Proposed, Voted, Executed, Done }
        private Phase _phase;
        private long _voteId, _endsAt;

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (_phase is Phase.Watching or Phase.Proposed)
            {
                foreach (var record in context.LastBlockEvents)
                    if (record.Event is VoteCreated created && created.Body == spec.Body)
                    {
                        (_voteId, _endsAt) = (created.VoteId, created.EndsAtBlock);
                        var ledger = context.View.Ledger;
                        var balance = ledger.TryGetAccount(account, out var id) ? ledger.BalanceOf(id, context.View.Tao) : Amount.Zero;
                        var amount = new Amount((UInt128)((double)balance.Units * spec.VoteShare));
                        if (!amount.IsZero) transactions.Add(new CastVote(_voteId, true, amount).From(account));
                        _phase = Phase.Voted;
                        return;
                    }
            }
            switch (_phase)
            {
                case Phase.Watching when leader && context.Block % spec.CheckEveryBlocks == 0:
                    var pool = context.View.Query<PoolQuery, InsurancePoolView>(new PoolQuery());
                    if (pool.Reserve >= spec.ReserveBelowTao) return;
                    transactions.Add(new CreateVote(spec.Body, new Pause(spec.Target)).From(account));
                    _phase = Phase.Proposed;
                    return;
                case Phase.Voted when context.View.Height + 1 > _endsAt:
                    if (leader) transactions.Add(new ExecuteVote(_voteId).From(account));
                    _phase = Phase.Executed;
                    return;
                case Phase.Executed:
                    transactions.Add(new WithdrawVote(_voteId).From(account));
                    _phase = Phase.Done;
                    return;
            }
        }
    }
}
