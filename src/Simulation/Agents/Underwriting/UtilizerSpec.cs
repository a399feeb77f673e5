using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Underwriting;

namespace Ballast.Simulation.Agents.Underwriting;

/// <summary>
/// Utilizers (seed 002 §2.2.1): each proposes a credit line from vault <see cref="VaultId"/> on average every
/// <see cref="MeanBlocksBetween"/> blocks while it has none open — principal uniform in [min, max] TAO, interest
/// <see cref="InterestRate"/> of it, bad with probability <see cref="BadShare"/> (<see cref="HiddenType"/>) — draws the
/// principal once approved, and at maturity defaults with its hidden probability (<see cref="GoodDefault"/> or
/// <see cref="BadDefault"/>), repaying then only <see cref="Recovery"/> of the principal, else principal and interest;
/// it resolves its line (or closes it unapproved after the deadline) itself. It looks every
/// <see cref="CheckEveryBlocks"/> blocks (a proposal's chance per look is CheckEveryBlocks/MeanBlocksBetween).
/// </summary>
public sealed record UtilizerSpec(string Name, int Count, Amount FundsEach, int Line, long VaultId, ulong PrincipalMinTao, ulong PrincipalMaxTao,
    double InterestRate, long DurationBlocks, long GraceBlocks, double BadShare, double GoodDefault, double BadDefault, double Recovery, double MeanBlocksBetween,
    long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "utilizer";

    public override IAgent Create(int index, DeterministicRandom random) => new Utilizer(this, Account(index), random);

    private sealed class Utilizer(UtilizerSpec spec, string account, DeterministicRandom random) : IAgent
    {
        private bool _waiting;
        private long? _id;
        private bool? _defaults;

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            if (_waiting)
            {
                // The proposal ran last block (or was refused): find its id once.
                _waiting = false;
                _id = view.Query<InstrumentsQuery, IReadOnlyList<InstrumentView>>(new InstrumentsQuery(spec.VaultId))
                    .LastOrDefault(i => i.Utilizer == account && i.Phase is not (MarketPhase.Resolved or MarketPhase.Closed))?.InstrumentId;
            }
            var mine = _id is { } id ? view.Query<InstrumentQuery, InstrumentView?>(new InstrumentQuery(id)) : null;
            long height = view.Height + 1;
            if (mine is null || mine.Phase is MarketPhase.Resolved or MarketPhase.Closed)
            {
                _id = null;
                _defaults = null;
                if (random.NextDouble() >= spec.CheckEveryBlocks / spec.MeanBlocksBetween) return;
                bool bad = random.NextDouble() < spec.BadShare;
                var principal = HiddenType.Principal(spec.PrincipalMinTao + random.NextBelow(spec.PrincipalMaxTao - spec.PrincipalMinTao + 1), bad);
                var interest = new Amount((UInt128)(principal.Units * (UInt128)(ulong)(spec.InterestRate * 1e9) / 1_000_000_000u));
                transactions.Add(new ProposeCreditLine(spec.VaultId, principal, interest, spec.DurationBlocks, spec.GraceBlocks).From(account));
                _waiting = true;
                return;
            }
            switch (mine.Phase)
            {
                case MarketPhase.ReputableOnly or MarketPhase.Assessment:
                    if (height > mine.AssessmentDeadline) transactions.Add(new CloseUnapproved(mine.InstrumentId).From(account));
                    break;
                case MarketPhase.Approved when !mine.PrincipalDrawn:
                    transactions.Add(new Drawdown(mine.InstrumentId).From(account));
                    break;
                case MarketPhase.Approved when height >= mine.MaturityBlock:
                    _defaults ??= random.NextDouble() < (HiddenType.IsBad(mine.Principal) ? spec.BadDefault : spec.GoodDefault);
                    var owed = _defaults.Value ? new Amount((UInt128)(mine.Principal.Units * (UInt128)(ulong)(spec.Recovery * 1e9) / 1_000_000_000u)) : mine.Principal + mine.Return;
                    if (mine.Balance < owed) transactions.Add(new Repay(mine.InstrumentId, owed - mine.Balance).From(account));
                    else if (!_defaults.Value || height >= mine.MaturityBlock + mine.GraceBlocks) transactions.Add(new Resolve(mine.InstrumentId).From(account));
                    break;
            }
        }
    }
}
