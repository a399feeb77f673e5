using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Margin traders on subnet <see cref="Netuid"/>: each block a trader without a position opens one with probability
/// <see cref="OpenProbabilityPerBlock"/> (collateral uniform in [min, max], leverage from the weighted mix); every
/// <see cref="CheckEveryBlocks"/> blocks a trader with a position reads it and closes at the take-profit or the
/// stop-loss (fractions of the collateral) or after <see cref="MaxHoldBlocks"/>. With <see cref="OpenAtSetup"/> every
/// trader opens one position in the agents' setup block, before the horizon (the price path then starts from the pool
/// those opens moved). With <see cref="AddCollateralBelowHealth"/> a trader defends its position at each check by adding
/// collateral when its health is below that level.
/// </summary>
public sealed record MarginTraderSpec(string Name, int Count, Amount FundsEach, int Line,
    int Netuid, Amount CollateralMin, Amount CollateralMax, ImmutableArray<LeverageChoice> Leverages, double OpenProbabilityPerBlock,
    double TakeProfit, double StopLoss, long MaxHoldBlocks, long CheckEveryBlocks, int MaxSlippageBps)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "marginTrader";

    public bool OpenAtSetup { get; init; }

    /// <summary>
    /// Defends a position: at a check, a trader whose position's health (value + added collateral over debt) is below
    /// this and that would not close adds <see cref="AddCollateralShare"/> of its initial collateral (what it holds
    /// allowing). 0: never.
    /// </summary>
    public double AddCollateralBelowHealth { get; init; }

    /// <summary>The collateral added when defending, as a share of the position's initial collateral.</summary>
    public double AddCollateralShare { get; init; } = 0.5;

    /// <summary>
    /// With a seed, the setup opens take their leverage and collateral from CPython's <c>Random(seed)</c> in the radCAD
    /// anchor's order (<see cref="CPythonMarginBook"/>): trader i opens the model's position i. Null: Ballast's own draws.
    /// </summary>
    public long? CPythonDrawSeed { get; init; }

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (!OpenAtSetup) return;
        if (CPythonDrawSeed is not null)
        {
            var (leverage, amount) = CPythonMarginBook.Entry(this, index);
            transactions.Add(new OpenPosition(Netuid, amount, leverage, MaxSlippageBps).From(Account(index)));
            return;
        }
        var collateral = LeverageChoice.Between(CollateralMin, CollateralMax, random);
        transactions.Add(new OpenPosition(Netuid, collateral, LeverageChoice.Draw(Leverages, random), MaxSlippageBps).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Trader(this, Account(index), random);

    private sealed class Trader(MarginTraderSpec spec, string account, DeterministicRandom random) : IAgent
    {
        private enum Phase { Flat, Opening, Open }
        private Phase _phase = spec.OpenAtSetup ? Phase.Opening : Phase.Flat;
        private long _positionId, _openedAt;

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            long block = context.Block;
            switch (_phase)
            {
                case Phase.Flat:
                    if (random.NextDouble() >= spec.OpenProbabilityPerBlock) return;
                    if (context.View.Pauses.IsPaused("margin", "open")) return; // a trader sees the pause and waits
                    var collateral = LeverageChoice.Between(spec.CollateralMin, spec.CollateralMax, random);
                    var leverage = LeverageChoice.Draw(spec.Leverages, random);
                    // A trader opens only with collateral it holds (after its losses it may hold less).
                    var ledger = context.View.Ledger;
                    if (!ledger.TryGetAccount(account, out var id) || ledger.BalanceOf(id, context.View.Tao) < collateral) return;
                    transactions.Add(new OpenPosition(spec.Netuid, collateral, leverage, spec.MaxSlippageBps).From(account));
                    _phase = Phase.Opening;
                    _openedAt = block;
                    return;
                case Phase.Opening:
                    // The open ran in the last block: its event carries the id (no event: it was refused). A position
                    // opened at setup comes from the setup block's events, which the runner keeps by owner.
                    long? opened = null;
                    if (spec.OpenAtSetup && block == 1)
                    {
                        if (context.MarginPositionsOpenedAtSetup.TryGetValue(account, out var setupId)) opened = setupId;
                    }
                    else
                        foreach (var record in context.LastBlockEvents)
                            if (record.Event is PositionOpened o && o.Owner == account) opened = o.PositionId;
                    if (opened is null) { _phase = Phase.Flat; return; }
                    _positionId = opened.Value;
                    _phase = Phase.Open;
                    return;
                case Phase.Open:
                    if ((block - _openedAt) % spec.CheckEveryBlocks != 0) return;
                    var position = context.View.Query<PositionQuery, PositionView?>(new PositionQuery(_positionId));
                    if (position is null) { _phase = Phase.Flat; return; } // liquidated
                    double pnl = (double)position.PnlRao / (double)position.InitialCollateral.Units;
                    if (pnl >= spec.TakeProfit || pnl <= -spec.StopLoss || block - _openedAt >= spec.MaxHoldBlocks)
                    {
                        transactions.Add(new ClosePosition(_positionId, spec.MaxSlippageBps).From(account));
                        _phase = Phase.Flat; // a refused close is retried when the trader next opens and finds its position again
                    }
                    else if (position.HealthPpb < spec.AddCollateralBelowHealth * 1e9)
                    {
                        // Add collateral rather than be liquidated, as far as the trader's own TAO goes.
                        var want = new Amount((UInt128)Math.Floor((double)position.InitialCollateral.Units * spec.AddCollateralShare));
                        var view = context.View;
                        var held = view.Ledger.TryGetAccount(account, out var me) ? view.Ledger.BalanceOf(me, view.Tao) : Amount.Zero;
                        var amount = Amount.Min(want, held);
                        if (!amount.IsZero) transactions.Add(new AddCollateral(_positionId, amount).From(account));
                    }
                    return;
            }
        }

        // Flat traders draw every block and an opening trader reads the next block's events; a trader with a position
        // does nothing until its next check, so the runner need not call it before. Its random source is its own, so
        // draws it skips could change nothing but its own later choices, and it skips none it would use.
        public long NextActBlock(long block)
        {
            // A flat trader that never opens draws a number it never uses: nothing it does is seen, so it need not be called.
            if (_phase == Phase.Flat && spec.OpenProbabilityPerBlock <= 0) return long.MaxValue;
            if (_phase != Phase.Open) return block + 1;
            long next = block + 1, c = spec.CheckEveryBlocks;
            long offset = ((_openedAt - next) % c + c) % c;
            return next > long.MaxValue - offset ? long.MaxValue : next + offset;
        }
    }
}
