using Ballast.Core.Blocks;
using Ballast.Subnets;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Rejections;

/// <summary>
/// Every MarginErrors code provoked by a real transaction, asserting the code, its sentence, and that the block with
/// the rejected transaction leaves exactly the state (hash, full view, events) of the same block without it.
/// </summary>
public class MarginRejectionTests
{
    private const string Manager = MarginWorldBuilder.Manager;

    /// <summary>
    /// SN3 (pair, 10×) and SN5 (pair, 2.5×), SN4 (no pair); lp-ann's 10,000 TAO; carol tier 1, dave tier 5, bob tier 0,
    /// erin with a 5-TAO crowdloan; carol's position 1 (10 TAO at 3×) opened in block 4. With <paramref name="pastLpCooldown"/>
    /// the world runs on to block 362 (LP withdrawals open, one accrual done).
    /// </summary>
    private static MarginWorld Basic(bool pastLpCooldown = false, decimal lp = 10_000, Func<MarginWorldBuilder, MarginWorldBuilder>? more = null,
        bool open = true)
    {
        var builder = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithSubnet(4, 100_000, "0.05")
            .WithSubnet(5, 100_000, "0.05")
            .WithLp("lp-ann", lp, spare: 100)
            .WithAccount("lp-ben", 100)
            .WithTrader("carol", 1_000, tierAlpha: 100)
            .WithTrader("dave", 5_000, tierAlpha: 10_000)
            .WithTrader("bob", 1_000)
            .WithTrader("erin", 1_000, crowdloanTao: 5)
            .WithPair(3)
            .WithPair(5, maxLeverage: "2.5");
        var world = (more ?? (b => b))(builder).Build();
        world.Height.ShouldBe(3);
        if (open) world.Open("carol", 3, Tao(10), "3").ShouldBe(1);
        if (pastLpCooldown) world.AdvanceTo(362);
        return world;
    }

    /// <summary>After a buyback in block 5 and a refill of the pool: bob's 400 TAO at 2× pays 1.68 TAO of protocol fees, twice.</summary>
    private static MarginWorld BoughtBack()
    {
        var world = Basic();
        world.Open("bob", 3, Tao(400), "2");
        world.RunOk(new WithdrawProtocolFees().From(Manager), new ExecuteBuyback().From("bob"));
        world.RunOk(new ClosePosition(2, 1_000).From("bob"), new WithdrawProtocolFees().From(Manager));
        world.State.BuybackPool.ShouldBeGreaterThanOrEqualTo(Tao(1));
        return world;
    }

    private static MarginWorld Crashed(decimal dump)
    {
        var world = CrashWorld.Build();
        CrashWorld.Crash(world, dump);
        return world;
    }

    public static readonly IReadOnlyList<MarginRejectionCase> Cases =
    [
        new("open on a subnet that is no pair", MarginErrors.UnknownPair, "subnet 4 is not a margin pair",
            () => Basic(), w => new OpenPosition(4, Tao(1), X("2"), 1_000).From("dave")),
        new("update of a pair never listed", MarginErrors.UnknownPair, "subnet 4 is not a margin pair",
            () => Basic(), w => new UpdatePair(4, X("2"), 1_100_000_000, 1_000, true).From(Manager)),
        new("listing a pair twice", MarginErrors.PairExists, "subnet 3 is already a pair",
            () => Basic(), w => new AddPair(3, X("5")).From(Manager)),
        new("open on a deactivated pair", MarginErrors.PairInactive, "subnet 5's pair is not active",
            () => Basic().Also(w => w.RunOk(new UpdatePair(5, X("2"), 1_100_000_000, 1_000, false).From(Manager))),
            w => new OpenPosition(5, Tao(1), X("2"), 1_000).From("dave")),
        new("pair threshold below 105%", MarginErrors.InvalidPair, "105%–110%",
            () => Basic(), w => new AddPair(4, X("5"), 1_049_999_999).From(Manager)),
        new("collateral below 0.1 TAO", MarginErrors.DepositBelowMinimum, "at least 0.100000000 TAO of collateral; got 0.099999999",
            () => Basic(), w => new OpenPosition(3, Rao(99_999_999), X("2"), 1_000).From("dave")),
        new("LP deposit below 0.1 TAO", MarginErrors.DepositBelowMinimum, "an LP deposit is at least 0.100000000 TAO",
            () => Basic(), w => new DepositLiquidity(Rao(99_999_999)).From("lp-ben")),
        new("leverage above the tier", MarginErrors.LeverageAboveTier, "requested 2.000000000000000001x, tier 0 allows 2x",
            () => Basic(), w => new OpenPosition(3, Tao(1), X("2.000000000000000001"), 1_000).From("bob")),
        new("leverage above the crowdloan's unlock", MarginErrors.LeverageAboveTier, "requested 7x, tier 0 allows 5x",
            () => Basic(), w => new OpenPosition(3, Tao(1), X("7"), 1_000).From("erin")),
        new("leverage above the pair", MarginErrors.LeverageAbovePair, "requested 3x, subnet 5's pair allows 2.5x",
            () => Basic(), w => new OpenPosition(5, Tao(1), X("3"), 1_000).From("dave")),
        new("leverage below one", MarginErrors.LeverageBelowOne, "leverage is at least 1x; got 0.5x",
            () => Basic(), w => new OpenPosition(3, Tao(1), X("0.5"), 1_000).From("dave")),
        new("slippage limit above the pair's", MarginErrors.SlippageLimitAbovePair, "a slippage limit is 0–1000 bps on subnet 3; got 1001",
            () => Basic(), w => new OpenPosition(3, Tao(1), X("2"), 1_001).From("dave")),
        new("negative slippage limit on close", MarginErrors.SlippageLimitAbovePair, "got -1",
            () => Basic(), w => new ClosePosition(1, -1).From("carol")),
        new("open moving the price beyond the limit", MarginErrors.PriceImpactTooHigh, "more than 10 bps",
            () => Basic(), w => new OpenPosition(3, Tao(100), X("3"), 10).From("dave")),
        new("buyback beyond five percent", MarginErrors.PriceImpactTooHigh, "more than 500 bps",
            () => MarginWorldBuilder.Create().WithSubnet(67, 10, "0.01").WithSubnet(3, 100_000, "0.05").WithLp("lp-ann", 10_000).WithTrader("bob", 1_000).WithPair(3).Build().Also(w =>
            {
                w.Open("bob", 3, Tao(400), "2");
                w.RunOk(new WithdrawProtocolFees().From(Manager));
            }),
            w => new ExecuteBuyback().From("bob")),
        new("borrow beyond free liquidity", MarginErrors.InsufficientLiquidity, "of free LP liquidity (with the buffer)",
            () => Basic(), w => new OpenPosition(3, Tao(1_000), X("10"), 1_000).From("dave")),
        new("LP withdrawal above the utilisation cap", MarginErrors.UtilizationCapExceeded, "above the 90% cap",
            () => Basic(pastLpCooldown: true, lp: 1_000).Also(w => w.Open("dave", 3, Tao(100), "8")),
            w => new WithdrawLiquidity(Tao(300)).From("lp-ann")),
        new("second position action in a block", MarginErrors.UserCooldown, "the next position action is allowed from block",
            () => Basic(), w => new AddCollateral(1, Tao(1)).From("carol"), w => [new OpenPosition(3, Tao(1), X("2"), 1_000).From("carol")]),
        new("LP withdrawal within 360 blocks of a deposit", MarginErrors.LpCooldown, "withdrawals open at block 361",
            () => Basic(), w => new WithdrawLiquidity(Tao(1)).From("lp-ann")),
        new("withdrawal by someone without shares", MarginErrors.NotLiquidityProvider, "lp-ben holds no LP shares",
            () => Basic(pastLpCooldown: true), w => new WithdrawLiquidity(Tao(1)).From("lp-ben")),
        new("fee claim by someone who never provided", MarginErrors.NotLiquidityProvider, "lp-ben is not a liquidity provider",
            () => Basic(), w => new ClaimLpFees().From("lp-ben")),
        new("emission claim by someone who never provided", MarginErrors.NotLiquidityProvider, "lp-ben is not a liquidity provider",
            () => Basic(), w => new ClaimLpEmissions().From("lp-ben")),
        new("withdrawal above the LP's value", MarginErrors.WithdrawalAboveShare, "lp-ann's LP shares are worth 10000.000000000 TAO; asked 10000.000000001",
            () => Basic(pastLpCooldown: true), w => new WithdrawLiquidity(Tao(10_000.000000001m)).From("lp-ann")),
        new("close of an unknown position", MarginErrors.UnknownPosition, "no open position 7",
            () => Basic(), w => new ClosePosition(7, 1_000).From("carol")),
        new("liquidation of an unknown position", MarginErrors.UnknownPosition, "no open position 7",
            () => Basic(), w => new Liquidate(7).From("liq-1")),
        new("collateral for someone else's position", MarginErrors.NotPositionOwner, "position 1 belongs to carol, not dave",
            () => Basic(), w => new AddCollateral(1, Tao(1)).From("dave")),
        new("close of more alpha than the position holds", MarginErrors.CloseAmountTooLarge, "position 1 holds 598201024235 alpha units; asked to close 598201024236",
            () => Basic(), w => new ClosePosition(1, 1_000, Rao(598_201_024_236)).From("carol")),
        new("close of an underwater position", MarginErrors.CloseWouldLeaveDebt, "an underwater position can only be liquidated",
            () => Crashed(1_000_000), w => new ClosePosition(1, 1_000).From("bob")),
        new("liquidation of a healthy position", MarginErrors.NotLiquidatable, "position 1's health is",
            () => Basic(), w => new Liquidate(1).From("liq-1")),
        new("second liquidation call in a block", MarginErrors.LiquidationAlreadyCalled, "position 1 already had its liquidation call in block 364",
            () => Crashed(380_000), w => new Liquidate(1).From("liq-2"), w => [new Liquidate(1).From("liq-1")]),
        new("LP fee claim with nothing accrued", MarginErrors.NothingToClaim, "lp-ben has no LP fees to claim",
            () => Basic().Also(w => w.RunOk(new DepositLiquidity(Tao(1)).From("lp-ben"))), w => new ClaimLpFees().From("lp-ben")),
        new("LP fee claim with nothing accrued but emissions pending", MarginErrors.NothingToClaim, "lp-ben has no LP fees to claim",
            () => Basic(more: b => b.EmissionsToLps()).Also(w => { w.RunOk(new DepositLiquidity(Tao(1)).From("lp-ben")); w.Engine.AdvanceBlocks(3); }),
            w => new ClaimLpFees().From("lp-ben")),
        new("LP emission claim with fees pending but no emissions", MarginErrors.NothingToClaim, "lp-ann has no emissions to claim",
            () => Basic(), w => new ClaimLpEmissions().From("lp-ann")),
        new("liquidator reward claim with none", MarginErrors.NothingToClaim, "liq-1 has no liquidator rewards to claim",
            () => Basic(), w => new ClaimLiquidatorRewards().From("liq-1")),
        new("proceeds claim with none", MarginErrors.NothingToClaim, "carol has no liquidation proceeds to claim",
            () => Basic(), w => new ClaimProceeds().From("carol")),
        new("buyback before its interval", MarginErrors.BuybackNotDue, "the last buyback was at block 6; the next is due at block 7206",
            BoughtBack, w => new ExecuteBuyback().From("bob")),
        new("buyback with less than 1 TAO in the pool", MarginErrors.BuybackPoolBelowThreshold, "the buyback pool holds 0.000000000 TAO; a buyback needs 1.000000000",
            () => Basic(), w => new ExecuteBuyback().From("bob")),
        new("burn with nothing bought", MarginErrors.NothingToBurn, "no bought-back alpha to burn",
            () => Basic(), w => new BurnBoughtAlpha().From("bob")),
        new("protocol-fee withdrawal with none", MarginErrors.NoProtocolFees, "no protocol fees have accrued",
            () => Basic().Also(w => w.RunOk(new WithdrawProtocolFees().From(Manager))), w => new WithdrawProtocolFees().From(Manager)),
        new("insurance draw above the fund", MarginErrors.InsufficientInsurance, "the insurance fund holds 0.003037500 TAO; asked 1.000000000",
            () => Basic(), w => new DrawInsurance(Tao(1)).From(Manager)),
        new("open while the breaker is tripped", MarginErrors.CircuitBreakerTripped, "margin.open is halted by the circuit breaker",
            () => Basic(lp: 999, open: false), w => new OpenPosition(3, Tao(1), X("2"), 1_000).From("dave")),
        new("claim while the breaker is tripped", MarginErrors.CircuitBreakerTripped, "margin.claimLpFees is halted by the circuit breaker",
            () => Basic(lp: 999, open: false), w => new ClaimLpFees().From("lp-ann")),
        new("accrual within 360 blocks", MarginErrors.BorrowAccrualCooldown, "the borrow accumulator moved at block 0; next from block 360",
            () => Basic(), w => new AccrueBorrowFees().From("bob")),
        new("crowdloan withdrawal without a contribution", MarginErrors.NoCrowdloanContribution, "bob has contributed nothing to the crowdloan",
            () => Basic(), w => new WithdrawCrowdloan().From("bob")),
        new("buyback without the protocol subnet", MarginErrors.ProtocolSubnetMissing, "the protocol subnet 67 is not registered",
            () => MarginWorldBuilder.Create().WithoutProtocolSubnet().WithSubnet(3, 100_000, "0.05").WithLp("lp-ann", 10_000).WithTrader("bob", 1_000).WithPair(3).Build()
                .Also(w => { w.Open("bob", 3, Tao(400), "2"); w.RunOk(new WithdrawProtocolFees().From(Manager)); }),
            w => new ExecuteBuyback().From("bob")),
        // ---------- the hardened preset's refusals ----------
        new("open above the pool-depth limit", MarginErrors.PositionTooLarge, "above 1% of subnet 3's 100000.000000000 TAO pool (1000.000000000 TAO)",
            () => Hardened(), w => new OpenPosition(3, Tao(600), X("2"), 1_000).From("dave")),
        new("open while spot is pushed away from the TWAP", MarginErrors.PriceAwayFromTwap, "opens wait while it is more than 2%",
            () => Hardened(), w => new OpenPosition(3, Tao(10), X("2"), 1_000).From("dave"),
            w => [new Swap(3, SwapDirection.TaoToAlpha, Tao(5_000), Rao(0)).From(MarginWorldBuilder.Whale)]),
        new("10x open that starts below its threshold", MarginErrors.OpenBelowThreshold, "below subnet 3's threshold 110%",
            () => Hardened().Also(w =>
            {
                w.RunOk(new Unstake(MarginWorldBuilder.ProtocolNetuid, MarginWorldBuilder.ProtocolHotkey, Alpha(10_000)).From("dave"));
                w.RunOk(new LockTierAlpha(Alpha(10_000)).From("dave"));
            }),
            w => new OpenPosition(3, Tao(50), X("10"), 1_000).From("dave")),
        new("crowdloan withdrawal with a position open under locked tiers", MarginErrors.TierInputsLocked, "erin has an open position",
            () => Hardened().Also(w => w.Open("erin", 3, Tao(10), "5")), w => new WithdrawCrowdloan().From("erin")),
        new("tier unlock with a position open under locked tiers", MarginErrors.TierInputsLocked, "locked tier alpha stays until every position is closed",
            () => Hardened().Also(w =>
            {
                w.RunOk(new Unstake(MarginWorldBuilder.ProtocolNetuid, MarginWorldBuilder.ProtocolHotkey, Alpha(100)).From("carol"));
                w.RunOk(new LockTierAlpha(Alpha(100)).From("carol"));
                w.Open("carol", 3, Tao(10), "3");
            }),
            w => new UnlockTierAlpha(Alpha(1)).From("carol")),
        new("tier unlock above what is locked", MarginErrors.UnlockAboveLocked, "bob has 0 alpha units locked for tiers; asked 1",
            () => Basic(), w => new UnlockTierAlpha(Rao(1)).From("bob")),
    ];

    /// <summary><see cref="Basic"/> under the hardened preset, without carol's position (her staked tier does not count there).</summary>
    private static MarginWorld Hardened() => Basic(open: false, more: b => b.WithPreset("hardened"));

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Rejected_with_its_code_and_sentence_and_without_effect(string name) => Cases.Single(c => c.Name == name).Verify();
}

internal static class Fluent
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
