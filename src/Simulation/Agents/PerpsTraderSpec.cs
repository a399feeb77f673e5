using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Perps traders on market <see cref="Market"/>: a trader without a position opens one with probability
/// <see cref="OpenProbabilityPerBlock"/> per block, long with probability <see cref="LongShare"/>, margin uniform in
/// [min, max], leverage from the weighted mix (up to the caps: a refused open is simply lost); it closes after a
/// holding time drawn from a geometric distribution of mean <see cref="MeanHoldBlocks"/>, unless liquidated first.
/// </summary>
public sealed record PerpsTraderSpec(string Name, int Count, Amount FundsEach, int Line,
    string Market, Amount MarginMin, Amount MarginMax, ImmutableArray<LeverageChoice> Leverages, double LongShare,
    double OpenProbabilityPerBlock, double MeanHoldBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "perpsTrader";

    public override IAgent Create(int index, DeterministicRandom random) => new Trader(this, Account(index), random);

    private sealed class Trader(PerpsTraderSpec spec, string account, DeterministicRandom random) : IAgent
    {
        private enum Phase { Flat, Opening, Open }
        private Phase _phase;
        private long _positionId;

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            switch (_phase)
            {
                case Phase.Flat:
                    if (random.NextDouble() >= spec.OpenProbabilityPerBlock) return;
                    if (context.View.Pauses.IsPaused("perps", "open")) return; // a trader sees the pause and waits
                    var side = random.NextDouble() < spec.LongShare ? PerpSide.Long : PerpSide.Short;
                    var margin = LeverageChoice.Between(spec.MarginMin, spec.MarginMax, random);
                    var leverage = LeverageChoice.Draw(spec.Leverages, random);
                    var ledger = context.View.Ledger;
                    if (!ledger.TryGetAccount(account, out var id) || ledger.BalanceOf(id, context.View.Tao) < margin) return;
                    transactions.Add(new OpenPerp(spec.Market, side, margin, leverage).From(account));
                    _phase = Phase.Opening;
                    return;
                case Phase.Opening:
                    // The open ran in the last block: its event carries the id (no event: it was refused).
                    long? opened = null;
                    foreach (var record in context.LastBlockEvents)
                        if (record.Event is PerpOpened o && o.Trader == account) opened = o.PositionId;
                    if (opened is null) { _phase = Phase.Flat; return; }
                    _positionId = opened.Value;
                    _phase = Phase.Open;
                    return;
                case Phase.Open:
                    if (random.NextDouble() >= 1 / spec.MeanHoldBlocks) return;
                    if (context.View.Query<PerpPositionQuery, PerpPositionView?>(new PerpPositionQuery(_positionId)) is not null)
                        transactions.Add(new ClosePerp(_positionId).From(account));
                    _phase = Phase.Flat;
                    return;
            }
        }
    }
}
