using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using Ballast.Subnets;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Launchpad;

/// <summary>A project whose token is a subnet's alpha, settled against the subnet pool's price (source <c>subnet:5</c>).</summary>
public class PoolPriceSourceTests
{
    [Fact]
    public void A_pool_priced_project_settles_at_the_oracle_s_own_twap_of_its_window()
    {
        var engine = new Engine(new EngineOptions { Seed = 3, VerifyRejections = true },
            new SubnetModule(), new CoverModule(ShortTerm.Parameters()), new TestCapitalModule());
        var genesis = new List<Envelope>
        {
            new GenesisCoverConfig().AsGenesis(),
            Account(Launch, 100_000, 0), Account("b1", 10_000, 10_000), Account("b2", 50_000, 0), Account(Feeder, 0, 0), Account(Funder, 100_000, 0),
            new GenesisRole(CoverRoles.Launchpad, Launch).AsGenesis(),
            new GenesisFeed(AltFeed, 30 * BlockClock.BlocksPerDay, Feeder).AsGenesis(),
        };
        engine.ApplyGenesis(genesis).ShouldAllBe(r => r.Accepted);
        void Block(params Envelope[] txs)
        {
            var results = engine.ExecuteBlock(txs).Results;
            for (int i = 0; i < results.Count; i++) results[i].Accepted.ShouldBeTrue($"block {engine.Height} tx {i}: {results[i]}");
        }
        Block(new RegisterSubnet(5, Tokens(10_000), X("0.05")).From(Launch), Post(AltFeed, "0.5"), new SetTestRequirement("TAO", Tokens(100)).From(Funder),
            new AddCapital("TAO", Tokens(50_000)).From(Funder));
        Block(new Swap(5, SwapDirection.TaoToAlpha, Tokens(100), Amount.Zero).From(Launch));
        Block(new ListProject("SN5", X("0.06"), Tokens(1_000), engine.Height + 1, engine.Height + 100, "subnet:5", 30_000).From(Launch));
        Block(new BuyAllocation(1, Tokens(500)).From("b1"));
        Block(new BuyCover(1, Tokens(500)).From("b1"));
        var project = engine.StateOf<CoverState>().Projects[1];
        // b2 sells TAO into the pool now and then (the price rises), then alpha back (it falls), through the window.
        var rng = new Random(9);
        while (engine.Height < project.SettlementBlock - 1)
        {
            long gap = Math.Min(rng.Next(50, 1_500), project.SettlementBlock - 1 - engine.Height);
            engine.AdvanceBlocks(gap);
            if (engine.Height >= project.SettlementBlock - 1) break;
            var alpha = engine.Ledger.TryGetToken("SN5", out var sn5) && engine.Ledger.TryGetAccount("b2", out var b2) ? engine.Ledger.BalanceOf(b2, sn5) : Amount.Zero;
            Block(rng.Next(2) == 0 || alpha.IsZero
                ? new Swap(5, SwapDirection.TaoToAlpha, Tokens(rng.Next(10, 300)), Amount.Zero).From("b2")
                : new Swap(5, SwapDirection.AlphaToTao, alpha, Amount.Zero).From("b2"));
        }
        Block(new Settle(1).From("b1"));

        project.Status.ShouldBe(ProjectStatus.Settled);
        project.Samples.ShouldBe(ShortTerm.Days2);
        long window = project.SettlementBlock - project.WindowStartBlock;
        engine.Prices.TryGetTwap("subnet:5", project.SettlementBlock, window, out var oracleTwap).Accepted.ShouldBeTrue();
        // The module's mean of one-block TWAPs is the oracle's window TWAP, rounded up instead of down.
        (project.SettlementPrice - oracleTwap).Raw.ShouldBeInRange(0, 1);
        var cover = engine.StateOf<CoverState>().Covers[1];
        var owed = project.SettlementPrice < X("0.06") ? (X("0.06") - project.SettlementPrice).MulAmount(Tokens(500), Rounding.Down) : Amount.Zero;
        cover.Payout.ShouldBe(owed);
    }
}
