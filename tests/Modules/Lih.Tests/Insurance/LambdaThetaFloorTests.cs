using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.Subnets;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Insurance;

/// <summary>
/// Issue 8, item 8: the θ step survives the PID (it sets a floor on λ for the rest of its epoch), and the delay from
/// λ to the emission is the least the hook order allows: λ set in a hook of block t (the controller's, or a θ step
/// from the perps hook's liquidations) is the diverted share of block t + 1's emission; set by a transaction of
/// block t, of block t's own. Before, the controller's λ waited for the pool's next hook to point the
/// diversion and reached block t + 2's emission (an artefact of the hook order subnets → … → insurance → risk).
/// </summary>
public class LambdaThetaFloorTests
{
    /// <summary>
    /// R* = 100 TAO reached in one block; a funded subnet so the PID runs; one market with nothing open so EL = 0
    /// and the PID drives λ to λ_min = 1%. Epochs of 100 blocks.
    /// </summary>
    private static LihWorld QuietPool()
    {
        var w = Create(insurance: new InsuranceParameters
        {
            FundedNetuid = FundedNetuid, TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000, EpochBlocks = 100,
        }, probe: true);
        w.RunOk(Post(AlphaTao, "1"), new FundTreasury(Tao(1_000)).From(Foundation), new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        for (int i = 0; i < 60; i++) w.RunOk(Post(AlphaTao, "1"));
        w.LambdaPpb.ShouldBe(10_000_000); // EL = 0: the PID has taken λ from 5% down to λ_min
        w.Reserve.ShouldBeGreaterThanOrEqualTo(Tao(100)); // R* plus the emission sold since
        return w;
    }

    [Fact]
    public void A_theta_step_holds_lambda_up_for_the_rest_of_its_epoch_then_the_PID_takes_it_back_down()
    {
        var w = QuietPool();
        long epochEnd = w.Insurance.EpochStart + 100;
        // ℓ = 30 TAO on R = 100: U = 0.3 > θ = 0.2 → λ = 1% + 2 points = 3%, and the floor is 3% until the epoch ends.
        w.RunOk(new ProbeCover("claims", Tao(30)).From(Nobody));
        w.Insurance.LambdaFloorPpb.ShouldBe(new Ppb(30_000_000));
        w.Pool.LambdaFloor.ShouldBe(X("0.03"));
        // Without the floor the PID (e = 0 − 0.03, α = 0.3) would take 0.9 points off in this very block.
        while (w.Height < epochEnd - 1)
        {
            w.LambdaPpb.ShouldBe(30_000_000, $"block {w.Height}");
            w.RunOk(Post(AlphaTao, "1"));
        }
        w.LambdaPpb.ShouldBe(30_000_000);
        // The epoch rolls over in the pool's hook of block epochEnd (before the controller's): the floor is gone and
        // the PID lowers λ in that block.
        w.RunOk(Post(AlphaTao, "1"));
        w.Height.ShouldBe(epochEnd);
        w.Insurance.LambdaFloorPpb.ShouldBe(Ppb.Zero);
        w.LambdaPpb.ShouldBeLessThan(30_000_000);
        for (int i = 0; i < 30; i++) w.RunOk(Post(AlphaTao, "1"));
        w.LambdaPpb.ShouldBe(10_000_000);
    }

    [Fact]
    public void The_PID_may_still_raise_lambda_above_the_floor()
    {
        var w = QuietPool();
        w.RunOk(new ProbeCover("claims", Tao(30)).From(Nobody));
        // A second breach in the same epoch steps again from the current λ and raises the floor with it.
        w.RunOk(new ProbeCover("claims", Tao(50)).From(Nobody)); // R = 70 + refill to 100 → U = 0.5
        w.LambdaPpb.ShouldBe(50_000_000);
        w.Insurance.LambdaFloorPpb.ShouldBe(new Ppb(50_000_000));
    }

    [Fact]
    public void Lambda_set_by_the_controller_reaches_the_next_blocks_emission_and_a_theta_step_in_a_transaction_its_own_blocks()
    {
        var w = Create(insurance: new InsuranceParameters { FundedNetuid = FundedNetuid, TargetReserveRao = 100_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000_000 }, probe: true);
        w.RunOk(Post(AlphaTao, "1"), new FundTreasury(Tao(1_000)).From(Foundation), new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true));
        // The PID moves λ every block from 5% towards 1% (34.5, 23.305, 15.23545 ... ‰): λ at the end of block h is
        // the share diverted in block h + 1 (the subnets' hook runs first in a block, so one block is the least).
        var lambdaAtEnd = new Dictionary<long, long>();
        for (int i = 0; i < 20; i++)
        {
            w.RunOk(Post(AlphaTao, "1"));
            lambdaAtEnd[w.Height] = w.LambdaPpb;
            if (lambdaAtEnd.TryGetValue(w.Height - 1, out var set)) Share(w).ShouldBe(set, $"block {w.Height}");
        }
        lambdaAtEnd.Values.Distinct().Count().ShouldBeGreaterThanOrEqualTo(3); // λ moved while pinned: the pin is not vacuous
        // A θ step in a transaction of block t comes before every hook of t: block t's own emission is diverted at it
        // (a θ step from the perps hook's liquidations, after the subnets' hook, reaches block t + 1's, as the controller's).
        for (int i = 0; i < 40; i++) w.RunOk(Post(AlphaTao, "1"));
        w.LambdaPpb.ShouldBe(10_000_000);
        Share(w).ShouldBe(10_000_000);
        w.RunOk(new ProbeCover("claims", Tao(30)).From(Nobody));
        w.LambdaPpb.ShouldBe(30_000_000);
        Share(w).ShouldBe(30_000_000);
    }

    /// <summary>The share of the last block's alpha_out that was diverted to the pool, in ppb.</summary>
    private static long Share(LihWorld w)
    {
        var emission = w.Engine.Query<SubnetQuery, SubnetView?>(new(FundedNetuid)).ShouldNotBeNull().Emission;
        return (long)(emission.Diverted.LastBlock.Units * 1_000_000_000 / emission.LastBlock.AlphaOut.Units);
    }
}
