using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Subnets;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Insurance;

/// <summary>The Insurance Pool by hand: the treasury stream until R*, payouts min(ℓ, R), the θ rule, the epoch trigger, the emission diversion.</summary>
public class InsurancePoolTests
{
    [Fact]
    public void The_treasury_stream_stops_at_the_target_reserve()
    {
        // R* = 100 TAO, τ = 30 TAO per block: 30, 60, 90, then min(30, 100 − 90) = 10 → 100, then nothing.
        var w = Create(insurance: new InsuranceParameters { TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 30_000_000_000 });
        w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
        w.Reserve.ShouldBe(Tao(30));
        w.Advance(1); w.Reserve.ShouldBe(Tao(60));
        w.Advance(1); w.Reserve.ShouldBe(Tao(90));
        w.Advance(1); w.Reserve.ShouldBe(Tao(100));
        w.Advance(5); w.Reserve.ShouldBe(Tao(100));
        w.Insurance.Streamed.ShouldBe(Tao(100));
        w.Pool.Treasury.ShouldBe(Tao(900));
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    private static LihWorld PoolOf100()
    {
        // R* = 100 TAO reached in one block (τ = 1,000 TAO per block, capped by R* − R).
        var w = Create(insurance: new InsuranceParameters { TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000 }, probe: true);
        w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
        w.Reserve.ShouldBe(Tao(100));
        w.LambdaPpb.ShouldBe(50_000_000); // λ starts at 5%
        return w;
    }

    [Fact]
    public void Payouts_are_min_of_loss_and_reserve_and_utilisation_above_theta_raises_lambda()
    {
        var w = PoolOf100();
        // All three claims in one block (the stream refills only at the block's end):
        // 1) ℓ = 30, R = 100: pays 30; U = 30/100 = 0.3 > θ = 0.2 → λ = 5% + 2 points = 7%
        // 2) ℓ = 10, R = 70: pays 10; U = 10/70 = 0.142857143 (ppb, rounded up) ≤ θ → λ stays 7%
        // 3) ℓ = 100, R = 60: pays min(100, 60) = 60, 40 uncovered; U = 100/60 = 1.666666667 → λ = 9%
        w.RunOk(new ProbeCover("claims", Tao(30)).From(Nobody), new ProbeCover("claims", Tao(10)).From(Nobody), new ProbeCover("claims", Tao(100)).From(Nobody));
        var covered = w.AllEvents<LossCovered>();
        covered.Select(c => (c.Loss, c.Paid, c.Uncovered, c.UtilizationPpb.Value, c.LambdaPpb.Value)).ShouldBe([
            (Tao(30), Tao(30), Amount.Zero, 300_000_000L, 70_000_000L),
            (Tao(10), Tao(10), Amount.Zero, 142_857_143L, 70_000_000L),
            (Tao(100), Tao(60), Tao(40), 1_666_666_667L, 90_000_000L),
        ]);
        w.Balance("claims").ShouldBe(Tao(100));
        w.Insurance.PaidOut.ShouldBe(Tao(100));
        w.Insurance.Uncovered.ShouldBe(Tao(40));
        // Σ U over the epoch = 0.3 + 0.142857143 + 1.666666667 = 2.10952381 > γ = 1 → top-up allowed
        w.Insurance.EpochUtilizationPpb.ShouldBe(new Ppb(2_109_523_810L));
        w.Insurance.TopUpTriggered.ShouldBeTrue();
        w.AllEvents<LambdaChanged>().Select(l => (l.FromPpb.Value, l.ToPpb.Value)).ShouldBe([(50_000_000L, 70_000_000L), (70_000_000L, 90_000_000L)]);
    }

    [Fact]
    public void A_claim_on_an_empty_pool_is_all_uncovered_and_lambda_is_capped_at_lambda_max()
    {
        var w = Create(insurance: new InsuranceParameters { TargetReserveRao = 0, LambdaStepPpb = new(400_000_000) }, probe: true);
        w.RunOk(new ProbeCover("claims", Tao(5)).From(Nobody), new ProbeCover("claims", Tao(5)).From(Nobody));
        var covered = w.AllEvents<LossCovered>();
        covered.ShouldAllBe(c => c.Paid == Amount.Zero && c.Uncovered == Tao(5) && c.UtilizationPpb == new Ppb(1_000_000_000_000L));
        // 5% + 40 points = 45%, then 85% clamped to λ_max = 50%
        covered.Select(c => c.LambdaPpb.Value).ShouldBe([450_000_000L, 500_000_000L]);
    }

    [Fact]
    public void A_top_up_moves_treasury_TAO_once_triggered_within_beta()
    {
        var w = PoolOf100();
        w.RunOk(new ProbeCover("claims", Tao(100)).From(Nobody)); // U = 1.0 … not above γ = 1
        w.Insurance.TopUpTriggered.ShouldBeFalse();
        w.RunOk(new ProbeCover("claims", Tao(1)).From(Nobody));   // U = 0.01 more
        w.Insurance.TopUpTriggered.ShouldBeTrue();
        // treasury = 1,000 − 100 − 100 (stream refills) = 800 TAO; β = 20% → at most 160 TAO
        var treasury = w.Pool.Treasury;
        var reserve = w.Reserve;
        w.RunOk(new TreasuryTopUp(Tao(150)).From(Dao));
        w.Reserve.ShouldBe(reserve + Tao(150));
        w.Pool.Treasury.ShouldBe(treasury - Tao(150));
        w.Insurance.ToppedUp.ShouldBe(Tao(150));
    }

    [Fact]
    public void Two_top_ups_in_one_epoch_together_move_at_most_beta_of_the_treasury_and_a_new_epoch_allows_again()
    {
        // R* = 100 TAO filled in one block; γ = 10%, β = 20%, epochs of 50 blocks.
        var w = Create(insurance: new InsuranceParameters
        {
            TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000, TopUpTriggerPpb = new(100_000_000), EpochBlocks = 50,
        }, probe: true);
        w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
        long epoch = w.Insurance.EpochStart;
        // a 50 TAO claim on 100: U = 50% > γ; the stream refills the reserve to 100 from the treasury: 1,000 − 100 − 50 = 850
        w.RunOk(new ProbeCover("claims", Tao(50)).From(Nobody));
        w.Insurance.TopUpTriggered.ShouldBeTrue();
        w.Pool.Treasury.ShouldBe(Tao(850));
        w.Pool.TopUpLimit.ShouldBe(Tao(170)); // β·850
        // the adversary: 100 TAO, then 70.000000001 in the same block. Per transaction, the second was within β of the
        // 750 left (150); per epoch, 100 + 70.000000001 > 170 = β of the 850 before this epoch's top-ups.
        var reserve = w.Reserve;
        RejectionProbe.Run(w.Engine, [new TreasuryTopUp(Tao(100)).From(Dao)], new TreasuryTopUp(Tao(70.000000001m)).From(Dao))
            .ShouldBeRejectedWithoutEffect(InsuranceErrors.TopUpAboveLimit, "per epoch");
        // the probe's block (the 100 TAO top-up) stands; the rest of β goes in the next block of the same epoch
        w.RunOk(new TreasuryTopUp(Tao(70)).From(Dao));
        w.Reserve.ShouldBe(reserve + Tao(170));
        w.Pool.Treasury.ShouldBe(Tao(680));
        (w.Insurance.EpochToppedUp, w.Insurance.ToppedUp, w.Pool.TopUpLimit).ShouldBe((Tao(170), Tao(170), Amount.Zero));
        w.Run(new TreasuryTopUp(Rao(1)).From(Dao)).Error.ShouldBe(InsuranceErrors.TopUpAboveLimit);
        // funding the treasury mid-epoch raises the base: β·(680 + 170 + 100) − 170 = 20 TAO
        w.RunOk(new FundTreasury(Tao(100)).From(Foundation));
        w.Pool.TopUpLimit.ShouldBe(Tao(20));

        // a new epoch: the epoch's sum starts again from 0; a top-up needs the trigger again (a 100 TAO claim on 270: U = 37% > γ)
        w.Advance(epoch + 50 - w.Height);
        w.Insurance.EpochStart.ShouldBe(epoch + 50);
        (w.Insurance.EpochToppedUp, w.Insurance.TopUpTriggered).ShouldBe((Amount.Zero, false));
        w.RunOk(new ProbeCover("claims", Tao(100)).From(Nobody));
        w.Pool.Treasury.ShouldBe(Tao(780));
        w.Pool.TopUpLimit.ShouldBe(Tao(156)); // β·780
        w.RunOk(new TreasuryTopUp(Tao(156)).From(Dao));
        (w.Insurance.EpochToppedUp, w.Insurance.ToppedUp).ShouldBe((Tao(156), Tao(326)));
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void Lambda_of_alpha_out_is_diverted_and_sold_into_the_reserve()
    {
        var w = Create(insurance: new InsuranceParameters { FundedNetuid = FundedNetuid, TargetReserveRao = 0 });
        w.RunOk(new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        // The pool: 10,000 TAO against 200,000 alpha. The insurance hook points 5% of alpha_out at insurance:emissions.
        w.Advance(1);
        var emission = w.Engine.Query<SubnetQuery, SubnetView?>(new(FundedNetuid)).ShouldNotBeNull().Emission;
        // alpha_out = 1 alpha per block; λ·alpha_out = 0.05·1e9 = 50,000,000 rao diverted before the owner's cut
        emission.LastBlock.AlphaOut.ShouldBe(Tao(1));
        emission.Diverted.LastBlock.ShouldBe(Rao(50_000_000));
        emission.Diverted.Share.ShouldBe(new Ppb(50_000_000));
        emission.Diverted.To.ShouldBe(InsuranceModule.EmissionsAccount);
        // sold: 10,000e9·5e7/(200,000e9 + 5e7) = 2,499,999.375 → 2,499,999 rao
        var funded = w.LastBlockEvents<EmissionFunded>().Single();
        funded.Alpha.ShouldBe(Rao(50_000_000));
        funded.Tao.ShouldBe(Rao(2_499_999));
        w.Reserve.ShouldBe(Rao(2_499_999));
        w.Insurance.LastFundingTao.ShouldBe(Rao(2_499_999));
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
    }
}
