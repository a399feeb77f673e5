using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Market;

public class SwapToPriceAndMinerRecipientTests
{
    private static Engine Pool(PoolKind kind = PoolKind.ConstantProduct, string? taoWeight = null)
    {
        var engine = new Engine(Options(), new SubnetModule());
        engine.ApplyGenesis([
            new GenesisAccount("alice", new Dictionary<string, Amount> { ["TAO"] = Tao(100_000) }).AsGenesis(),
            new GenesisAccount("bob", new Dictionary<string, Amount> { ["TAO"] = Tao(100_000) }).AsGenesis(),
        ]).ShouldAllBe(r => r.Accepted);
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25"), kind, taoWeight is null ? null : F(taoWeight)).From("alice"));
        return engine;
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("1")]
    public void SwapToPrice_buys_alpha_until_the_pool_reaches_the_target(string target)
    {
        var engine = Pool();
        engine.Block(new SwapToPrice(1, F(target), Tao(100_000)).From("bob"));
        // Constant product: TAO' = TAO·sqrt(p'/p); 1,000 TAO at 0.25 → 0.5 needs 1,000·(√2 − 1) = 414.2 TAO in.
        var price = SubnetMarket.SpotPrice(engine.View, engine.Subnet(1));
        ((double)price.Raw / 1e18).ShouldBe(double.Parse(target, System.Globalization.CultureInfo.InvariantCulture), 1e-9);
    }

    [Fact]
    public void SwapToPrice_sells_alpha_to_lower_the_price_of_a_weighted_pool()
    {
        var engine = Pool(PoolKind.Weighted, "0.3");
        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(500), Amount.Zero).From("bob"));
        engine.Block(new SwapToPrice(1, F("0.26"), Tao(100_000)).From("bob"));
        var price = SubnetMarket.SpotPrice(engine.View, engine.Subnet(1));
        ((double)price.Raw / 1e18).ShouldBe(0.26, 1e-9);
    }

    [Fact]
    public void The_owner_can_send_miner_emission_to_another_account()
    {
        var engine = Pool();
        engine.Block(new SetMinerRecipient(1, "bob").From("alice"));
        engine.Ledger.TryGetToken("SN1", out var alpha);
        engine.Ledger.TryGetAccount("bob", out var bob);
        var before = engine.Ledger.BalanceOf(bob, alpha);
        engine.AdvanceBlocks(1);
        // Nobody stakes: the miners get everything after the owner's 18% of 1 alpha, i.e. 0.82 alpha.
        (engine.Ledger.BalanceOf(bob, alpha) - before).ShouldBe(Rao(820_000_000));
    }
}
