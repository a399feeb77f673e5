using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>
/// Opening a position, worked by hand on a quiet SN3 pool of 100,000 TAO and 2,000,000 alpha (spot 0.05 TAO):
/// borrowed = C·(L − 1); trading fee = gross·0.3%·(1 − discount), rounded up once; the alpha is the pool's exact
/// output for gross − fee; free LP liquidity must cover 1.2·borrowed.
/// </summary>
public class OpenPositionTests
{
    private static MarginWorld World(decimal lpDeposit = 10_000, Func<MarginParameters, MarginParameters>? parameters = null) =>
        MarginWorldBuilder.Create()
            .WithParameters(parameters ?? (p => p))
            .WithSubnet(3, taoReserve: 100_000, price: "0.05")
            .WithLp("lp-ann", lpDeposit)
            .WithTrader("carol", tao: 1_000, tierAlpha: 100) // tier 1: 3x, 10% discount
            .WithPair(3)
            .Build();

    [Fact]
    public void Open_at_3x_with_a_tier_1_discount_borrows_twice_the_collateral_and_buys_the_pools_exact_output()
    {
        var world = World();
        world.Reserves(3).ShouldBe((Tao(100_000), Alpha(2_000_000)));
        var carolBefore = world.Balance("carol");

        long id = world.Open("carol", 3, Tao(10), "3");

        // borrowed = C·(L − 1) = 10·2 = 20 TAO; gross = 30 TAO
        // fee = 30 TAO · 0.3% · (1 − 10%) = 0.081 TAO = 81,000,000 rao (exact, nothing to round)
        // spend = 30 − 0.081 = 29.919 TAO
        // alpha = ⌊2,000,000e9 · 29.919e9 / (100,000e9 + 29.919e9)⌋ = ⌊598,201,024,235.559⌋ = 598,201,024,235 rao
        var opened = world.LastBlockEvents<PositionOpened>().ShouldHaveSingleItem();
        opened.ShouldBe(new PositionOpened(id, "carol", 3, Tao(10), Tao(20), Rao(598_201_024_235), X("3"), Rao(81_000_000), Tier: 1, DiscountPpb: 100_000_000));
        Cp.Out(Tao(100_000), Alpha(2_000_000), Tao(29.919m)).ShouldBe(Rao(598_201_024_235));

        var position = world.State.Positions[id];
        position.InitialCollateral.ShouldBe(Tao(10));
        position.Borrowed.ShouldBe(Tao(20));
        position.Alpha.ShouldBe(Rao(598_201_024_235));
        position.AddedCollateral.ShouldBe(Amount.Zero);
        position.BorrowIndexAtOpen.ShouldBe(world.State.BorrowIndex);
        // entry price = spend/alpha rounded up = 29.919e9/598,201,024,235 = 0.050014959500046729…
        position.EntryPrice.ShouldBe(Fixed.Ratio(Tao(29.919m), Rao(598_201_024_235), Rounding.Up));

        // The pool took 29.919 TAO and paid the alpha; the trader paid the 10 TAO collateral; the alpha sits with the protocol.
        world.Reserves(3).ShouldBe((Tao(100_029.919m), Alpha(2_000_000) - Rao(598_201_024_235)));
        world.Balance("carol").ShouldBe(carolBefore - Tao(10));
        world.AlphaBalance(MarginModule.PositionsAccount, 3).ShouldBe(Rao(598_201_024_235));
        world.State.TotalBorrowed.ShouldBe(Tao(20));
        world.State.TotalInitialCollateral.ShouldBe(Tao(10));
        world.State.Pairs[3].TotalAlpha.ShouldBe(Rao(598_201_024_235));

        // The fee's split (mainnet trading 30/0/70, 12.5% of the LP part to insurance):
        // LP 30% = 24,300,000 → insurance 3,037,500, LPs 21,262,500; protocol 56,700,000.
        world.LastBlockEvents<FeeDistributed>().ShouldHaveSingleItem()
            .ShouldBe(new FeeDistributed("trading", Rao(81_000_000), Rao(21_262_500), Rao(3_037_500), Rao(56_700_000)));
        world.State.PendingLpFees.ShouldBe(Rao(21_262_500));
        world.State.ProtocolFees.ShouldBe(Rao(56_700_000));
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(Rao(3_037_500));
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void Trading_fee_is_gross_times_rate_times_one_minus_discount_rounded_up_once()
    {
        var world = World();

        world.Open("carol", 3, Rao(10_000_000_334), "1");

        // gross = 10,000,000,334 rao (1x: nothing borrowed); 10,000,000,334 · 0.003 · 0.9 = 27,000,000.9018 → 27,000,001.
        // (Rounding twice, ⌈⌈gross·0.3%⌉·0.9⌉ = ⌈30,000,002·0.9⌉ = 27,000,002, would overcharge by one rao.)
        world.LastBlockEvents<PositionOpened>().ShouldHaveSingleItem().TradingFee.ShouldBe(Rao(27_000_001));
    }

    [Fact]
    public void Free_liquidity_must_cover_one_point_two_times_the_borrow()
    {
        // Minimum liquidity 0 so the breaker stays off with a 24-TAO pool.
        var exact = World(lpDeposit: 24, parameters: p => p with { MinLiquidityRao = 0 });
        // borrowed 20 TAO needs 1.2·20 = 24 TAO free: exactly there.
        exact.Run(new OpenPosition(3, Tao(10), X("3"), 1_000).From("carol")).ShouldBeAccepted();

        var short1 = World(lpDeposit: 24, parameters: p => p with { MinLiquidityRao = 0 });
        // 10.000000001 TAO at 3x borrows 20.000000002 TAO and needs ⌈24.0000000024⌉ = 24.000000003 TAO free; 24 is free.
        short1.Run(new OpenPosition(3, Tao(10.000000001m), X("3"), 1_000).From("carol"))
            .ShouldBeRejectedWith(MarginErrors.InsufficientLiquidity, "needs 24.000000003 TAO of free LP liquidity");
    }

    [Fact]
    public void Free_liquidity_counts_what_is_already_lent()
    {
        var world = World(lpDeposit: 50, parameters: p => p with { MinLiquidityRao = 0 });
        world.Open("carol", 3, Tao(10), "3"); // 20 lent: 30 free
        world.State.LpAssets.SaturatingSub(world.State.TotalBorrowed).ShouldBe(Tao(30));
        // 12.5 TAO at 3x borrows 25, needing 30 free: accepted; a rao more is not.
        world.Run(new OpenPosition(3, Tao(12.500000001m), X("3"), 1_000).From("carol")).ShouldBeRejectedWith(MarginErrors.InsufficientLiquidity);
        world.Run(new OpenPosition(3, Tao(12.5m), X("3"), 1_000).From("carol")).ShouldBeAccepted();
    }

    [Fact]
    public void The_tier_caps_leverage_and_the_pair_caps_it_further()
    {
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithSubnet(4, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("carol", 1_000, tierAlpha: 100)
            .WithTrader("dave", 1_000, tierAlpha: 10_000)
            .WithPair(3)
            .WithPair(4, maxLeverage: "2.5")
            .Build();

        world.Run(new OpenPosition(3, Tao(1), X("3.000000000000000001"), 1_000).From("carol"))
            .ShouldBeRejectedWith(MarginErrors.LeverageAboveTier, "requested 3.000000000000000001x, tier 1 allows 3x");
        world.Run(new OpenPosition(3, Tao(1), X("10"), 1_000).From("dave")).ShouldBeAccepted();
        world.Run(new OpenPosition(4, Tao(1), X("2.6"), 1_000).From("dave"))
            .ShouldBeRejectedWith(MarginErrors.LeverageAbovePair, "subnet 4's pair allows 2.5x");
        world.Run(new OpenPosition(4, Tao(1), X("2.5"), 1_000).From("dave")).ShouldBeAccepted();
        world.Run(new OpenPosition(4, Tao(1), X("0.999999999999999999"), 1_000).From("dave")).ShouldBeRejectedWith(MarginErrors.LeverageBelowOne);
    }

    [Fact]
    public void The_slippage_limit_bounds_price_impact_against_spot()
    {
        var world = World();
        // 100 TAO at 3x spends 300 − 0.81 = 299.19 TAO; spot promises 299.19/0.05 = 5,983.8 alpha; the pool pays
        // ⌊2e15·299.19e9/(1e14 + 299.19e9)⌋ = 5,965.95… alpha: 0.298% short of spot. 29 bps refuses it, 30 accepts.
        var bought = Cp.Out(Tao(100_000), Alpha(2_000_000), Tao(299.19m));
        bought.ShouldBe(Rao(5_965_950_472_780));
        world.Run(new OpenPosition(3, Tao(100), X("3"), 29).From("carol"))
            .ShouldBeRejectedWith(MarginErrors.PriceImpactTooHigh, "more than 29 bps");
        world.Run(new OpenPosition(3, Tao(100), X("3"), 30).From("carol")).ShouldBeAccepted();
        world.LastBlockEvents<PositionOpened>().ShouldHaveSingleItem().Alpha.ShouldBe(bought);
    }
}
