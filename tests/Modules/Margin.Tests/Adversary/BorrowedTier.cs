using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>What a <see cref="BorrowedTier"/> coalition passes around.</summary>
public enum TierInput
{
    /// <summary>10,000 protocol-subnet alpha: staked to the protocol hotkey (live tiers) or locked in the module (locked tiers).</summary>
    TierAlpha,
    /// <summary>A 10-TAO crowdloan contribution (10× and a 50% discount on mainnet).</summary>
    Crowdloan,
}

/// <summary>
/// Borrowed eligibility: one tier input — 10,000 alpha or a 10-TAO crowdloan contribution — passed from account to
/// account, each of which opens a 10× long with it and hands it on while its position stays open. What it earns is
/// eligibility, not a price: the figures are the open positions whose owners no longer hold what entitled them
/// (<see cref="PositionsBeyondOwnInputs"/>) and the fee discount those positions got at open (<see cref="BorrowedDiscountRao"/>).
/// Every transaction is a price move for the baseline's sake (the baseline opens nothing).
/// </summary>
public sealed class BorrowedTier(TierInput input) : ICoalitionStrategy
{
    private static readonly string[] Borrowers = ["borrower-1", "borrower-2", "borrower-3"];

    public string Name => input == TierInput.TierAlpha ? "borrowed-tier-alpha" : "borrowed-crowdloan";
    public IReadOnlyList<string> Members => ["holder", .. Borrowers];
    public int Blocks => 2 * Borrowers.Length + 1;

    public MarginWorldBuilder Arrange(MarginWorldBuilder builder, AdversaryDraw draw)
    {
        builder = input == TierInput.TierAlpha ? builder.WithTrader("holder", 1_000, tierAlpha: 10_000) : builder.WithTrader("holder", 1_000, crowdloanTao: 10);
        foreach (var b in Borrowers) builder.WithAccount(b, 1_000);
        return builder;
    }

    public IReadOnlyList<Envelope[]> Setup(AdversaryDraw draw) => [];

    public IEnumerable<CoalitionMove> Act(EngineView view, int step, AdversaryDraw draw)
    {
        // Even steps hand the input from its current holder to the next borrower; odd steps let that borrower take it up and open.
        int i = step / 2;
        if (i >= Borrowers.Length) yield break;
        string from = i == 0 ? "holder" : Borrowers[i - 1], to = Borrowers[i];
        bool locked = view.Params<MarginParameters>().TierInputs == TierInputs.LockedInMargin;
        var alpha = SubnetModule.AlphaSymbol(AdversaryWorld.Protocol);
        var tierAlpha = Alpha(10_000);
        if (step % 2 == 0)
        {
            if (input == TierInput.TierAlpha)
            {
                yield return new(new Unstake(AdversaryWorld.Protocol, MarginWorldBuilder.ProtocolHotkey, tierAlpha).From(from), true);
                yield return new(new UnlockTierAlpha(tierAlpha).From(from), true);
                yield return new(new Transfer(to, alpha, tierAlpha).From(from), true);
            }
            else
            {
                yield return new(new WithdrawCrowdloan().From(from), true);
                yield return new(new Transfer(to, Ballast.Core.Blocks.Engine.TaoSymbol, Tao(10)).From(from), true);
            }
            yield break;
        }
        if (input == TierInput.TierAlpha)
            yield return new(locked ? new LockTierAlpha(tierAlpha).From(to) : new Stake(AdversaryWorld.Protocol, MarginWorldBuilder.ProtocolHotkey, tierAlpha).From(to), true);
        else
            yield return new(new ContributeCrowdloan(Tao(10)).From(to), true);
        // 0.1 TAO plus 0.05% of the pool's depth at 10×: inside every depth limit (the opening check may still refuse it).
        yield return new(new OpenPosition(AdversaryWorld.Traded, Tao(0.1m + decimal.Round(draw.DepthTao / 20_000, 9)), Fixed.FromInt(10), 1_000).From(to), true);
    }

    /// <summary>Borrowers' open positions at a leverage their owners' tier inputs no longer allow: each rests on an input passed on.</summary>
    public static int PositionsBeyondOwnInputs(MarginWorld world) => Beyond(world).Count;

    /// <summary>The trading-fee discount (rao) those positions got at open: what the passing took from LPs and protocol.</summary>
    public static Int128 BorrowedDiscountRao(MarginWorld world, MarginParameters p)
    {
        var beyond = Beyond(world).ToHashSet();
        Int128 extra = 0;
        foreach (var e in world.AllEvents<PositionOpened>().Where(e => beyond.Contains(e.PositionId)))
            extra += (Int128)p.TradingFeePpb.Of(e.Collateral + e.Borrowed, Rounding.Up).Units - (Int128)e.TradingFee.Units;
        return extra;
    }

    private static List<long> Beyond(MarginWorld world) => world.State.Positions.Values
        .Where(p => Borrowers.Contains(p.Owner) && p.Leverage > world.Tier(p.Owner).MaxLeverage).Select(p => p.Id).ToList();
}
