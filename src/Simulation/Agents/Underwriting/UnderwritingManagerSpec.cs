using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Underwriting;

namespace Ballast.Simulation.Agents.Underwriting;

/// <summary>
/// Managers (seed 002 §2.2.3–2.2.4): each reads every line in assessment once through a private signal right with
/// probability <see cref="Accuracy"/> (skilled managers high, noise managers 0.5); on a good signal it buys longZCB with
/// <see cref="BudgetShare"/> of its budget (waiting out the reputable-only phase if its score is too low). Anyone draws
/// the validators once a market can be approved; a manager drawn as validator approves with
/// <see cref="ValidatorCollateral"/> only if its own signal is good. It redeems what it holds once a line resolves.
/// Managers sign as accounts the scenario's genesis made with their starting reputation (<c>underwriting.genesisManager</c>),
/// named NAME-0, NAME-1, …; at setup each deposits <see cref="VaultDeposit"/> for the VT a validator locks.
/// </summary>
public sealed record UnderwritingManagerSpec(string Name, int Count, int Line, long VaultId, double Accuracy, double BudgetShare,
    Amount ValidatorCollateral, Amount VaultDeposit, long CheckEveryBlocks)
    : AgentSpec(Name, Count, Amount.Zero, Line)
{
    public override string Kind => "underwritingManager";

    public override bool UsesExistingAccount => true;

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (!VaultDeposit.IsZero) transactions.Add(new Deposit(VaultId, VaultDeposit).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Manager(this, Account(index), index, random);

    private sealed class Manager(UnderwritingManagerSpec spec, string account, int index, DeterministicRandom random) : IAgent
    {
        private readonly Dictionary<long, bool> _signals = [];
        private readonly HashSet<long> _bought = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if ((context.Block + index) % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            var me = view.Query<ManagerQuery, ManagerView?>(new ManagerQuery(account));
            if (me is null) return;
            foreach (var i in view.Query<InstrumentsQuery, IReadOnlyList<InstrumentView>>(new InstrumentsQuery(spec.VaultId)))
            {
                long id = i.InstrumentId;
                if (i.Phase is MarketPhase.ReputableOnly or MarketPhase.Assessment)
                {
                    if (i.Utilizer == account) continue;
                    if (!_signals.TryGetValue(id, out bool good)) _signals[id] = good = HiddenType.SignalGood(i.Principal, spec.Accuracy, random);
                    if (good && !_bought.Contains(id) && (i.Phase == MarketPhase.Assessment || me.Reputable))
                    {
                        var collateral = new Amount((UInt128)((double)me.Budget.Units * spec.BudgetShare));
                        if (!collateral.IsZero) transactions.Add(new BuyLong(id, collateral).From(account));
                        _bought.Add(id);
                    }
                    if (i.CanBeApproved && i.Validators.Count == 0) transactions.Add(new DrawValidators(id).From(account));
                    if (i.Validators.TryGetValue(account, out var seat) && !seat.Approved && good)
                        transactions.Add(new ApproveInstrument(id, spec.ValidatorCollateral).From(account));
                }
                else if (i.Phase == MarketPhase.Resolved)
                {
                    var h = view.Query<HoldingQuery, HoldingView?>(new HoldingQuery(id, account));
                    if (h is { Redeemed: false } && !(h.Long.IsZero && h.Short.IsZero && h.Debt.IsZero))
                        transactions.Add(new Redeem(id).From(account));
                    _signals.Remove(id);
                    _bought.Remove(id);
                }
            }
        }
    }
}
