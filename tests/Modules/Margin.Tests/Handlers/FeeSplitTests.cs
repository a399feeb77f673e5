using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Liquidation;
using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Handlers;

/// <summary>
/// Fee splits LP / liquidator / protocol with 12.5% of the LP part to the insurance manager, for both presets:
/// mainnet trading 30/0/70, borrowing 35/0/65, liquidation 0/40/60; README 65/0/35, 70/0/30, 0/60/40.
/// </summary>
public class FeeSplitTests
{
    public sealed record Split(long Fee, long ToLps, long ToInsurance, long ToProtocol);

    public sealed record PresetCase(string Preset, Split Trading, long RatePpb, Split Borrowing, long Interest, Split InterestAtLiquidation,
        long LiquidatorsShare, long FirstCaller, long EachOther, long Dust)
    {
        public override string ToString() => Preset;
    }

    // Trading: 10 TAO at 2x, tier 0: fee = 20 TAO·0.3% = 60,000,000.
    //   mainnet LP ⌊30%⌋ = 18,000,000 → insurance 2,250,000, LPs 15,750,000; protocol 42,000,000
    //   README  LP ⌊65%⌋ = 39,000,000 → insurance 4,875,000, LPs 34,125,000; protocol 21,000,000
    // Borrowing: 10 TAO lent of 10,000 (U = 0.1%) for one period, closed:
    //   mainnet rate 50,000 + ⌊0.001·150,000/0.8⌋ = 50,187 → fee 501,870; LP ⌊35%⌋ = 175,654 → 21,956 / 153,698; protocol 326,216
    //   README  rate 30,000 + ⌊0.001·90,000/0.8⌋ = 30,112 → fee 301,120; LP ⌊70%⌋ = 210,784 → 26,348 / 184,436; protocol 90,336
    // Liquidation (CrashWorld, fee 2,093,523,131 on proceeds 104,676,156,532):
    //   mainnet liquidators ⌊40%⌋ = 837,409,252: first 418,704,626, then ⌊418,704,626/4⌋ = 104,676,156 each, 2 rao dust
    //   README  liquidators ⌊60%⌋ = 1,256,113,878: first 628,056,939, then 157,014,234 each, 3 rao dust
    //   interest at liquidation: mainnet 5,187,500 → 1,588,672 / 226,953 / 3,371,875; README 3,112,500 → 1,906,407 / 272,343 / 933,750
    public static readonly TheoryData<PresetCase> Presets = new()
    {
        new PresetCase("mainnet", new Split(60_000_000, 15_750_000, 2_250_000, 42_000_000), 50_187, new Split(501_870, 153_698, 21_956, 326_216),
            5_187_500, new Split(5_187_500, 1_588_672, 226_953, 3_371_875), 837_409_252, 418_704_626, 104_676_156, 2),
        new PresetCase("readme", new Split(60_000_000, 34_125_000, 4_875_000, 21_000_000), 30_112, new Split(301_120, 184_436, 26_348, 90_336),
            3_112_500, new Split(3_112_500, 1_906_407, 272_343, 933_750), 1_256_113_878, 628_056_939, 157_014_234, 3),
    };

    private static FeeDistributed Event(FeeKind kind, Split s) => new(kind, Rao((ulong)s.Fee), Rao((ulong)s.ToLps), Rao((ulong)s.ToInsurance), Rao((ulong)s.ToProtocol));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Trading_and_borrowing_fees_split_between_lps_insurance_and_protocol(PresetCase c)
    {
        var world = MarginWorldBuilder.Create()
            .WithPreset(c.Preset)
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("bob", 1_000)
            .WithPair(3)
            .Build();
        long id = world.Open("bob", 3, Tao(10), "2");
        world.LastBlockEvents<FeeDistributed>().ShouldBe([Event(FeeKind.Trading, c.Trading)]);
        world.State.PendingLpFees.ShouldBe(Rao((ulong)c.Trading.ToLps));
        world.State.ProtocolFees.ShouldBe(Rao((ulong)c.Trading.ToProtocol));
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(Rao((ulong)c.Trading.ToInsurance));
        world.State.InsuranceReceived.ShouldBe(Rao((ulong)c.Trading.ToInsurance));

        world.AdvanceTo(360); // the accrual clock stays at genesis while nothing is lent (IdleAccrualClock.Frozen)
        world.LastBlockEvents<BorrowFeesAccrued>().ShouldHaveSingleItem().RatePpb.ShouldBe(new Ppb(c.RatePpb));
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao((ulong)c.Borrowing.Fee));
        world.RunOk(new ClosePosition(id, 1_000).From("bob"));
        var fees = world.LastBlockEvents<FeeDistributed>();
        fees.Count.ShouldBe(2);
        fees[1].ShouldBe(Event(FeeKind.Borrowing, c.Borrowing));
        // The trading fee on the proceeds splits by the same shares.
        var lpShare = c.Preset == "mainnet" ? 300_000_000UL : 650_000_000UL;
        var lp = fees[0].Fee.MulDiv(lpShare, 1_000_000_000u, Rounding.Down);
        var insurance = lp.MulDiv(125_000_000u, 1_000_000_000u, Rounding.Down);
        fees[0].ShouldBe(new FeeDistributed(FeeKind.Trading, fees[0].Fee, lp - insurance, insurance, fees[0].Fee - lp));
        world.State.TotalBorrowingFees.ShouldBe(Rao((ulong)c.Borrowing.Fee));
        world.Solvency().Solvent.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Liquidation_fees_go_to_liquidators_and_protocol_and_interest_through_the_borrowing_split(PresetCase c)
    {
        var world = CrashWorld.Build(b => b.WithPreset(c.Preset), c.Interest);
        long id = world.State.Positions.Keys.Single();
        CrashWorld.Crash(world, 380_000);
        foreach (var caller in MarginWorldBuilder.Liquidators) world.Run(new Liquidate(id).From(caller)).ShouldBeAccepted();

        world.LastBlockEvents<FeeDistributed>().ShouldBe([
            Event(FeeKind.Borrowing, c.InterestAtLiquidation),
            Event(FeeKind.Liquidation, new Split(2_093_523_131, 0, 0, 2_093_523_131 - c.LiquidatorsShare)),
        ]);
        world.LastBlockEvents<LiquidatorRewarded>().Select(r => r.Reward.Units).ShouldBe(
            [(UInt128)c.FirstCaller, (UInt128)c.EachOther, (UInt128)c.EachOther, (UInt128)c.EachOther, (UInt128)c.EachOther]);
        (c.FirstCaller + 4 * c.EachOther + c.Dust).ShouldBe(c.LiquidatorsShare);
    }

    [Theory]
    [InlineData("mainnet", 1_050_000, 25_200_000, 3_360_000, 12_390_000)] // 42,000,000: 2.5% / 60% / 8% / 29.5%
    [InlineData("readme", 525_000, 16_800_000, 1_680_000, 1_995_000)]     // 21,000,000: 2.5% / 80% / 8% / 9.5%
    public void Protocol_fee_withdrawal_routes_owner_buyback_insurance_and_treasury(string preset, long owner, long buyback, long insurance, long treasury)
    {
        var world = MarginWorldBuilder.Create()
            .WithPreset(preset)
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("bob", 1_000)
            .WithPair(3)
            .Build();
        world.Open("bob", 3, Tao(10), "2"); // protocol fees: the trading fee's protocol part
        var total = world.State.ProtocolFees;
        total.ShouldBe(Rao((ulong)(owner + buyback + insurance + treasury)));
        var insuranceBefore = world.Balance(MarginModule.InsuranceAccount);

        world.RunOk(new WithdrawProtocolFees().From(MarginWorldBuilder.Manager));

        world.LastBlockEvents<ProtocolFeesWithdrawn>().ShouldHaveSingleItem()
            .ShouldBe(new ProtocolFeesWithdrawn(total, Rao((ulong)owner), Rao((ulong)buyback), Rao((ulong)insurance), Rao((ulong)treasury)));
        world.Balance(MarginModule.OwnerFeesAccount).ShouldBe(Rao((ulong)owner));
        world.Balance(MarginModule.TreasuryAccount).ShouldBe(Rao((ulong)treasury));
        world.Balance(MarginModule.InsuranceAccount).ShouldBe(insuranceBefore + Rao((ulong)insurance));
        world.State.BuybackPool.ShouldBe(Rao((ulong)buyback));
        world.State.ProtocolFees.ShouldBe(Amount.Zero);
        world.Solvency().Solvent.ShouldBeTrue();
        world.Run(new WithdrawProtocolFees().From(MarginWorldBuilder.Manager)).ShouldBeRejectedWith(MarginErrors.NoProtocolFees);
    }
}
