using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Margin;
using Ballast.Subnets;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Coalitions running the margin adversary suite's <c>pump-open-dump</c> (tests/Modules/Margin.Tests/Adversary,
/// docs/margin.md's threat table) through transactions only. Each coalition has three accounts: <c>NAME-i</c> (the
/// pump, holding <see cref="AgentSpec.FundsEach"/>, which caps the push), <c>NAME-i-long</c> (holding
/// <see cref="LongFunds"/>) and <c>NAME-i-keeper</c> (no funds). When idle, each block it starts an attack with
/// probability 1/<see cref="MeanBlocksBetween"/>: the pump buys subnet <see cref="Netuid"/>'s pool up by
/// <see cref="Push"/> of its price, the long opens a <see cref="Leverage"/>× long of <see cref="Collateral"/> at the
/// pushed price, and the pump sells the alpha it bought back into the long's buy, all first in the block (the suite's
/// order: the coalition pays for priority; the market's own trades follow). Every block the keeper liquidates every
/// candidate on the subnet (the module's five-call rule needs a keeper that keeps calling), the coalition claims its
/// liquidation rewards and proceeds and sells alpha left over from an inexact dump, and the long closes what is still
/// open after <see cref="HoldBlocks"/>. Its profit is the path outcome <c>attackerPnlTao</c>.
/// </summary>
public sealed record PumpAttackerSpec(string Name, int Count, Amount FundsEach, int Line,
    int Netuid, double Push, Amount Collateral, Fixed Leverage, Amount LongFunds, double MeanBlocksBetween, long HoldBlocks, int MaxSlippageBps)
    : AgentSpec(Name, Count, FundsEach, Line), ICoalitionSpec
{
    public override string Kind => "pumpAttacker";

    public string Pump(int index) => Account(index);
    public string Long(int index) => Account(index) + "-long";
    public string Keeper(int index) => Account(index) + "-keeper";

    public override IEnumerable<(string Account, Amount Funds)> GenesisAccounts(int index) =>
        [(Pump(index), FundsEach), (Long(index), LongFunds), (Keeper(index), Amount.Zero)];

    public override IAgent Create(int index, DeterministicRandom random) => new Coalition(this, index, random);

    /// <summary>
    /// Coalition <paramref name="index"/>'s wealth at the view's prices less its genesis funds, in rao: TAO, alpha at the
    /// pool's spot, claimable rewards, proceeds and crowdloan, and each open position's equity (alpha at spot plus added
    /// collateral less debt, at least zero: the owner can walk away) — the suite's valuation, restricted to what the
    /// coalition can hold here.
    /// </summary>
    public Int128 PnlRao(EngineView view, int index)
    {
        var spot = view.Port<ISubnetMarkets>().SpotPrice(view, Netuid);
        var ledger = view.Ledger;
        bool hasAlpha = ledger.TryGetToken($"SN{Netuid}", out var alpha);
        Int128 total = 0;
        foreach (var (account, funds) in GenesisAccounts(index))
        {
            total -= (Int128)funds.Units;
            if (ledger.TryGetAccount(account, out var id))
            {
                total += (Int128)ledger.BalanceOf(id, view.Tao).Units;
                if (hasAlpha) total += (Int128)spot.MulAmount(ledger.BalanceOf(id, alpha), Rounding.Down).Units;
            }
            var claims = view.Query<ClaimsQuery, ClaimsView>(new ClaimsQuery(account));
            total += (Int128)(claims.LiquidatorRewards + claims.LiquidationProceeds + claims.CrowdloanContribution).Units;
            foreach (var p in view.Query<PositionsQuery, PositionList>(new PositionsQuery(account)).Positions)
            {
                var equity = (Int128)spot.MulAmount(p.Alpha, Rounding.Down).Units + (Int128)p.AddedCollateral.Units - (Int128)p.Debt.Units;
                if (equity > 0) total += equity;
            }
        }
        return total;
    }

    private sealed class Coalition(PumpAttackerSpec spec, int index, DeterministicRandom random) : IAgent
    {
        private enum Phase { Idle, Opening, Open }
        private Phase _phase;
        private long _positionId, _openedAt;
        private readonly string _pump = spec.Pump(index), _long = spec.Long(index), _keeper = spec.Keeper(index);
        private readonly List<Envelope> _mine = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            var view = context.View;
            var markets = view.Port<ISubnetMarkets>();
            _mine.Clear();

            // The keeper: every candidate on the subnet, the coalition's long and anyone else's.
            foreach (var id in view.Query<LiquidationCandidatesQuery, LiquidationCandidates>(new LiquidationCandidatesQuery(spec.Netuid)).PositionIds)
                _mine.Add(new Liquidate(id).From(_keeper));
            if (!view.Query<ClaimsQuery, ClaimsView>(new ClaimsQuery(_keeper)).LiquidatorRewards.IsZero) _mine.Add(new ClaimLiquidatorRewards().From(_keeper));
            if (!view.Query<ClaimsQuery, ClaimsView>(new ClaimsQuery(_long)).LiquidationProceeds.IsZero) _mine.Add(new ClaimProceeds().From(_long));
            var leftover = Balance(view, _pump, $"SN{spec.Netuid}");
            if (!leftover.IsZero) _mine.Add(new Swap(spec.Netuid, SwapDirection.AlphaToTao, leftover, Amount.Zero).From(_pump));

            switch (_phase)
            {
                case Phase.Idle:
                    if (random.NextDouble() * spec.MeanBlocksBetween >= 1) break;
                    if (view.Pauses.IsPaused("margin", "open") || Balance(view, _long, "TAO") < spec.Collateral || !leftover.IsZero) break;
                    var (tao, _) = markets.Reserves(view, spec.Netuid);
                    // A constant-product pool's price rises by (1 + push) when its TAO side rises by √(1 + push).
                    double need = (double)tao.Units * (Math.Sqrt(1 + spec.Push) - 1);
                    var pump = Amount.Min(new Amount((UInt128)need), Balance(view, _pump, "TAO"));
                    if (pump.IsZero) break;
                    // First in the block, the quote on the view is what the pump buys (unless another coalition went
                    // first: then the dump is refused and the leftover is sold next block).
                    var bought = markets.SimSwapTaoForAlpha(view, spec.Netuid, pump);
                    _mine.Add(new Swap(spec.Netuid, SwapDirection.TaoToAlpha, pump, Amount.Zero).From(_pump));
                    _mine.Add(new OpenPosition(spec.Netuid, spec.Collateral, spec.Leverage, spec.MaxSlippageBps).From(_long));
                    _mine.Add(new Swap(spec.Netuid, SwapDirection.AlphaToTao, bought, Amount.Zero).From(_pump));
                    _phase = Phase.Opening;
                    _openedAt = context.Block;
                    break;
                case Phase.Opening:
                    _phase = Phase.Idle; // no event: the open was refused (hardened: the TWAP check)
                    foreach (var record in context.LastBlockEvents)
                        if (record.Event is PositionOpened o && o.Owner == _long) { _positionId = o.PositionId; _phase = Phase.Open; }
                    break;
                case Phase.Open:
                    if (view.Query<PositionQuery, PositionView?>(new PositionQuery(_positionId)) is null) { _phase = Phase.Idle; break; }
                    if (context.Block - _openedAt >= spec.HoldBlocks) _mine.Add(new ClosePosition(_positionId, 10_000).From(_long));
                    break;
            }
            transactions.InsertRange(0, _mine);
        }

        private static Amount Balance(EngineView view, string account, string token) =>
            view.Ledger.TryGetAccount(account, out var id) && view.Ledger.TryGetToken(token, out var t) ? view.Ledger.BalanceOf(id, t) : Amount.Zero;
    }
}
