using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>
/// Closing in part and in full, worked by hand. carol (tier 1, 10% discount) opens 10 TAO at 3× on the quiet SN3 pool
/// (alpha 598,201,024,235; pool 100,029,919,000,000 TAO / 1,999,401,798,975,765 alpha); the whale then buys with
/// 10,000 TAO (181,714,375,248,768 alpha out; pool 110,029,919,000,000 / 1,817,687,423,726,997, spot ≈ 0.0605).
/// </summary>
public class ClosePositionTests
{
    private const long CarolAlpha = 598_201_024_235;

    private static (MarginWorld World, long Id) Opened()
    {
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("carol", 1_000, tierAlpha: 100)
            .WithPair(3)
            .Build();
        long id = world.Open("carol", 3, Tao(10), "3");
        world.State.Positions[id].Alpha.ShouldBe(Rao(CarolAlpha));
        return (world, id);
    }

    [Fact]
    public void Closing_half_then_the_rest_repays_pro_rata_and_sends_ten_percent_of_profit_above_collateral_to_insurance()
    {
        var (world, id) = Opened();
        world.WhaleBuys(3, Tao(10_000)).ShouldBeAccepted();
        world.Reserves(3).ShouldBe((Rao(110_029_919_000_000), Rao(1_817_687_423_726_997)));
        var carol = world.Balance("carol");
        var insurance = world.Balance(MarginModule.InsuranceAccount);

        world.RunOk(new ClosePosition(id, 1_000, Rao(299_100_512_117)).From("carol"));
        // sold 299,100,512,117 of 598,201,024,235 alpha:
        // repay   = ⌈20e9·sold/alpha⌉ = ⌈9,999,999,999.98⌉ = 10,000,000,000
        // initial = ⌊10e9·sold/alpha⌋ = 4,999,999,999 (the part of the collateral this close returns)
        // proceeds = ⌊110,029,919,000,000·sold/(1,817,687,423,726,997 + sold)⌋ = 18,102,447,230
        // fee = ⌈18,102,447,230·0.3%·0.9⌉ = ⌈48,876,607.52⌉ = 48,876,608; no borrowing fee yet (no period has passed)
        // net = 18,102,447,230 − 10,000,000,000 − 48,876,608 = 8,053,570,622
        // profit above collateral = 8,053,570,622 − 4,999,999,999 = 3,053,570,623 → insurance ⌈10%⌉ = 305,357,063
        // paid out = 8,053,570,622 − 305,357,063 = 7,748,213,559
        world.LastBlockEvents<PositionClosed>().ShouldHaveSingleItem().ShouldBe(new PositionClosed(
            id, Rao(299_100_512_117), Rao(18_102_447_230), Rao(10_000_000_000), Rao(0), Rao(48_876_608), Rao(305_357_063), Rao(7_748_213_559), Full: false));
        world.Balance("carol").ShouldBe(carol + Rao(7_748_213_559));
        var left = world.State.Positions[id];
        left.Alpha.ShouldBe(Rao(CarolAlpha - 299_100_512_117));
        left.Borrowed.ShouldBe(Rao(10_000_000_000));
        left.InitialCollateral.ShouldBe(Rao(5_000_000_001));
        world.State.TotalBorrowed.ShouldBe(Rao(10_000_000_000));
        // insurance: 12.5% of the LP's 30% of the fee (⌊48,876,608·0.3⌋ = 14,662,982 → 1,832,872) and the profit cut
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(insurance + Rao(1_832_872) + Rao(305_357_063));

        world.RunOk(new ClosePosition(id, 1_000).From("carol")); // the rest
        // sold 299,100,512,118 into 91,927,471,770,770 TAO / 1,817,986,524,239,114 alpha:
        // proceeds = 18,096,491,674; fee ⌈·0.27%⌉ = 48,860,528; net = 18,096,491,674 − 10,000,000,000 − 48,860,528 = 8,047,631,146
        // profit = 8,047,631,146 − 5,000,000,001 = 3,047,631,145 → ⌈10%⌉ = 304,763,115; paid 7,742,868,031
        world.LastBlockEvents<PositionClosed>().ShouldHaveSingleItem().ShouldBe(new PositionClosed(
            id, Rao(299_100_512_118), Rao(18_096_491_674), Rao(10_000_000_000), Rao(0), Rao(48_860_528), Rao(304_763_115), Rao(7_742_868_031), Full: true));
        world.State.Positions.ShouldBeEmpty();
        world.State.TotalBorrowed.ShouldBe(Amount.Zero);
        world.State.TotalInitialCollateral.ShouldBe(Amount.Zero);
        world.State.Pairs[3].TotalAlpha.ShouldBe(Amount.Zero);
        world.AlphaBalance(MarginModule.PositionsAccount, 3).ShouldBe(Amount.Zero);
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void Added_collateral_coming_back_is_not_profit_for_the_insurance_cut()
    {
        // The same trade twice, once with 5 TAO of added collateral: the sale and the costs are identical, the payout
        // grows by exactly the 5 TAO, and the 10% insurance cut — on profit above all collateral put in — is the same.
        PositionClosed Close(bool addCollateral)
        {
            var (world, id) = Opened();
            if (addCollateral) world.RunOk(new AddCollateral(id, Tao(5)).From("carol"));
            world.WhaleBuys(3, Tao(10_000)).ShouldBeAccepted();
            world.RunOk(new ClosePosition(id, 1_000).From("carol"));
            return world.LastBlockEvents<PositionClosed>().ShouldHaveSingleItem();
        }
        var plain = Close(addCollateral: false);
        var added = Close(addCollateral: true);
        added.Proceeds.ShouldBe(plain.Proceeds);
        added.InsuranceCut.ShouldBe(plain.InsuranceCut);
        plain.InsuranceCut.IsZero.ShouldBeFalse();
        added.PaidOut.ShouldBe(plain.PaidOut + Tao(5));
    }

    [Fact]
    public void Closing_at_a_loss_takes_no_insurance_cut_and_repays_the_borrowing_fee()
    {
        var (world, id) = Opened();
        world.AdvanceTo(world.Height - 1 + 360); // one period at U = 20/10,000 = 0.2%: 50,000 + ⌊0.002·150,000/0.8⌋ = 50,375 ppb
        world.State.BorrowIndex.ShouldBe((UInt128)50_375);
        // owed = ⌈20e9·50,375/1e9 · 0.9⌉ = ⌈1,007,500·0.9⌉ = 906,750
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao(906_750));
        var (tao, alpha) = world.Reserves(3);

        world.RunOk(new ClosePosition(id, 1_000).From("carol"));
        var proceeds = Cp.Out(alpha, tao, Rao(CarolAlpha)); // selling straight back into the pool it was bought from
        var fee = Rao(Cp.MulDivUp(proceeds.Units, 2_700_000, 1_000_000_000));
        var closed = world.LastBlockEvents<PositionClosed>().ShouldHaveSingleItem();
        closed.ShouldBe(new PositionClosed(id, Rao(CarolAlpha), proceeds, Tao(20), Rao(906_750), fee, Rao(0), proceeds - Tao(20) - Rao(906_750) - fee, Full: true));
        (proceeds - Tao(20) - Rao(906_750) - fee).ShouldBeLessThan(Tao(10)); // a loss: no cut
        world.LastBlockEvents<FeeDistributed>().Select(f => (f.Kind, f.Fee)).ShouldBe([("trading", fee), ("borrowing", Rao(906_750))]);
    }

    [Fact]
    public void Close_takes_the_whole_position_when_no_amount_or_zero_is_given_and_refuses_more_than_it_holds()
    {
        var (world, id) = Opened();
        world.Run(new ClosePosition(id, 1_000, Rao(CarolAlpha + 1)).From("carol"))
            .ShouldBeRejectedWith(MarginErrors.CloseAmountTooLarge, $"holds {CarolAlpha} alpha units");
        world.RunOk(new ClosePosition(id, 1_000, Amount.Zero).From("carol"));
        world.LastBlockEvents<PositionClosed>().ShouldHaveSingleItem().Full.ShouldBeTrue();
    }

    [Fact]
    public void Close_is_bounded_by_the_traders_slippage_limit_and_the_pairs()
    {
        var (world, id) = Opened();
        world.Run(new ClosePosition(id, 1_001).From("carol")).ShouldBeRejectedWith(MarginErrors.SlippageLimitAbovePair, "0–1000 bps");
        // Selling 598 alpha into ~2M moves the price ~0.03% below spot: a 1-bps limit refuses it.
        world.Run(new ClosePosition(id, 1).From("carol")).ShouldBeRejectedWith(MarginErrors.PriceImpactTooHigh);
        world.Run(new ClosePosition(id, 100).From("carol")).ShouldBeAccepted();
    }

    [Fact]
    public void Only_the_owner_closes_or_adds_collateral()
    {
        var (world, id) = Opened();
        world.Run(new ClosePosition(id, 1_000).From("lp-ann")).ShouldBeRejectedWith(MarginErrors.NotPositionOwner, "belongs to carol, not lp-ann");
        world.Run(new AddCollateral(id, Tao(1)).From("lp-ann")).ShouldBeRejectedWith(MarginErrors.NotPositionOwner);
        world.Run(new ClosePosition(99, 1_000).From("carol")).ShouldBeRejectedWith(MarginErrors.UnknownPosition, "no open position 99");
    }
}
