using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>
/// The circuit breaker (LP liquidity below 1,000 TAO or utilisation above 90%; lifts by itself), governance pauses,
/// per-user and LP cooldowns and the utilisation cap on LP withdrawals. While tripped or paused: no opening, no
/// claims, no buyback or burn; closing, adding collateral and liquidation always work.
/// </summary>
public class GuardTests
{
    /// <summary>Every action the breaker and a pause refuse, for a sender who would otherwise be accepted or have nothing to claim.</summary>
    private static Envelope[] Halted() =>
    [
        new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave"),
        new ClaimLpFees().From("lp-ann"),
        new ClaimLpEmissions().From("lp-ann"),
        new ClaimLiquidatorRewards().From("liq-1"),
        new ClaimProceeds().From("dave"),
        new ExecuteBuyback().From("dave"),
        new BurnBoughtAlpha().From("dave"),
    ];

    private static MarginWorld World(decimal lp = 1_000) => MarginWorldBuilder.Create()
        .WithSubnet(3, 100_000, "0.05")
        .WithLp("lp-ann", lp, spare: 10)
        .WithTrader("dave", 3_000, tierAlpha: 10_000)
        .WithAccount("lp-ben", 100)
        .WithPair(3)
        .Build();

    [Fact]
    public void Breaker_trips_below_the_minimum_liquidity_and_lifts_when_it_is_back()
    {
        var world = World(lp: 999.999999999m);
        world.State.BreakerTripped.ShouldBeTrue();
        world.AllEvents<CircuitBreaker>().ShouldHaveSingleItem()
            .ShouldBe(new CircuitBreaker(true, "LP liquidity 999.999999999 TAO is below the minimum 1000.000000000"));
        world.Run(new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave"))
            .ShouldBeRejectedWith(MarginErrors.CircuitBreakerTripped,
                "margin.open is halted by the circuit breaker (LiquidityBelowMinimum): LP liquidity 999.999999999 TAO is below the minimum 1000.000000000");
        world.State.BreakerCondition.ShouldBe(BreakerCondition.LiquidityBelowMinimum);

        world.RunOk(new DepositLiquidity(Tao(0.1m)).From("lp-ben")); // deposits are never halted
        world.State.BreakerTripped.ShouldBeFalse();
        world.LastBlockEvents<CircuitBreaker>().ShouldHaveSingleItem().Tripped.ShouldBeFalse();
        world.Run(new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave")).ShouldBeAccepted();
    }

    [Fact]
    public void Breaker_trips_above_ninety_percent_utilisation_halts_opening_and_claims_but_not_exits_then_lifts_itself()
    {
        var world = World();
        // 800 of 1,000 lent (80%) leaves 200 free, enough for 150 more (1.2·150 = 180): 95% after it.
        long first = world.Open("dave", 3, Tao(100), "9");
        var block = world.Block(new OpenPosition(3, Tao(50), X("4"), 1_000).From("dave")); // the second open
        block.Results[0].ShouldBeAccepted();
        world.Summary().Pool.UtilizationPpb.ShouldBe(new Ppb(950_000_000));
        world.State.BreakerTripped.ShouldBeTrue();
        world.LastBlockEvents<CircuitBreaker>().ShouldHaveSingleItem().ShouldBe(new CircuitBreaker(true, "utilisation 95% is above 90%"));

        foreach (var tx in Halted())
            world.Run(tx).ShouldBeRejectedWith(MarginErrors.CircuitBreakerTripped, $"margin.{world.Engine.Catalog.NameOf(tx.Payload).Split('.')[1]} is halted");
        // The refusal names the condition that tripped it.
        world.State.BreakerCondition.ShouldBe(BreakerCondition.UtilizationAboveCap);
        world.Run(new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave")).ShouldBeRejectedWith(MarginErrors.CircuitBreakerTripped,
            "margin.open is halted by the circuit breaker (UtilizationAboveCap): utilisation 95% is above 90%");

        // Adding collateral and closing still work; closing the first position brings utilisation back down.
        world.Run(new AddCollateral(first, Tao(1)).From("dave")).ShouldBeAccepted();
        world.Run(new ClosePosition(first, 1_000).From("dave")).ShouldBeAccepted();
        world.State.BreakerTripped.ShouldBeFalse();
        world.State.BreakerCondition.ShouldBe(BreakerCondition.None);
        world.LastBlockEvents<CircuitBreaker>().ShouldHaveSingleItem().ShouldBe(new CircuitBreaker(false, "liquidity and utilisation back within limits"));
        world.Run(new ClaimLpFees().From("lp-ann")).ShouldBeAccepted();
        world.Run(new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave")).ShouldBeAccepted();
    }

    [Fact]
    public void While_tripped_the_breaker_records_and_announces_which_condition_holds_now()
    {
        var world = World();
        world.Open("dave", 3, Tao(100), "9");
        world.RunOk(new OpenPosition(3, Tao(50), X("4"), 1_000).From("dave")); // 95%: tripped on utilisation
        world.State.BreakerCondition.ShouldBe(BreakerCondition.UtilizationAboveCap);

        // Governance raises the minimum above the pool: checked first (the contract's order), it now holds the breaker.
        world.Govern(new SetParameter("margin", "MinLiquidityRao", "2000000000000")).ShouldBeAccepted(); // the hook re-evaluates
        world.State.BreakerTripped.ShouldBeTrue();
        world.State.BreakerCondition.ShouldBe(BreakerCondition.LiquidityBelowMinimum);
        world.AllEvents<CircuitBreaker>().Count.ShouldBe(2);
        world.AllEvents<CircuitBreaker>()[^1].ShouldBe(new CircuitBreaker(true, "LP liquidity 1000.000000000 TAO is below the minimum 2000.000000000"));
        world.Run(new ClaimLpFees().From("lp-ann")).ShouldBeRejectedWith(MarginErrors.CircuitBreakerTripped,
            "margin.claimLpFees is halted by the circuit breaker (LiquidityBelowMinimum): LP liquidity 1000.000000000 TAO is below the minimum 2000.000000000");
    }

    [Fact]
    public void Liquidation_works_while_the_breaker_is_tripped()
    {
        // CrashWorld with the minimum liquidity raised above the pool through governance: tripped for good.
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        world.Govern(new SetParameter("margin", "MinLiquidityRao", "20000000000000")).ShouldBeAccepted();
        world.Engine.AdvanceBlocks(1);
        world.State.BreakerTripped.ShouldBeTrue();
        for (int k = 0; k < 5; k++) world.Run(new Liquidate(id).From(MarginWorldBuilder.Liquidators[k])).ShouldBeAccepted();
        world.State.Positions.ShouldBeEmpty();
        world.Run(new ClaimProceeds().From("bob")).ShouldBeRejectedWith(MarginErrors.CircuitBreakerTripped);
        world.Run(new ClaimLiquidatorRewards().From("liq-1")).ShouldBeRejectedWith(MarginErrors.CircuitBreakerTripped);
    }

    [Fact]
    public void A_governance_pause_halts_opening_claims_and_buyback_but_not_exits_or_liquidation()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        world.RunOk(new Pause("margin").From(MarginWorldBuilder.Guardian));
        world.Engine.Pauses.View().ShouldBe(["margin"]);

        world.Run(new OpenPosition(3, Tao(1), X("2"), 1_000).From("bob")).ShouldBeRejectedWith(GovernanceErrors.Paused, "margin.open is paused");
        foreach (var tx in new Envelope[] { new ClaimLpFees().From("lp-ann"), new ClaimLpEmissions().From("lp-ann"), new ClaimLiquidatorRewards().From("liq-1"),
                     new ClaimProceeds().From("bob"), new ExecuteBuyback().From("bob"), new BurnBoughtAlpha().From("bob") })
            world.Run(tx).ShouldBeRejectedWith(GovernanceErrors.Paused);

        // Liquidation runs; adding collateral and closing (of another position) would too.
        for (int k = 0; k < 5; k++) world.Run(new Liquidate(id).From(MarginWorldBuilder.Liquidators[k])).ShouldBeAccepted();
        world.State.Positions.ShouldBeEmpty();
        world.Run(new ClaimProceeds().From("bob")).ShouldBeRejectedWith(GovernanceErrors.Paused);

        world.Run(new Unpause("margin").From(MarginWorldBuilder.Guardian)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
        world.Govern(new Unpause("margin")).ShouldBeAccepted();
        world.Run(new ClaimProceeds().From("bob")).ShouldBeAccepted();
    }

    [Fact]
    public void A_paused_position_can_still_be_topped_up_and_closed()
    {
        var world = World();
        long id = world.Open("dave", 3, Tao(10), "2");
        world.RunOk(new Pause("margin").From(MarginWorldBuilder.Guardian));
        world.Run(new AddCollateral(id, Tao(1)).From("dave")).ShouldBeAccepted();
        world.Run(new ClosePosition(id, 1_000).From("dave")).ShouldBeAccepted();
        world.Run(new DepositLiquidity(Tao(1)).From("lp-ben")).ShouldBeAccepted();
    }

    [Fact]
    public void Pausing_one_action_halts_only_that_action()
    {
        var world = World();
        world.RunOk(new Pause("margin.open").From(MarginWorldBuilder.Guardian));
        world.Run(new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave")).ShouldBeRejectedWith(GovernanceErrors.Paused, "margin.open is paused");
        world.Run(new ClaimLpFees().From("lp-ann")).ShouldBeRejectedWith(MarginErrors.NothingToClaim); // not paused: it reaches its own check
    }

    [Fact]
    public void One_position_action_per_user_per_block()
    {
        var world = World();
        var results = world.Block(
            new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave"),
            new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave")).Results;
        results[0].ShouldBeAccepted();
        results[1].ShouldBeRejectedWith(MarginErrors.UserCooldown, $"dave acted at block {world.Height}; the next position action is allowed from block {world.Height + 1}");
        long id = world.State.Positions.Keys.Single();
        var next = world.Block(new AddCollateral(id, Tao(1)).From("dave"), new ClosePosition(id, 1_000).From("dave")).Results;
        next[0].ShouldBeAccepted();
        next[1].ShouldBeRejectedWith(MarginErrors.UserCooldown);
        world.Run(new ClosePosition(id, 1_000).From("dave")).ShouldBeAccepted();
    }

    [Fact]
    public void An_lp_withdraws_360_blocks_after_its_last_lp_action()
    {
        var world = World(lp: 2_000);
        long depositedAt = 1;
        world.Run(new WithdrawLiquidity(Tao(1)).From("lp-ann"))
            .ShouldBeRejectedWith(MarginErrors.LpCooldown, $"last LP action was at block {depositedAt}; withdrawals open at block {depositedAt + 360}");
        world.AdvanceTo(depositedAt + 359 - 1);
        world.Run(new WithdrawLiquidity(Tao(1)).From("lp-ann")).ShouldBeRejectedWith(MarginErrors.LpCooldown);
        world.Run(new WithdrawLiquidity(Tao(1)).From("lp-ann")).ShouldBeAccepted();
        world.Height.ShouldBe(depositedAt + 360);
        world.Run(new WithdrawLiquidity(Tao(1)).From("lp-ann")).ShouldBeRejectedWith(MarginErrors.LpCooldown);
    }

    [Fact]
    public void An_lp_withdrawal_may_not_push_utilisation_above_the_cap()
    {
        var world = World(lp: 10_000);
        world.Open("dave", 3, Tao(1_000), "9"); // 8,000 of 10,000 lent
        world.AdvanceTo(1 + 360);
        // ⌈8,000e9·1e9/remaining⌉ ≤ 900,000,000 ⇔ remaining ≥ 8,888,888,888,889 rao: at most 1,111,111,111,111 may leave.
        world.Run(new WithdrawLiquidity(Rao(1_111_111_111_112)).From("lp-ann"))
            .ShouldBeRejectedWith(MarginErrors.UtilizationCapExceeded, "above the 90% cap");
        world.Run(new WithdrawLiquidity(Rao(1_111_111_111_111)).From("lp-ann")).ShouldBeAccepted();
        world.State.LpAssets.ShouldBe(Rao(8_888_888_888_889));
    }

    [Theory]
    [InlineData(1)]          // all but one rao: 8,000e9·1e9/1 is far beyond a 64-bit ppb figure
    [InlineData(0)]          // everything
    public void Withdrawing_nearly_everything_under_heavy_borrowing_is_refused_for_utilisation(long leaveRao)
    {
        var world = World(lp: 10_000);
        world.Open("dave", 3, Tao(1_000), "9");
        world.AdvanceTo(1 + 360);
        world.Run(new WithdrawLiquidity(Tao(10_000) - Rao((ulong)leaveRao)).From("lp-ann"))
            .ShouldBeRejectedWith(MarginErrors.UtilizationCapExceeded);
    }

    [Fact]
    public void Withdrawals_are_bounded_by_the_lps_share()
    {
        var world = World(lp: 2_000);
        world.AdvanceTo(1 + 360);
        world.Run(new WithdrawLiquidity(Tao(1)).From("lp-ben")).ShouldBeRejectedWith(MarginErrors.NotLiquidityProvider, "lp-ben holds no LP shares");
        world.Run(new WithdrawLiquidity(Tao(2_000.000000001m)).From("lp-ann"))
            .ShouldBeRejectedWith(MarginErrors.WithdrawalAboveShare, "shares are worth 2000.000000000 TAO");
        world.Run(new WithdrawLiquidity(Tao(2_000)).From("lp-ann")).ShouldBeAccepted();
        world.State.TotalLpShares.ShouldBe(UInt128.Zero);
        world.State.LpAssets.ShouldBe(Ballast.Core.Numerics.Amount.Zero);
    }
}
