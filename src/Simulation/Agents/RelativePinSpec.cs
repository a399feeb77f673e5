using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Simulation.Prices;
using Ballast.Subnets;

namespace Ballast.Simulation.Agents;

/// <summary>
/// The pin of a market with <c>pinMode: relative</c>: each block it trades the pool (<c>subnets.swapToPrice</c>) to
/// its current price times the market's last return, so the pool moves by the model's return from wherever trades
/// left it, as a model that multiplies its own pool price does (the radCAD anchor: a liquidation's sale lowers every
/// later price). The default pin sets the pool to the path's absolute price instead, undoing such sales next block.
/// Needs a model whose path knows its return exactly (<see cref="IReturnPath"/>: <c>cpythonGbm</c>). With
/// <see cref="SetupPrice"/> it first trades the pool to that price in the agents' setup block, as the default pin does.
/// </summary>
public sealed record RelativePinSpec(string Name, int Count, Amount FundsEach, int Line, string Market, int Netuid)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "relativePin";

    /// <summary>The price the pin trades the pool to in the agents' setup block, if any.</summary>
    public Fixed? SetupPrice { get; init; }

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (SetupPrice is { } price) transactions.Add(new SwapToPrice(Netuid, price, FundsEach).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Pin(this, Account(index));

    private sealed class Pin(RelativePinSpec spec, string account) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (context.Markets[spec.Market].Path is not IReturnPath path) return;
            double factor = path.LastReturn;
            // Within 1 ppb the pool is where it should be (swapToPrice would refuse the move as too small).
            if (!(Math.Abs(factor - 1) > 1e-9) || double.IsInfinity(factor)) return;
            var view = context.View;
            double pool = view.Port<ISubnetMarkets>().SpotPrice(view, spec.Netuid).ToDouble();
            if (!(pool > 0)) return;
            // The target to the engine's 18 decimals (not a model price's 12): the move is the return, nothing rounded away.
            double target = pool * factor;
            if (!(target * 1e18 < 1.7e38)) return;
            var raw = (Int128)Math.Round(target * 1e18);
            if (raw <= 0) return;
            transactions.Add(new SwapToPrice(spec.Netuid, new Fixed(raw), spec.FundsEach).From(account));
        }
    }
}
