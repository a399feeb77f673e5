using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// Arriving just in time for interest: an honest borrower holds a 2× long through three accrual periods and repays at
/// a block everyone can see coming; <c>jit</c> deposits ten times the LP pool the block before and withdraws after the
/// 360-block LP cooldown, with its fees. The trading fee is set to 0 in this case so that only interest moves
/// (trading fees paid while an LP holds shares are its own). Price moves: the deposit, the withdrawal and the claim.
/// The borrower's gross notional is 0.9% of the pool (inside the hardened depth limit).
/// </summary>
public sealed class JustInTimeLp : ICoalitionStrategy
{
    private const int Repayment = 3 * 360 + 5;

    public string Name => "just-in-time-lp";
    public IReadOnlyList<string> Members => ["jit"];
    public int Blocks => Repayment + 365;

    public MarginWorldBuilder Arrange(MarginWorldBuilder builder, AdversaryDraw draw) => builder
        .WithParameters(p => p with { TradingFeePpb = Ppb.Zero })
        .WithAccount("jit", 100_000)
        .WithTrader("borrower", draw.DepthTao / 100);

    public IReadOnlyList<Envelope[]> Setup(AdversaryDraw draw) =>
        [[new OpenPosition(AdversaryWorld.Traded, Tao(decimal.Round(draw.DepthTao * 0.0045m, 9)), Fixed.FromInt(2), 1_000).From("borrower")]];

    public IEnumerable<CoalitionMove> Act(EngineView view, int step, AdversaryDraw draw)
    {
        if (step == Repayment - 1) yield return new(new DepositLiquidity(Tao(100_000)).From("jit"), true);
        if (step == Repayment)
            foreach (var id in view.State<MarginState>().Positions.Values.Where(p => p.Owner == "borrower").Select(p => p.Id).ToList())
                yield return new(new ClosePosition(id, 1_000).From("borrower"), false);
        if (step == Repayment + 361 && view.Query<LpQuery, LpView?>(new LpQuery("jit")) is { } lp)
        {
            if (!lp.PendingFees.IsZero) yield return new(new ClaimLpFees().From("jit"), true);
            yield return new(new WithdrawLiquidity(lp.Value).From("jit"), true);
        }
    }
}
