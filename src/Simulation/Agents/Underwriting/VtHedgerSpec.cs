using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Underwriting;

namespace Ballast.Simulation.Agents.Underwriting;

/// <summary>
/// VT holders who hedge (seed 002 §2.2.2): each deposits <see cref="Deposit"/> into the vault at setup and locks
/// <see cref="LockShare"/> of its VT; on a signal (right with probability <see cref="Accuracy"/>) that a line in
/// assessment is bad it buys shortZCB for <see cref="ShortShare"/> of its locked VT's value (within the cap the lock
/// sets and the net long), and redeems once the line resolves.
/// </summary>
public sealed record VtHedgerSpec(string Name, int Count, Amount FundsEach, int Line, long VaultId, Amount Deposit, double LockShare,
    double Accuracy, double ShortShare, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "vtHedger";

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        transactions.Add(new Ballast.Underwriting.Deposit(VaultId, Deposit).From(Account(index)));
        var locked = new Amount((UInt128)((double)Deposit.Units * LockShare));
        if (!locked.IsZero) transactions.Add(new LockVt(VaultId, locked).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Hedger(this, Account(index), index, random);

    private sealed class Hedger(VtHedgerSpec spec, string account, int index, DeterministicRandom random) : IAgent
    {
        private readonly HashSet<long> _seen = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if ((context.Block + index) % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            var vault = view.Query<VaultQuery, VaultView?>(new VaultQuery(spec.VaultId));
            if (vault is null) return;
            var locked = vault.Locked.GetValueOrDefault(account, Amount.Zero);
            foreach (var i in view.Query<InstrumentsQuery, IReadOnlyList<InstrumentView>>(new InstrumentsQuery(spec.VaultId)))
            {
                long id = i.InstrumentId;
                if (i.Phase == MarketPhase.Assessment && _seen.Add(id) && !HiddenType.SignalGood(i.Principal, spec.Accuracy, random))
                {
                    var value = vault.ShareValue.MulAmount(locked, Rounding.Down);
                    var bonds = Amount.Min(new Amount((UInt128)((double)value.Units * spec.ShortShare)), i.NetLong);
                    if (!bonds.IsZero) transactions.Add(new BuyShort(id, bonds).From(account));
                }
                else if (i.Phase == MarketPhase.Resolved && _seen.Remove(id))
                {
                    var h = view.Query<HoldingQuery, HoldingView?>(new HoldingQuery(id, account));
                    if (h is { Redeemed: false } && !(h.Long.IsZero && h.Short.IsZero)) transactions.Add(new Redeem(id).From(account));
                }
            }
        }
    }
}
