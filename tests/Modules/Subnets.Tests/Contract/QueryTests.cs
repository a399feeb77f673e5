using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Contract;

/// <summary>
/// The module's declared surface: its query, event and parameter catalogs, and what each query answers, checked
/// against values worked out by hand.
/// </summary>
public class QueryTests
{
    /// <summary>
    /// No TAO emission, a 30 bps swap fee, and an EMA that moves half-way each block (α = 0.5·b/(b + 0) = 0.5 from
    /// the block after registration). Block 1: alice opens SN1 with 1,000 TAO at 0.25 (4,000 alpha). Block 2: bob
    /// buys with 100 TAO and stakes 100 alpha with val-1.
    /// </summary>
    private static Engine Scenario()
    {
        var p = NoTaoEmission(new SubnetParameters { SwapFeeBps = new(30), MovingAlpha = F("0.5"), EmaHalvingBlocks = 0 });
        var engine = NewEngine(p, ("alice", Tao(5_000)), ("bob", Tao(1_000)));
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"));
        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("bob"), new Stake(1, "val-1", Tao(100)).From("bob"));
        return engine;
    }

    [Fact]
    public void Every_query_and_event_is_declared_under_its_stable_name()
    {
        var engine = NewEngine();
        engine.Queries.Names.Where(n => n.StartsWith("subnets.", StringComparison.Ordinal))
            .ShouldBe(["subnets.quote", "subnets.stake", "subnets.subnet", "subnets.summary"]);
        engine.Queries.TryGet("subnets.subnet", out var subnet).ShouldBeTrue();
        (subnet.QueryType, subnet.ResultType).ShouldBe((typeof(SubnetQuery), typeof(SubnetView)));
        engine.Queries.TryGet("subnets.quote", out var quote).ShouldBeTrue();
        (quote.QueryType, quote.ResultType).ShouldBe((typeof(QuoteQuery), typeof(QuoteView)));
        engine.Queries.TryGet("subnets.stake", out var stake).ShouldBeTrue();
        (stake.QueryType, stake.ResultType).ShouldBe((typeof(StakeQuery), typeof(StakeView)));
        engine.Queries.TryGet("subnets.summary", out var summary).ShouldBeTrue();
        (summary.QueryType, summary.ResultType).ShouldBe((typeof(SubnetsSummaryQuery), typeof(SubnetsView)));

        engine.EventCatalog.Names.Where(n => n.StartsWith("subnets.", StringComparison.Ordinal))
            .ShouldBe(["subnets.minerRecipientSet", "subnets.registered", "subnets.staked", "subnets.swapped", "subnets.unstaked"]);
        foreach (var (name, type) in new[]
                 {
                     ("subnets.registered", typeof(SubnetRegistered)), ("subnets.swapped", typeof(Swapped)), ("subnets.staked", typeof(Staked)),
                     ("subnets.unstaked", typeof(Unstaked)), ("subnets.minerRecipientSet", typeof(MinerRecipientSet)),
                 })
        {
            engine.EventCatalog.TryGet(name, out var info).ShouldBeTrue(name);
            info.Type.ShouldBe(type);
        }
        engine.Catalog.Names.Where(n => n.StartsWith("subnets.", StringComparison.Ordinal))
            .ShouldBe(["subnets.register", "subnets.setMinerRecipient", "subnets.stake", "subnets.swap", "subnets.swapToPrice", "subnets.unstake"]);
    }

    [Fact]
    public void Events_are_named_by_their_declared_names_and_registration_carries_the_pool_kind()
    {
        var engine = NewEngine(NoTaoEmission(), ("alice", Tao(5_000)));
        engine.Block(new RegisterSubnet(7, Tao(100), F("0.5"), PoolKind.Weighted, F("0.3")).From("alice"));
        var registered = engine.Events.Records.Select(r => r.Event).OfType<SubnetRegistered>().Single();
        engine.EventName(registered).ShouldBe("subnets.registered");
        registered.Pool.ShouldBe(PoolKind.Weighted);
        registered.PoolAccount.ShouldBe("subnet:7:pool");
        // Alpha minted so the pool opens at 0.5: w_alpha·TAO/(w_tao·price) = 0.7·100/(0.3·0.5) = 466.666666666… alpha.
        registered.AlphaReserve.ShouldBe(Rao(466_666_666_666));
        // The pool's price: ⌊⌊⌊100e9·1e18/466,666,666,666⌋·0.7⌋/0.3⌋ (raw, each step rounded down): the alpha rounded
        // down prices it a hair above 0.5.
        registered.Price.ShouldBe(F("0.500000000000714283"));
    }

    [Fact]
    public void Subnet_query_shows_reserves_price_ema_weights_emission_and_stakes()
    {
        var engine = Scenario();
        var view = engine.Query<SubnetQuery, SubnetView?>(new SubnetQuery(1)).ShouldNotBeNull();

        view.Netuid.ShouldBe(1);
        view.Owner.ShouldBe("alice");
        view.MinerRecipient.ShouldBe("subnet:1:miners");
        view.AlphaToken.ShouldBe("SN1");
        view.Pool.ShouldBe(PoolKind.ConstantProduct);
        view.RegisteredAt.ShouldBe(1);
        view.MinerBurn.ShouldBe(Bps.Zero);
        view.TaoWeight.ShouldBe(F("0.5"));
        // bob's 100 TAO: fee ⌈100e9·30/1e4⌉ = 0.3 TAO; out = ⌊4000e9·99.7e9/1099.7e9⌋ = 362,644,357,552 rao of alpha.
        view.TaoReserve.ShouldBe(Tao(1_100));
        view.AlphaReserve.ShouldBe(Tao(4_000) - Rao(362_644_357_552));
        // price = ⌊1100e9·1e18/3,637,355,642,448⌋ raw; the EMA moved half-way from 0: ⌊price/2⌋.
        view.Price.ShouldBe(F("0.30241749999999504"));
        view.EmaPrice.ShouldBe(F("0.15120874999999752"));
        // Two blocks of 1 alpha emission (no TAO emission, so nothing injected), 4,000 alpha opened the pool.
        view.AlphaIssuance.ShouldBe(Tao(4_002));
        view.Emission.LastBlock.ShouldBe(new EmissionBlockView(Amount.Zero, Amount.Zero, Tao(1)));
        view.Emission.Diverted.ShouldBe(new DiversionView(Ppb.Zero, null, Amount.Zero, Amount.Zero));
        // Block 1: 18% to alice, no stake so 82% to miners. Block 2: 18% to alice, of the 82% left half to val-1's stakers.
        view.Emission.Total.ShouldBe(new EmissionTotalsView(Amount.Zero, Amount.Zero, Rao(360_000_000), Rao(820_000_000 + 410_000_000), Rao(410_000_000)));
        var stake = view.Stakes.ShouldHaveSingleItem();
        stake.Hotkey.ShouldBe("val-1");
        stake.TotalAlpha.ShouldBe(Rao(100_410_000_000));
        stake.Delegators.ShouldBe(new Dictionary<string, Amount> { ["bob"] = Rao(100_410_000_000) });

        engine.Query<SubnetQuery, SubnetView?>(new SubnetQuery(2)).ShouldBeNull();
        // The same query by name, as a host calls it.
        engine.Query("subnets.subnet", new SubnetQuery(1)).ShouldBeOfType<SubnetView>().AlphaReserve.ShouldBe(view.AlphaReserve);
    }

    [Fact]
    public void Quote_query_gives_the_exact_output_fee_and_price_after_or_the_refusal()
    {
        var engine = Scenario();
        // Selling 10 alpha into 1,100 TAO / 3,637.355642448 alpha: fee ⌈10e9·30/1e4⌉ = 30,000,000 rao of alpha;
        // out = ⌊1100e9·9.97e9/(3,637,355,642,448 + 9.97e9)⌋ = 3,006,860,663 rao of TAO;
        // price after = ⌊(1100e9 − out)·1e18/(3,637,355,642,448 + 10e9)⌋ raw.
        var sell = engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, SwapDirection.AlphaToTao, Tao(10)));
        sell.ShouldBe(new QuoteView(1, SwapDirection.AlphaToTao, Tao(10), Rao(3_006_860_663), Rao(30_000_000), F("0.300763963505552153"), null, null));
        // Buying with 1 TAO: fee 3,000,000 rao; out = ⌊3,637,355,642,448·0.997e9/(1100e9 + 0.997e9)⌋ = 3,293,781,523.
        var buy = engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, SwapDirection.TaoToAlpha, Tao(1)));
        buy.ShouldBe(new QuoteView(1, SwapDirection.TaoToAlpha, Tao(1), Rao(3_293_781_523), Rao(3_000_000), F("0.302966774407014561"), null, null));

        // The quote is exact: the swap pays it and records its price.
        engine.Block(new Swap(1, SwapDirection.AlphaToTao, Tao(10), sell.AmountOut).From("bob"));
        var swapped = engine.Events.Records.Select(r => r.Event).OfType<Swapped>().Last();
        (swapped.AmountOut, swapped.Fee, swapped.PriceAfter).ShouldBe((sell.AmountOut, sell.Fee, sell.PriceAfter));

        var unknown = engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(9, SwapDirection.TaoToAlpha, Tao(1)));
        unknown.ShouldBe(new QuoteView(9, SwapDirection.TaoToAlpha, Tao(1), Amount.Zero, Amount.Zero, Fixed.Zero, "UnknownSubnet", "no subnet 9"));
        engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, SwapDirection.AlphaToTao, Rao(1))).Error.ShouldBe("TradeTooSmall");
        engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, SwapDirection.TaoToAlpha, Amount.Zero)).Error.ShouldBe("ZeroAmount");
        engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, (SwapDirection)7, Tao(1))).Error.ShouldBe("InvalidSwapDirection");
    }

    [Fact]
    public void Stake_query_gives_a_coldkeys_shares_and_their_worth()
    {
        var engine = Scenario();
        // 100 alpha bought 100e9 shares; the block's stakers' emission (0.41 alpha) raised them to 100.41 alpha.
        engine.Query<StakeQuery, StakeView>(new StakeQuery(1, "val-1", "bob"))
            .ShouldBe(new StakeView(1, "val-1", "bob", Rao(100_410_000_000), 100_000_000_000, Rao(100_410_000_000), 100_000_000_000));
        engine.Query<StakeQuery, StakeView>(new StakeQuery(1, "val-1", "alice"))
            .ShouldBe(new StakeView(1, "val-1", "alice", Amount.Zero, UInt128.Zero, Rao(100_410_000_000), 100_000_000_000));
        engine.Query<StakeQuery, StakeView>(new StakeQuery(1, "val-2", "bob"))
            .ShouldBe(new StakeView(1, "val-2", "bob", Amount.Zero, UInt128.Zero, Amount.Zero, UInt128.Zero));
        engine.Query<StakeQuery, StakeView>(new StakeQuery(9, "val-1", "bob"))
            .ShouldBe(new StakeView(9, "val-1", "bob", Amount.Zero, UInt128.Zero, Amount.Zero, UInt128.Zero));
    }

    [Fact]
    public void Summary_query_is_the_modules_described_state_and_no_query_changes_the_state()
    {
        var engine = Scenario();
        var hash = engine.StateHash();
        var summary = engine.Query<SubnetsSummaryQuery, SubnetsView>(new SubnetsSummaryQuery());
        summary.BlockEmissionTao.ShouldBe(Amount.Zero);
        summary.TotalTaoEmitted.ShouldBe(Amount.Zero);
        summary.Subnets.ShouldHaveSingleItem().ShouldBe(engine.Query<SubnetQuery, SubnetView?>(new SubnetQuery(1)), new SubnetViewComparer());
        engine.Query<QuoteQuery, QuoteView>(new QuoteQuery(1, SwapDirection.TaoToAlpha, Tao(1)));
        engine.Query<StakeQuery, StakeView>(new StakeQuery(1, "val-1", "bob"));

        var described = engine.DescribeModules().Single(m => m.Module == "subnets").View.ShouldBeOfType<SubnetsView>();
        described.Subnets.ShouldHaveSingleItem().ShouldBe(summary.Subnets[0], new SubnetViewComparer());
        engine.StateHash().ShouldBe(hash);
    }

    [Fact]
    public void The_described_state_prints_rates_as_numbers_and_kinds_as_names()
    {
        var engine = Scenario();
        using var json = JsonDocument.Parse(engine.DescribeJson());
        var subnets = json.RootElement.GetProperty("modules").GetProperty("subnets");
        subnets.GetProperty("blockEmissionTao").GetString().ShouldBe("0");
        var sn1 = subnets.GetProperty("subnets")[0];
        sn1.GetProperty("pool").GetString().ShouldBe("constantProduct");
        sn1.GetProperty("minerBurn").GetInt64().ShouldBe(0);
        sn1.GetProperty("price").GetString().ShouldBe("0.30241749999999504");
        sn1.GetProperty("emission").GetProperty("diverted").GetProperty("share").GetInt64().ShouldBe(0);
        sn1.GetProperty("emission").GetProperty("total").GetProperty("alphaToStakers").GetString().ShouldBe("410000000");
        sn1.GetProperty("stakes")[0].GetProperty("delegators").GetProperty("bob").GetString().ShouldBe("100410000000");
        // Parameters as governance names them, with their declared values.
        json.RootElement.GetProperty("parameters").GetProperty("subnets").GetProperty("SwapFeeBps").GetString().ShouldBe("30");
    }

    [Fact]
    public void Parameters_are_declared_once_with_their_units_ranges_and_defaults()
    {
        var engine = NewEngine();
        var set = engine.View.ParameterSetOf("subnets").ShouldNotBeNull();
        set.View().Select(v => (v.Name, v.Unit, v.Value, v.Min, v.Max)).ShouldBe([
            ("ExternalTaoIssuanceRao", "rao", "0", "0", "21000000000000000"),
            ("MovingAlpha", "fraction", "0.000003", "0", "1"),
            ("EmaHalvingBlocks", "blocks", "201600", "0", "100000000"),
            ("OwnerCutBps", "bps", "1800", "0", "10000"),
            ("StakerShareBps", "bps", "5000", "0", "10000"),
            ("SwapFeeBps", "bps", "0", "0", "1000"),
            ("MinRegistrationTaoRao", "rao", "1000000000", "1", "1000000000000000"),
        ]);
        // Governance writes them by name, within range; the typed record follows.
        set.TryWith("SwapFeeBps", "30", out var updated).Accepted.ShouldBeTrue();
        ((SubnetParameters)updated.ValuesObject).SwapFeeBps.ShouldBe(new Bps(30));
        set.TryWith("SwapFeeBps", "1001", out _).Error.ShouldBe(GovernanceErrors.ParameterOutOfRange);
        set.TryWith("OwnerCutBps", "12.5", out _).Error.ShouldBe(GovernanceErrors.InvalidParameterValue);
        // subtensor's swap fee, 33/65,535 ≈ 5.04 bps, is a preset (the default stays 0: docs/subnets.md)
        set.Presets.ShouldBe(["subtensor"]);
        set.TryPreset("subtensor", out var subtensor).Accepted.ShouldBeTrue();
        ((SubnetParameters)subtensor.ValuesObject).ShouldBe(new SubnetParameters { SwapFeeBps = new Bps(5) });
        (33.0 / 65_535 * 10_000).ShouldBe(5.0, 0.05);
    }

    /// <summary>Subnet views hold immutable collections, which compare by reference: compare them by content.</summary>
    private sealed class SubnetViewComparer : IEqualityComparer<SubnetView?>
    {
        public bool Equals(SubnetView? x, SubnetView? y) =>
            x is not null && y is not null
            && x with { Stakes = [] } == y with { Stakes = [] }
            && x.Stakes.Length == y.Stakes.Length
            && x.Stakes.Zip(y.Stakes).All(p => p.First.Hotkey == p.Second.Hotkey && p.First.TotalAlpha == p.Second.TotalAlpha
                && p.First.Delegators.SequenceEqual(p.Second.Delegators));

        public int GetHashCode(SubnetView? obj) => obj?.Netuid ?? 0;
    }
}
