using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Governance;

/// <summary>
/// Margin parameters change only through governance (a governor: here the 2-of-3 council with its timelock); the
/// manager role lists pairs, withdraws protocol fees and draws insurance; presets are chosen at genesis.
/// </summary>
public class MarginGovernanceTests
{
    private static MarginWorld World() => MarginWorldBuilder.Create()
        .WithSubnet(3, 100_000, "0.05")
        .WithSubnet(4, 100_000, "0.05")
        .WithLp("lp-ann", 10_000)
        .WithTrader("bob", 1_000)
        .WithPair(3)
        .Build();

    [Theory]
    [InlineData("bob")]
    [InlineData(MarginWorldBuilder.Manager)]
    [InlineData(MarginWorldBuilder.Guardian)]
    [InlineData("council-1")] // a member alone is not the council
    public void A_direct_parameter_change_by_anyone_but_a_governor_is_refused(string sender)
    {
        var world = World();
        world.Run(new SetParameter("margin", "LiquidationConfirmations", "3").From(sender))
            .ShouldBeRejectedWith(GovernanceErrors.MissingRole, $"{sender} does not hold the role 'governor'");
        world.Params.LiquidationConfirmations.ShouldBe(5);
    }

    [Fact]
    public void The_council_changes_a_parameter_after_its_timelock_and_it_takes_effect()
    {
        var world = CrashWorld.Build();
        long id = world.State.Positions.Keys.Single();
        world.WhaleSells(3, Alpha(380_000)).ShouldBeAccepted();
        var executed = world.Govern(new SetParameter("margin", "LiquidationConfirmations", "3"));
        executed.ShouldBeAccepted();
        world.LastBlockEvents<ParameterChanged>().ShouldHaveSingleItem().ShouldBe(new ParameterChanged("margin", "LiquidationConfirmations", "5", "3"));
        world.Params.LiquidationConfirmations.ShouldBe(3);

        for (int k = 0; k < 2; k++) world.Run(new Liquidate(id).From(MarginWorldBuilder.Liquidators[k])).ShouldBeAccepted();
        world.State.Positions.ContainsKey(id).ShouldBeTrue();
        world.Run(new Liquidate(id).From(MarginWorldBuilder.Liquidators[2])).ShouldBeAccepted();
        world.State.Positions.ShouldBeEmpty();
        // With three callers: ½ to the first, the other half split between the other two.
        var rewards = world.LastBlockEvents<LiquidatorRewarded>();
        rewards.Count.ShouldBe(3);
        rewards[1].Reward.ShouldBe(rewards[2].Reward);
    }

    [Fact]
    public void Parameter_changes_are_validated_against_their_range_and_the_fee_splits()
    {
        var world = World();
        world.Govern(new SetParameter("margin", "TradingLpSharePpb", "400000000"))
            .ShouldBeRejectedWith(GovernanceErrors.ActionRejected, "InconsistentParameters: margin.TradingLpSharePpb = 400000000 rejected: the trading fee split (LP + liquidator + protocol) must sum to 1e9 ppb");
        world.Govern(new SetParameter("margin", "LiquidationFeePpb", "100000001"))
            .ShouldBeRejectedWith(GovernanceErrors.ActionRejected, "ParameterOutOfRange");
        world.Params.ShouldBe(MarginParameters.Mainnet);
    }

    public static TheoryData<string, Func<MarginWorld, Envelope>> ManagerActions => new()
    {
        { "addPair", w => new AddPair(4, X("5")).From("bob") },
        { "updatePair", w => new UpdatePair(3, X("5"), 1_100_000_000, 1_000, Active: false).From("bob") },
        { "withdrawProtocolFees", w => new WithdrawProtocolFees().From("bob") },
        { "drawInsurance", w => new DrawInsurance(Tao(1)).From("bob") },
    };

    [Theory]
    [MemberData(nameof(ManagerActions))]
    public void Manager_actions_refuse_everyone_else(string action, Func<MarginWorld, Envelope> tx)
    {
        var world = World();
        world.Open("bob", 3, Tao(10), "2"); // something to withdraw and draw
        foreach (var sender in new[] { "bob", MarginWorldBuilder.Guardian, "council-1" })
        {
            var attempt = tx(world) switch
            {
                { Payload: AddPair or UpdatePair or WithdrawProtocolFees or DrawInsurance } envelope => envelope with { Sender = sender },
                _ => throw new InvalidOperationException(action),
            };
            RejectionProbe.Run(world.Engine, [], attempt)
                .ShouldBeRejectedWithoutEffect(GovernanceErrors.MissingRole, $"{sender} does not hold the role 'margin.manager'");
        }
    }

    [Fact]
    public void The_manager_lists_updates_and_deactivates_pairs()
    {
        var world = World();
        world.Run(new AddPair(4, X("5")).From(MarginWorldBuilder.Manager)).ShouldBeAccepted();
        world.LastBlockEvents<PairAdded>().ShouldHaveSingleItem().ShouldBe(new PairAdded(4, X("5"), new Ppb(1_100_000_000), new Bps(1_000))); // defaults: 110%, 1,000 bps
        world.Run(new AddPair(4, X("5")).From(MarginWorldBuilder.Manager)).ShouldBeRejectedWith(MarginErrors.PairExists, "subnet 4 is already a pair");
        world.Run(new AddPair(9, X("5")).From(MarginWorldBuilder.Manager)).ShouldBeRejectedWith(SubnetErrors.UnknownSubnet);
        world.Run(new AddPair(67, X("10.000000000000000001")).From(MarginWorldBuilder.Manager))
            .ShouldBeRejectedWith(MarginErrors.InvalidPair, "a pair's max leverage is 1x–10x");
        world.Run(new AddPair(67, X("10"), 1_049_999_999).From(MarginWorldBuilder.Manager)).ShouldBeRejectedWith(MarginErrors.InvalidPair, "105%–110%");
        world.Run(new AddPair(67, X("10"), 1_100_000_001).From(MarginWorldBuilder.Manager)).ShouldBeRejectedWith(MarginErrors.InvalidPair, "105%–110%");
        world.Run(new AddPair(67, X("10"), 1_050_000_000, 1_001).From(MarginWorldBuilder.Manager)).ShouldBeRejectedWith(MarginErrors.InvalidPair, "0–1000 bps");

        long id = world.Open("bob", 4, Tao(10), "2");
        world.Run(new UpdatePair(4, X("2"), 1_050_000_000, 500, Active: false).From(MarginWorldBuilder.Manager)).ShouldBeAccepted();
        world.State.Pairs[4].ShouldSatisfyAllConditions(p => p.Active.ShouldBeFalse(), p => p.LiquidationThreshold.ShouldBe(new Ppb(1_050_000_000)));
        world.Run(new OpenPosition(4, Tao(1), X("2"), 500).From("bob")).ShouldBeRejectedWith(MarginErrors.PairInactive, "subnet 4's pair is not active");
        world.Run(new ClosePosition(id, 500).From("bob")).ShouldBeAccepted(); // exits stay open
        world.Run(new UpdatePair(5, X("2"), 1_050_000_000, 500, Active: true).From(MarginWorldBuilder.Manager))
            .ShouldBeRejectedWith(MarginErrors.UnknownPair, "subnet 5 is not a margin pair");
    }

    [Fact]
    public void Genesis_config_sends_the_owner_share_to_the_named_owner()
    {
        var world = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05").WithLp("lp-ann", 10_000).WithTrader("bob", 1_000).WithPair(3)
            .WithAccount("treasurer")
            .WithGenesis(new GenesisMarginConfig(Owner: "multisig:council", Treasury: "treasurer").AsGenesis())
            .Build();
        world.Open("bob", 3, Tao(10), "2"); // protocol fees 42,000,000
        world.RunOk(new WithdrawProtocolFees().From(MarginWorldBuilder.Manager));
        world.Balance("multisig:council").ShouldBe(Rao(1_050_000));
        world.Balance("treasurer").ShouldBe(Rao(12_390_000));
    }

    [Fact]
    public void Genesis_config_refuses_unknown_accounts()
    {
        var engine = new Engine(new EngineOptions(), new SubnetModule(), new MarginModule());
        engine.ApplyGenesis([new GenesisMarginConfig(Manager: "nobody").AsGenesis()])[0].ShouldBeRejectedWith(CoreErrors.UnknownAccount, "no account 'nobody'");
        engine.Roles.Has(MarginModule.ManagerRole, "nobody").ShouldBeFalse();
    }

    [Fact]
    public void The_readme_preset_differs_from_mainnet_only_where_the_readme_gives_a_number()
    {
        // README: trading 65/0/35, borrowing 70/0/30, liquidation 0/60/40, 80% of protocol fees to buyback,
        // base 0.003% and 0.012% at the kink, crowdloan 2% per TAO capped at 20%. Silent elsewhere: mainnet's value.
        string[] readmeGives =
        [
            nameof(MarginParameters.TradingLpSharePpb), nameof(MarginParameters.TradingProtocolSharePpb),
            nameof(MarginParameters.BorrowingLpSharePpb), nameof(MarginParameters.BorrowingProtocolSharePpb),
            nameof(MarginParameters.LiquidationLiquidatorSharePpb), nameof(MarginParameters.LiquidationProtocolSharePpb),
            nameof(MarginParameters.ProtocolFeeBuybackSharePpb), nameof(MarginParameters.BorrowBaseRatePpbPer360Blocks),
            nameof(MarginParameters.BorrowSlope1PpbPer360Blocks), nameof(MarginParameters.CrowdloanDiscountPerTaoPpb),
            nameof(MarginParameters.CrowdloanDiscountCapPpb),
        ];
        // Compared as governance sees them: every governed parameter, table cells included, by name.
        var mainnet = MarginParameters.CreateSet(MarginParameters.Mainnet).View().ToDictionary(v => v.Name, v => v.Value);
        var readme = MarginParameters.CreateSet(MarginParameters.Readme).View().ToDictionary(v => v.Name, v => v.Value);
        readme.Keys.ShouldBe(mainnet.Keys);
        var differing = mainnet.Keys.Where(name => mainnet[name] != readme[name]).Order(StringComparer.Ordinal).ToList();
        differing.ShouldBe(readmeGives.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void The_hardened_preset_is_mainnet_with_the_hardening_options_on()
    {
        // Every hardening option off in mainnet and readme (the deployed behaviour), on in hardened; plus the buyback's
        // interval and slippage bound, which the spread buyback retunes. Nothing else moves.
        string[] hardening =
        [
            nameof(MarginParameters.HealthValuation), nameof(MarginParameters.OpenValuation), nameof(MarginParameters.MaxOpenTwapDeviationPpb),
            nameof(MarginParameters.MaxPositionDepthPpb), nameof(MarginParameters.LpInterestCrediting), nameof(MarginParameters.TierInputs),
            nameof(MarginParameters.BuybackReference), nameof(MarginParameters.BuybackMaxDepthPpb),
            nameof(MarginParameters.BuybackIntervalBlocks), nameof(MarginParameters.BuybackSlippageBps),
        ];
        var mainnet = MarginParameters.CreateSet(MarginParameters.Mainnet).View().ToDictionary(v => v.Name, v => v.Value);
        var hardened = MarginParameters.CreateSet(MarginParameters.Hardened).View().ToDictionary(v => v.Name, v => v.Value);
        mainnet.Keys.Where(name => mainnet[name] != hardened[name]).Order(StringComparer.Ordinal).ShouldBe(hardening.Order(StringComparer.Ordinal));
        foreach (var p in new[] { MarginParameters.Mainnet, MarginParameters.Readme })
        {
            p.HealthValuation.ShouldBe(HealthValuation.Spot);
            p.OpenValuation.ShouldBe(OpenValuation.Unchecked);
            p.MaxOpenTwapDeviationPpb.ShouldBe(Ppb.Zero);
            p.MaxPositionDepthPpb.ShouldBe(Ppb.Zero);
            p.LpInterestCrediting.ShouldBe(LpInterestCrediting.AtRepayment);
            p.TierInputs.ShouldBe(TierInputs.Live);
            p.BuybackReference.ShouldBe(BuybackReference.Spot);
            p.BuybackMaxDepthPpb.ShouldBe(Ppb.Zero);
        }
    }

    [Fact]
    public void The_mainnet_preset_holds_the_deployed_configuration()
    {
        var p = MarginParameters.Mainnet;
        (p.MinLiquidityRao, p.MaxUtilizationPpb.Value, p.LiquidityBufferPpb.Value).ShouldBe((1_000_000_000_000, 900_000_000, 200_000_000));
        (p.UserCooldownBlocks, p.LpCooldownBlocks, p.LiquidationConfirmations).ShouldBe((1, 360, 5));
        (p.TradingFeePpb.Value, p.LiquidationFeePpb.Value, p.BorrowBaseRatePpbPer360Blocks.Value, p.BorrowKinkPpb.Value).ShouldBe((3_000_000, 20_000_000, 50_000, 800_000_000));
        (p.TradingLpSharePpb.Value, p.TradingProtocolSharePpb.Value, p.BorrowingLpSharePpb.Value, p.BorrowingProtocolSharePpb.Value).ShouldBe((300_000_000, 700_000_000, 350_000_000, 650_000_000));
        (p.LiquidationLiquidatorSharePpb.Value, p.LiquidationProtocolSharePpb.Value).ShouldBe((400_000_000, 600_000_000));
        (p.ProtocolFeeGovernanceSharePpb.Value, p.ProtocolFeeBuybackSharePpb.Value, p.ProtocolFeeInsuranceSharePpb.Value).ShouldBe((25_000_000, 600_000_000, 80_000_000));
        (p.LpFeeInsuranceSharePpb.Value, p.PerfFeeInsuranceSharePpb.Value).ShouldBe((125_000_000, 100_000_000));
        (p.BuybackIntervalBlocks, p.BuybackThresholdRao, p.BuybackSlippageBps.Value).ShouldBe((7_200, 1_000_000_000, 500));
        p.BorrowFeeTierDiscounted.ShouldBe(BorrowFeeDiscount.TierDiscounted);
        // Tiers: SN67 alpha staked ≥ 0 / 100 / 1,000 / 2,000 / 5,000 / 10,000 → discount 0–50%, leverage 2/3/4/5/7/10×.
        p.Tiers.Select(t => (t.ThresholdRao, t.DiscountPpb.Value, t.MaxLeverage)).ShouldBe([
            (0L, 0L, X("2")), (100_000_000_000L, 100_000_000L, X("3")), (1_000_000_000_000L, 200_000_000L, X("4")),
            (2_000_000_000_000L, 300_000_000L, X("5")), (5_000_000_000_000L, 400_000_000L, X("7")), (10_000_000_000_000L, 500_000_000L, X("10")),
        ]);
        (p.MinDepositRao, p.MinLpDepositRao).ShouldBe((100_000_000, 100_000_000));
        MarginParameters.Validate(p).ShouldBeNull();
        MarginParameters.Validate(MarginParameters.Readme).ShouldBeNull();
    }
}
