using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>
/// Buyback and burn (mainnet): anyone may spend the whole buyback pool on SN67 alpha once it holds ≥ 1 TAO and
/// 7,200 blocks have passed since the last buyback, accepting at most 5% below spot; a separate call burns it.
/// dave (tier 0) opens 400 TAO at 2×: fee 800·0.3% = 2.4 TAO, of which 70% = 1.68 TAO is the protocol's; withdrawn,
/// 60% = 1.008 TAO goes to the buyback pool (owner 42,000,000; insurance 134,400,000; treasury 495,600,000 rao).
/// </summary>
public class BuybackTests
{
    private static MarginWorld Funded(decimal protocolSubnetTao = 100_000, bool protocolSubnet = true)
    {
        var builder = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("dave", 2_000)
            .WithPair(3);
        if (!protocolSubnet) builder.WithoutProtocolSubnet();
        else if (protocolSubnetTao != 100_000) builder.WithSubnet(67, protocolSubnetTao, "0.01");
        var world = builder.Build();
        world.Open("dave", 3, Tao(400), "2");
        world.State.ProtocolFees.ShouldBe(Tao(1.68m));
        world.Run(new ExecuteBuyback().From("dave")).ShouldBeRejectedWith(MarginErrors.BuybackPoolBelowThreshold, "holds 0.000000000 TAO; a buyback needs 1.000000000");
        world.RunOk(new WithdrawProtocolFees().From(MarginWorldBuilder.Manager));
        world.LastBlockEvents<ProtocolFeesWithdrawn>().ShouldHaveSingleItem()
            .ShouldBe(new ProtocolFeesWithdrawn(Tao(1.68m), Rao(42_000_000), Rao(1_008_000_000), Rao(134_400_000), Rao(495_600_000)));
        world.State.BuybackPool.ShouldBe(Rao(1_008_000_000));
        return world;
    }

    [Fact]
    public void Buyback_spends_the_whole_pool_on_protocol_alpha_and_burn_destroys_it()
    {
        var world = Funded();
        world.Reserves(67).ShouldBe((Tao(100_000), Alpha(10_000_000)));
        var vault = world.Balance(MarginModule.VaultAccount);
        var supply = world.Engine.Ledger.Supply(world.Subnet(67).AlphaToken);

        world.RunOk(new ExecuteBuyback().From("lp-ann"));
        long boughtAt = world.Height;
        // alpha = ⌊10,000,000e9 · 1.008e9 / (100,000e9 + 1.008e9)⌋ = 100,798,983,946
        // (spot promises 1.008/0.01 = 100.8 alpha; the bound is ⌈95%⌉ = 95.76 alpha)
        world.LastBlockEvents<BuybackExecuted>().ShouldHaveSingleItem().ShouldBe(new BuybackExecuted(Rao(1_008_000_000), Rao(100_798_983_946)));
        world.State.BuybackPool.ShouldBe(Amount.Zero);
        world.State.LastBuybackBlock.ShouldBe(boughtAt);
        world.State.TaoSpentOnBuybacks.ShouldBe(Rao(1_008_000_000));
        world.State.AlphaBoughtBack.ShouldBe(Rao(100_798_983_946));
        world.Balance(MarginModule.VaultAccount).ShouldBe(vault - Rao(1_008_000_000));
        world.AlphaBalance(MarginModule.BuybackAccount, 67).ShouldBe(Rao(100_798_983_946));

        world.RunOk(new BurnBoughtAlpha().From("lp-ann"));
        world.LastBlockEvents<BoughtAlphaBurned>().ShouldHaveSingleItem().ShouldBe(new BoughtAlphaBurned(Rao(100_798_983_946)));
        world.AlphaBalance(MarginModule.BuybackAccount, 67).ShouldBe(Amount.Zero);
        world.State.AlphaBurned.ShouldBe(Rao(100_798_983_946));
        world.Engine.Ledger.Burned(world.Subnet(67).AlphaToken).ShouldBe(Rao(100_798_983_946));
        // Supply fell by what was burned (the quiet market still mints alpha emission each block).
        var minted = world.Engine.Ledger.Minted(world.Subnet(67).AlphaToken);
        world.Engine.Ledger.Supply(world.Subnet(67).AlphaToken).ShouldBe(minted - Rao(100_798_983_946));
        supply.ShouldBeLessThan(minted);
        world.Run(new BurnBoughtAlpha().From("lp-ann")).ShouldBeRejectedWith(MarginErrors.NothingToBurn);
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Fact]
    public void The_next_buyback_is_due_7200_blocks_after_the_last()
    {
        var world = Funded();
        world.RunOk(new ExecuteBuyback().From("dave"));
        long last = world.Height;
        long id = world.State.Positions.Keys.Single();
        world.RunOk(new ClosePosition(id, 1_000).From("dave")); // ≈ 2.39 TAO of trading fee more
        world.RunOk(new WithdrawProtocolFees().From(MarginWorldBuilder.Manager));
        world.State.BuybackPool.ShouldBeGreaterThanOrEqualTo(Tao(1));

        world.AdvanceTo(last + 7_199 - 1);
        world.Run(new ExecuteBuyback().From("dave")).ShouldBeRejectedWith(MarginErrors.BuybackNotDue, $"the last buyback was at block {last}; the next is due at block {last + 7_200}");
        world.Height.ShouldBe(last + 7_199);
        world.Run(new ExecuteBuyback().From("dave")).ShouldBeAccepted();
        world.State.LastBuybackBlock.ShouldBe(last + 7_200);
    }

    [Theory]
    // A pool of R TAO at 0.01 holds 100·R alpha; spending s = 1.008 TAO returns 100·R·s/(R + s), which is exactly 95% of
    // spot's s/0.01 when R = 19·s = 19.152 TAO: accepted there, refused one rao of reserve below.
    [InlineData(19_152_000_000, true)]
    [InlineData(19_151_999_999, false)]
    public void Buyback_accepts_at_most_five_percent_below_spot(long protocolSubnetRao, bool accepted)
    {
        var world = Funded(protocolSubnetTao: protocolSubnetRao / 1_000_000_000m);
        var result = world.Run(new ExecuteBuyback().From("dave"));
        if (accepted)
        {
            result.ShouldBeAccepted();
            world.State.AlphaBoughtBack.ShouldBe(Rao(95_760_000_000));
        }
        else
        {
            result.ShouldBeRejectedWith(MarginErrors.PriceImpactTooHigh, "more than 500 bps");
            world.State.BuybackPool.ShouldBe(Rao(1_008_000_000));
        }
    }

    [Fact]
    public void Without_the_protocol_subnet_there_is_nothing_to_buy()
    {
        var world = Funded(protocolSubnet: false);
        world.Run(new ExecuteBuyback().From("dave")).ShouldBeRejectedWith(MarginErrors.ProtocolSubnetMissing, "subnet 67 is not registered");
    }
}
