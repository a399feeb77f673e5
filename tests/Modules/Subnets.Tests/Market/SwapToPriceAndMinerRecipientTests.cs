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
    public void SwapToPrice_on_a_constant_product_pool_pays_the_exact_root_grossed_up_for_the_fee_within_its_limit()
    {
        // 1,000 TAO against 4,000 alpha to 0.5: the net input is ⌊1e12·√2⌋ − 1e12 = 414,213,562,373 rao (see
        // ConstantProductToPriceTests); with a 5 bps fee the gross is ⌈414,213,562,373·10,000/9,995⌉ = 414,420,772,760.
        // No TAO emission: the pool moves only by swaps, so it is still 1,000 TAO against 4,000 alpha at the swap.
        var engine = new Engine(Options(), new SubnetModule(NoTaoEmission(new SubnetParameters { SwapFeeBps = new Bps(5) })));
        engine.ApplyGenesis([
            new GenesisAccount("alice", new Dictionary<string, Amount> { ["TAO"] = Tao(100_000) }).AsGenesis(),
            new GenesisAccount("bob", new Dictionary<string, Amount> { ["TAO"] = Tao(100_000) }).AsGenesis(),
        ]).ShouldAllBe(r => r.Accepted);
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"));
        var gross = Rao(414_420_772_760);
        // The limit is on the gross input, as before: one rao short is refused and changes nothing.
        engine.ShouldBeRejectedWithoutEffect(new SwapToPrice(1, F("0.5"), gross - Rao(1)).From("bob"), SubnetErrors.SlippageExceeded);
        var before = engine.Balance("bob", "TAO");
        engine.Block(new SwapToPrice(1, F("0.5"), gross).From("bob"));
        (before - engine.Balance("bob", "TAO")).ShouldBe(gross);
        // The fee stays in the pool, so the price ends a little above 0.5: the net part alone would leave it at or below.
        var price = SubnetMarket.SpotPrice(engine.View, engine.Subnet(1));
        price.ShouldBeGreaterThan(F("0.5"));
        price.ShouldBeLessThan(F("0.5001"));
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
