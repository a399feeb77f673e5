using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>
/// Issue 8, item 6: a bankrupt liquidation charges no exit fee the position cannot pay. The adversary: a 10,000× long
/// gapped through its bankruptcy price. The pool must pay exactly the loss beyond the margin, not the fee on top, and
/// the lenders' fee income must not grow from the liquidation.
/// </summary>
public class BankruptLiquidationTests
{
    /// <summary>
    /// Market "A" at 2 TAO per unit, depth 1e12 (so the round trip through the vAMM is exact to a rounding unit), every cap unlocked (no
    /// reserve needed) so L_max = 10,000× (σ_ref = 1: the controller neither lowers it nor deepens the buffers), and an
    /// Insurance Pool of R* = 100 TAO filled in one block from a 1,000 TAO treasury.
    /// </summary>
    private static LihWorld TenThousandX()
    {
        var perps = new PerpsParameters { Caps = [.. new PerpsParameters().Caps.Select(c => c with { UnlockReserveRao = 0 })] };
        var w = Create(perps, new InsuranceParameters { TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000 },
            new RiskParameters { SigmaRef = Fixed.One });
        w.RunOk(Post(AlphaTao, "2"), new DepositPerpLiquidity(Tao(10_000)).From(Lender), new FundTreasury(Tao(1_000)).From(Foundation));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true),
            new UnlockLeverageCap().From(Dao), new UnlockLeverageCap().From(Dao), new UnlockLeverageCap().From(Dao));
        w.Advance(1);
        w.Perps.MaxLeverage.ShouldBe(X("10000"));
        w.Reserve.ShouldBe(Tao(100));
        return w;
    }

    [Fact]
    public void A_10000x_long_gapped_through_bankruptcy_costs_the_pool_exactly_the_loss_beyond_its_margin()
    {
        var w = TenThousandX();
        long id = w.Open(Long("t1", "A", 1, "10000"));
        // notional 10,000 TAO = 5,000 units at the peg 2 on depth D = 1e12: the long buys s = 5,000·D/(D + 5,000) units.
        // open fee (1,000 + 10,000) ppb·10,000 TAO = 110,000,000 rao (11% of the margin)
        w.AllEvents<PerpOpened>().Single().Fee.ShouldBe(Rao(110_000_000));
        var feesAfterOpen = w.Perps.FeesToLenders;
        feesAfterOpen.ShouldBe(Rao(110_000_000));
        var paidOutBefore = w.Insurance.PaidOut;

        // the index gaps 2 → 1.9996 (−0.02%, twice the margin) in one block
        w.RunOk(Post(AlphaTao, "1.9996"));
        // exit: selling s back returns D·s/(D − s) = 5,000 units exactly, less the rounding units the vault keeps; at 1.9996
        // that is 9,998 TAO less a few 1e-18: PnL = −2 TAO less them, floored to whole rao against the trader: −2,000,000,001 rao.
        // Equity before the fee = 1 TAO − 2,000,000,001 rao = −1,000,000,001 rao. The exit fee would be 11,000 ppb·9,998 TAO
        // = 109,978,000 rao: before item 6 the loss included it, and the pool paid the fee into the vault.
        var liquidated = w.AllEvents<PerpLiquidated>().Single();
        liquidated.PositionId.ShouldBe(id);
        liquidated.Loss.ShouldBe(Tao(1) + Rao(1));
        liquidated.InsurancePaid.ShouldBe(Tao(1) + Rao(1));
        liquidated.LenderLoss.ShouldBe(Amount.Zero);
        (liquidated.Penalty, liquidated.Returned).ShouldBe((Amount.Zero, Amount.Zero));
        var covered = w.AllEvents<LossCovered>().Single();
        (covered.Loss, covered.Paid).ShouldBe((Tao(1) + Rao(1), Tao(1) + Rao(1)));
        (w.Insurance.PaidOut - paidOutBefore).ShouldBe(Tao(1) + Rao(1));
        w.Perps.InsurancePaid.ShouldBe(Tao(1) + Rao(1));
        w.Perps.LenderLosses.ShouldBe(Amount.Zero);
        // the lenders' fee income is the open fee only: nothing from the bankrupt exit
        w.Perps.FeesToLenders.ShouldBe(feesAfterOpen);
        w.Perps.Positions.ShouldBeEmpty();
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void A_position_whose_equity_covers_part_of_the_fee_pays_that_part_and_the_pool_pays_nothing()
    {
        var w = TenThousandX();
        w.Open(Long("t1", "A", 1, "10000"));
        var feesAfterOpen = w.Perps.FeesToLenders;
        var traderBefore = w.Balance("t1");
        // 2 → 1.99981: exit = (5,000 units less rounding units)·1.99981 = 9,999.05 TAO less a few 1e-18; PnL = −0.95 TAO
        // floored against the trader to −950,000,001 rao; equity before the fee = 49,999,999 rao, below the 109,989,550 rao
        // fee: the fee is those 49,999,999 rao, and nothing is left to return.
        w.RunOk(Post(AlphaTao, "1.99981"));
        var liquidated = w.AllEvents<PerpLiquidated>().Single();
        (liquidated.Loss, liquidated.InsurancePaid, liquidated.Penalty, liquidated.Returned).ShouldBe((Amount.Zero, Amount.Zero, Amount.Zero, Amount.Zero));
        w.AllEvents<LossCovered>().ShouldBeEmpty();
        (w.Perps.FeesToLenders - feesAfterOpen).ShouldBe(Rao(49_999_999));
        w.Balance("t1").ShouldBe(traderBefore);
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }
}
