using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Contract;

/// <summary>
/// Another module reaching the subnets through their port, as an insurance pool or a margin protocol does: it
/// points the emission diversion at its sender and buys alpha (writes to subnet state, the ledger and the price
/// oracle), then accepts, refuses or throws. A refusal or a throw leaves no trace anywhere.
/// </summary>
public class PortTests
{
    private enum Then { Accept, Refuse, Throw }

    private sealed record DivertAndBuy(int Netuid, long SharePpb, Amount Tao, Then Then) : ITransaction;

    private static readonly ErrorCode Refused = new("ProbeRefused");

    private sealed class ProbeModule : IModule
    {
        public string Name => "probe";

        public void Configure(ModuleBuilder builder) => builder
            .Require<ISubnetMarkets>()
            .Handle<DivertAndBuy>("divertAndBuy", Apply)
            .OnBlockEnd(_ => { });

        private static TxResult Apply(EngineContext ctx, DivertAndBuy tx)
        {
            var markets = ctx.Port<ISubnetMarkets>();
            var r = markets.TryGetSubnet(ctx, tx.Netuid, out _);
            if (!r.Accepted) return r;
            markets.SetEmissionDiversion(ctx, tx.Netuid, ctx.SenderId, new Ppb(tx.SharePpb));
            r = markets.Swap(ctx, tx.Netuid, SwapDirection.TaoToAlpha, ctx.SenderId, ctx.SenderId, tx.Tao, Amount.Zero, out _);
            if (!r.Accepted) return r;
            return tx.Then switch
            {
                Then.Accept => TxResult.Ok,
                Then.Refuse => TxResult.Reject(Refused, "refused after writing subnet state, the ledger and a price"),
                Then.Throw => throw new OverflowException("overflow after writing"),
                _ => throw new ArgumentOutOfRangeException(nameof(tx)),
            };
        }
    }

    /// <summary>SN1 opened by alice with 1,000 TAO at 0.25 (4,000 alpha); no TAO emission, so only alpha is emitted (1 a block).</summary>
    private static Engine NewWorld()
    {
        var engine = new Engine(Options(), new SubnetModule(NoTaoEmission()), new ProbeModule());
        engine.ApplyGenesis([
            new GenesisAccount("alice", new Dictionary<string, Amount> { ["TAO"] = Tao(5_000) }).AsGenesis(),
            new GenesisAccount("carol", new Dictionary<string, Amount> { ["TAO"] = Tao(1_000) }).AsGenesis(),
        ]).ShouldAllBe(r => r.Accepted);
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"));
        return engine;
    }

    /// <summary>The state hash without the clock: ledger, prices and the subnets' state.</summary>
    private static string LedgerPricesAndSubnets(Engine engine)
    {
        using var hasher = new StateHasher();
        engine.Ledger.WriteHash(hasher);
        ((PriceOracle)engine.Prices).WriteHash(hasher);
        engine.StateOf<SubnetState>().WriteHash(hasher);
        return hasher.Finish();
    }

    private static SubnetView Sn1(Engine engine) => engine.Query<SubnetQuery, SubnetView?>(new SubnetQuery(1)).ShouldNotBeNull();

    [Fact]
    public void The_port_is_provided_and_a_requirers_hook_runs_after_the_subnets_emission()
    {
        var engine = NewWorld();
        engine.Ports.ShouldContain(new PortInfo(typeof(ISubnetMarkets), "subnets"));
        engine.HookOrder.ToList().IndexOf("subnets").ShouldBeLessThan(engine.HookOrder.ToList().IndexOf("probe"));
    }

    [Fact]
    public void Diversion_and_swap_through_the_port_are_applied_and_shown_by_the_subnet_query()
    {
        var engine = NewWorld();
        engine.Block(new DivertAndBuy(1, 50_000_000, Tao(100), Then.Accept).From("carol"));
        // Bought: ⌊4000e9·100e9/1100e9⌋ = 363,636,363,636 rao. The block's alpha_out (1 alpha): 5% = 50,000,000 rao to carol first.
        var sn1 = Sn1(engine);
        sn1.Emission.Diverted.ShouldBe(new DiversionView(new Ppb(50_000_000), "carol", Rao(50_000_000), Rao(50_000_000)));
        engine.Balance("carol", "SN1").ShouldBe(Rao(363_636_363_636) + Rao(50_000_000));
        // The owner's 18% is of what is left: 0.18·950,000,000 = 171,000,000 (and 180,000,000 in the opening block).
        sn1.Emission.Total.AlphaToOwner.ShouldBe(Rao(180_000_000 + 171_000_000));
        // The swap recorded the pool's price; the block's emission (alpha only, to accounts) left it there.
        engine.Prices.TryGetSpot("subnet:1", engine.Height, out var price).Accepted.ShouldBeTrue();
        price.ShouldBe(sn1.Price);
    }

    [Fact]
    public void A_handler_refusing_after_writing_through_the_port_leaves_no_trace()
    {
        var engine = NewWorld();
        var before = engine.Snapshot();
        var hash = engine.StateHash();
        var view = Sn1(engine);

        // VerifyRejections is on: the engine itself re-hashes the state after the refusal and halts on any difference.
        var result = engine.ExecuteBlock([new DivertAndBuy(1, 50_000_000, Tao(100), Then.Refuse).From("carol")]).Results.Single();
        result.Error.ShouldBe(Refused);
        engine.Events.Records.Where(r => r.Block == engine.Height && r.TxIndex >= 0).ShouldBeEmpty();
        engine.Balance("carol", "TAO").ShouldBe(Tao(1_000));
        engine.Balance("carol", "SN1").ShouldBe(Amount.Zero);
        var after = Sn1(engine);
        after.Emission.Diverted.ShouldBe(new DiversionView(Ppb.Zero, null, Amount.Zero, Amount.Zero));
        (after.TaoReserve, after.AlphaReserve).ShouldBe((view.TaoReserve, view.AlphaReserve));

        // …and the block ends exactly as the same block without the transaction.
        var hashWith = engine.StateHash();
        hashWith.ShouldNotBe(hash); // the block's emission ran
        engine.Restore(before);
        engine.ExecuteBlock([]);
        engine.StateHash().ShouldBe(hashWith);
    }

    [Fact]
    public void A_handler_throwing_after_writing_through_the_port_is_a_broken_invariant_and_is_rolled_back()
    {
        var engine = NewWorld();
        var hash = LedgerPricesAndSubnets(engine);
        var events = engine.Events.Records.Count;
        var e = Should.Throw<InvariantViolationException>(() => engine.ExecuteBlock([new DivertAndBuy(1, 50_000_000, Tao(100), Then.Throw).From("carol")]));
        e.Message.ShouldContain("after changing state");
        // Rolled back to the unit (the engine halted before the block's hooks: only its clock moved on).
        LedgerPricesAndSubnets(engine).ShouldBe(hash);
        engine.Events.Records.Count.ShouldBe(events);
        Sn1(engine).Emission.Diverted.Share.ShouldBe(Ppb.Zero);
        engine.Balance("carol", "SN1").ShouldBe(Amount.Zero);
    }

    [Fact]
    public void A_diversion_outside_0_to_1e9_ppb_is_refused_by_the_port()
    {
        var engine = NewWorld();
        var e = Should.Throw<InvariantViolationException>(() => engine.ExecuteBlock([new DivertAndBuy(1, 1_000_000_001, Tao(1), Then.Accept).From("carol")]));
        e.InnerException.ShouldBeOfType<ArgumentOutOfRangeException>();
        Sn1(engine).Emission.Diverted.Share.ShouldBe(Ppb.Zero);
    }
}
