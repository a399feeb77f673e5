using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Queries;

/// <summary>
/// The declared queries answer with typed records, checked by hand on the world of <c>OpenPositionTests</c>: a quiet
/// SN3 pool of 100,000 TAO and 2,000,000 alpha, lp-ann's 10,000 TAO, and carol (tier 1: 100 SN67 alpha staked)
/// opening 10 TAO at 3× in block 4: borrowed 20 TAO, trading fee 0.081 TAO (30 TAO · 0.3% · 0.9), spend 29.919 TAO,
/// alpha ⌊2,000,000e9 · 29.919e9 / 100,029.919e9⌋ = 598,201,024,235 rao; the pool then holds 100,029.919 TAO and
/// 1,999,401.798975765 alpha.
/// </summary>
public class MarginQueryTests
{
    private const long CarolAlpha = 598_201_024_235;

    private static (MarginWorld World, long Id) Opened()
    {
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, taoReserve: 100_000, price: "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("carol", tao: 1_000, tierAlpha: 100)
            .WithPair(3)
            .Build();
        long id = world.Open("carol", 3, Tao(10), "3");
        world.Height.ShouldBe(4);
        return (world, id);
    }

    [Fact]
    public void Position_answers_with_health_debt_value_and_pnl()
    {
        var (world, id) = Opened();
        // Selling the alpha straight back: the pool's alpha returns to exactly 2,000,000, so the sale is
        // ⌊100,029.919e9 · 598,201,024,235 / 2,000,000e9⌋ = 29,918,999,999 rao (one rao short of the spend).
        const long value = 29_918_999_999;
        var view = world.Engine.Query<PositionQuery, PositionView?>(new PositionQuery(id)).ShouldNotBeNull();
        view.ShouldBe(view with
        {
            Id = 1, Owner = "carol", Netuid = 3, Alpha = Rao(CarolAlpha), InitialCollateral = Tao(10), AddedCollateral = Amount.Zero,
            Borrowed = Tao(20), Leverage = X("3"), EntryPrice = Fixed.Ratio(Tao(29.919m), Rao(CarolAlpha), Rounding.Up), OpenedAt = 4,
            BorrowingFeeOwed = Amount.Zero, Value = Rao(value), Debt = Tao(20),
            HealthPpb = 1_495_949_999,                   // ⌊29,918,999,999 · 1e9 / 20e9⌋
            LiquidationThresholdPpb = new Ppb(1_100_000_000), Liquidatable = false,
            PnlRao = -81_000_001,                        // 29,918,999,999 − 20e9 − 10e9
            LiquidationCalls = 0,
        });
        // Where health reaches 110% on this constant-product pool (k fixed): T·a/(A + a) = 22 TAO with T·A = k, solved
        // exactly: 0.0367863698912… TAO per alpha. The view's figure is a double-precision display value.
        var price = view.LiquidationPrice.ShouldNotBeNull();
        (price - X("0.036786369891217939")).Abs().ShouldBeLessThan(X("0.000000001"));

        world.Engine.Query<PositionQuery, PositionView?>(new PositionQuery(2)).ShouldBeNull();
        world.Engine.Query<PositionsQuery, PositionList>(new PositionsQuery("carol")).Positions.ShouldBe([view]);
        world.Engine.Query<PositionsQuery, PositionList>(new PositionsQuery("nobody")).Positions.ShouldBeEmpty();
    }

    [Fact]
    public void Lp_pair_tier_and_summary_answer_with_the_books()
    {
        var (world, _) = Opened();

        // lp-ann deposited 10,000 TAO in block 1 for 1e13 shares (1:1) and, as the only LP, gets all of the LP share of
        // the open's fee: 30% of 81,000,000 = 24,300,000, less 12.5% to insurance = 21,262,500.
        world.Lp("lp-ann").ShouldBe(new LpView("lp-ann", 10_000_000_000_000, Tao(10_000), Rao(21_262_500), Amount.Zero,
            LastActionBlock: 1, WithdrawalsOpenAt: 361));
        world.Lp("carol").ShouldBeNull();

        var spot = world.Spot(3);
        (spot - X("0.050029923475732791")).Abs().ShouldBeLessThan(X("0.000000000000000002"));
        world.Pair(3).ShouldBe(new PairView(3, X("10"), new Ppb(1_100_000_000), new Bps(1_000), Active: true, Tao(10), Tao(20), Rao(CarolAlpha),
            OpenPositions: 1, spot));
        world.Pair(4).ShouldBeNull();

        world.Tier("carol").ShouldBe(new TierView("carol", 1, Alpha(100), Amount.Zero, X("3"), new Ppb(100_000_000)));

        // Utilisation 20/10,000 = 0.2% = 2,000,000 ppb; rate 50,000 + 0.002·150,000/0.8 = 50,375 ppb per 360 blocks.
        // The vault: 10,000 deposited + 10 collateral − 29.919 spent − 0.0030375 to insurance = 9,980.0779625 TAO, which is
        // exactly what it owes: free liquidity 9,980 + LP fees 0.0212625 + protocol fees 0.0567.
        var summary = world.Summary();
        summary.ShouldBe(new MarginSummary(
            new PoolView(Tao(10_000), 10_000_000_000_000, Fixed.One, Tao(20), Tao(9_980), new Ppb(2_000_000), new Ppb(50_375), 0, LastAccrualBlock: 0, false),
            new FeesView(Rao(21_262_500), Amount.Zero, Rao(56_700_000), Amount.Zero, Rao(81_000_000), Amount.Zero, Amount.Zero),
            new InsuranceView(Rao(3_037_500), Rao(3_037_500), Amount.Zero, Amount.Zero, Amount.Zero),
            new BuybackView(Amount.Zero, Amount.Zero, Amount.Zero, null),
            new SolvencyView(Tao(9_980.0779625m), Tao(9_980.0779625m), Amount.Zero, true),
            Liquidations: 0, Pairs: 1, OpenPositions: 1, LiquidityProviders: 1));
        world.Solvency().ShouldBe(summary.Solvency);
    }

    [Fact]
    public void Claims_and_candidates_answer_after_a_liquidation()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        world.Engine.Query<LiquidationCandidatesQuery, LiquidationCandidates>(new LiquidationCandidatesQuery(3))
            .ShouldBe(new LiquidationCandidates(3, [id]), new CandidatesComparer());
        world.Candidates(4).ShouldBeEmpty(); // not a pair
        foreach (var caller in MarginWorldBuilder.Liquidators) world.Run(new Liquidate(id).From(caller)).ShouldBeAccepted();

        // LiquidationTests worked these: ½ of the liquidators' 837,409,252 to the first caller, the owner's claim
        // 2,577,445,901 rao.
        world.Engine.Query<ClaimsQuery, ClaimsView>(new ClaimsQuery("liq-1")).ShouldBe(new ClaimsView("liq-1", Rao(418_704_626), Amount.Zero, Amount.Zero));
        world.Engine.Query<ClaimsQuery, ClaimsView>(new ClaimsQuery("bob")).ShouldBe(new ClaimsView("bob", Amount.Zero, Rao(2_577_445_901), Amount.Zero));
        world.Candidates(3).ShouldBeEmpty();
        world.Summary().Liquidations.ShouldBe(1);
    }

    /// <summary>Records holding lists compare their lists by reference; this compares the ids.</summary>
    private sealed class CandidatesComparer : IEqualityComparer<LiquidationCandidates>
    {
        public bool Equals(LiquidationCandidates? x, LiquidationCandidates? y) =>
            x is not null && y is not null && x.Netuid == y.Netuid && x.PositionIds.SequenceEqual(y.PositionIds);

        public int GetHashCode(LiquidationCandidates obj) => obj.Netuid;
    }

    [Fact]
    public void The_state_view_is_the_typed_margin_view()
    {
        var (world, id) = Opened();
        var view = world.Engine.DescribeModules().Single(m => m.Module == MarginModule.ModuleName).View.ShouldBeOfType<MarginView>();
        view.Pool.ShouldBe(world.Summary().Pool);
        view.Solvency.Solvent.ShouldBeTrue();
        view.Positions.ShouldBe([world.Position(id)]);
        view.Pairs.ShouldBe([world.Pair(3)!]);
        view.LiquidityProviders.ShouldBe([world.Lp("lp-ann")!]);
        view.Tiers.ShouldBe([world.Tier("carol")]);
    }
}
