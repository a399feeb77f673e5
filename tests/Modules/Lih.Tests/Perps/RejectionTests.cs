using System.Reflection;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>
/// One case per error code of <see cref="PerpsErrors"/> and <see cref="InsuranceErrors"/>: the code, a message, and no
/// effect (the block with the transaction ends in the state of the block without it).
/// </summary>
public class RejectionTests
{
    internal sealed record Case(string Name, ErrorCode Code, string? Message, Func<(LihWorld World, Envelope[] Prefix, Envelope Tx)> Setup)
    {
        public override string ToString() => Name;
    }

    /// <summary>A world with market "A" (A/TAO, TAO-quoted, 1 TAO), market "U" (X/USD guarded by X/USD-b, 300 USD), 10,000 TAO lent, t1's 10× long (id 1).</summary>
    private static LihWorld Base(PerpsParameters? perps = null, InsuranceParameters? insurance = null, bool probe = false)
    {
        var w = Create(perps, insurance, new RiskParameters { SigmaRef = Fixed.One }, probe);
        w.RunOk(Post(AlphaTao, "1"), Post(Usd, "300"), Post(UsdGuard, "300"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
        w.RunOk(Market("A", AlphaTao, "1000000000000", true), Market("U", Usd, "1000000000000", false, UsdGuard));
        w.Open(Long("t1", "A", 10, "10"));
        return w;
    }

    internal static readonly Case[] Cases =
    [
        new("open on an unknown market", PerpsErrors.UnknownMarket, "no market 'nope'", () => (Base(), [], Long("t2", "nope", 1, "2"))),
        new("create an existing market", PerpsErrors.MarketExists, "exists", () => (Base(), [], Market("A", AlphaTao, "10", true))),
        new("create a market with no base reserve", PerpsErrors.InvalidMarket, "base reserve", () => (Base(), [], Market("B", AlphaTao, "0", true))),
        new("create a market above the base-reserve bound", PerpsErrors.BaseReserveTooLarge, "at most 1000000000000000", () => (Base(), [], Market("B", AlphaTao, "1000000000000000.000000000000000001", true))),
        new("open above L_max", PerpsErrors.LeverageAboveCap, "L_max is 40x", () => (Base(), [], Long("t2", "A", 1, "41"))),
        new("open below 1x", PerpsErrors.LeverageBelowOne, "at least 1x", () => (Base(), [], Long("t2", "A", 1, "0.5"))),
        // a side outside the enum (JSON may carry a number) is refused, not read as a short
        new("open on a side that is neither long nor short", PerpsErrors.InvalidSide, "long or short; got 2",
            () => (Base(), [], new OpenPerp("A", (PerpSide)2, Tao(1), X("2")).From("t2"))),
        new("open with a dust margin", PerpsErrors.MarginBelowMinimum, "margin is at least", () => (Base(), [], Long("t2", "A", 0.001m, "2"))),
        new("open while the breaker halts new leverage", PerpsErrors.LeverageHalted, "paused", () =>
        {
            // default σ_ref: a 5% move with a 10× long open and a reserve of one premium trips the breaker
            var w = Create(risk: new RiskParameters());
            w.RunOk(Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(10_000)).From(Lender));
            w.RunOk(Market("A", AlphaTao, "1000000000000", true));
            w.Open(Long("t1", "A", 10, "10"));
            w.RunOk(Post(AlphaTao, "1.05"));
            w.Perps.LeverageHalted.ShouldBeTrue();
            return (w, [], Long("t2", "A", 1, "2"));
        }),
        new("open while index and guard disagree", PerpsErrors.IndexDeviation, "above 500 bps", () => (Base(), [Post(UsdGuard, "330")], Long("t2", "U", 1, "2"))),
        new("open beyond the vAMM's depth", PerpsErrors.TradeTooLarge, "too large", () =>
        {
            var w = Base();
            w.RunOk(Market("S", AlphaTao, "1", true));
            return (w, [], Short("t2", "S", 10, "40"));
        }),
        new("close an unknown position", PerpsErrors.UnknownPerpPosition, "no open perp position 99", () => (Base(), [], new ClosePerp(99).From("t1"))),
        new("close another trader's position", PerpsErrors.NotPerpOwner, "belongs to t1", () => (Base(), [], new ClosePerp(1).From("t2"))),
        new("close a position past its liquidation price", PerpsErrors.PositionUnderwater, "can only be liquidated",
            // 10×: liquidated at −9.375%; the index falls 20% earlier in the block, before the hook liquidates
            () => (Base(), [Post(AlphaTao, "0.8")], new ClosePerp(1).From("t1"))),
        new("liquidate a healthy position", PerpsErrors.NotLiquidatable, "at or above its maintenance requirement", () => (Base(), [], new LiquidatePerp(1).From("t2"))),
        new("open beyond a side's open-interest cap", PerpsErrors.OpenInterestCap, "the band of 20000 allows", () =>
        {
            // depth 1,000 at b = 0.002%: the long cap is 1,000·(1 − 1/√1.00001) ≈ 0.005 units; a 1 TAO 2× long buys ≈ 2
            var w = Base();
            w.RunOk(Market("S", AlphaTao, "1000", true));
            return (w, [], Long("t2", "S", 1, "2"));
        }),
        new("open a position born below its maintenance requirement", PerpsErrors.BelowMaintenance, "below its maintenance requirement", () =>
        {
            // a 40× long under a 1% band: maintenance = (2·1% + funding)·1.1·notional ≈ 0.022·40 = 0.88 of the margin,
            // while the open fee alone is 1,040 ppb·40 = 4.2% of it and the equity after open is ≈ 0.958 of it… so at
            // a 2% band (0.044·40 = 1.76 margins) no position at 40× can be healthy.
            var w = Base(new PerpsParameters { MarkBandPpb = new(20_000_000) });
            return (w, [], Long("t2", "A", 1, "40"));
        }),
        new("create a market on a subnet pool without a guard", PerpsErrors.GuardRequired, "needs a guard source", () =>
        {
            var w = Base();
            w.RunOk(new Ballast.Subnets.RegisterSubnet(3, Tao(1_000), X("1")).From(SubnetOwner));
            return (w, [], Market("SN3", "subnet:3", "1000000000000", true));
        }),
        new("open on a subnet pool whose swap fee makes pushing it cheaper than the position pays", PerpsErrors.ManipulationCostCap, "so more would pay to push it", () =>
        {
            // the quiet world's pools charge no swap fee: a subnet-priced market can hold nothing
            var w = Base();
            w.RunOk(new Ballast.Subnets.RegisterSubnet(3, Tao(1_000), X("1")).From(SubnetOwner));
            w.RunOk(Market("SN3", "subnet:3", "1000000000000", true, AlphaTao));
            return (w, [], Long("t2", "SN3", 1, "2"));
        }),
        new("unlock a fifth cap", PerpsErrors.AllCapsUnlocked, "all caps are unlocked", () =>
        {
            var w = Base(new PerpsParameters { Caps = [.. new PerpsParameters().Caps.Select(c => c with { UnlockReserveRao = 0 })] });
            w.RunOk(new UnlockLeverageCap().From(Dao), new UnlockLeverageCap().From(Dao), new UnlockLeverageCap().From(Dao));
            return (w, [], new UnlockLeverageCap().From(Dao));
        }),
        new("unlock 100x with a thin reserve", PerpsErrors.UnlockConditionsNotMet, "needs an insurance reserve of 1000", () => (Base(), [], new UnlockLeverageCap().From(Dao))),
        new("withdraw below the lenders' coverage of open interest", PerpsErrors.LpCoverageTooLow, "against open interest", () =>
        {
            // open interest 100 TAO → lenders keep 10 TAO; withdrawing all 10,000 (plus the fees earned) would leave nothing
            var w = Base();
            return (w, [], new WithdrawPerpLiquidity(Tao(9_995)).From(Lender));
        }),
        new("withdraw without shares", PerpsErrors.NotPerpLender, "holds no lender shares", () => (Base(), [], new WithdrawPerpLiquidity(Tao(1)).From("t2"))),
        new("top up before the epoch's utilisation passed gamma", InsuranceErrors.TopUpNotTriggered, "needs more than", () =>
        {
            var w = Base(insurance: new InsuranceParameters { TargetReserveRao = 0 });
            w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation));
            return (w, [], new TreasuryTopUp(Tao(1)).From(Dao));
        }),
        new("top up above beta of the treasury", InsuranceErrors.TopUpAboveLimit, "at most", () =>
        {
            var w = Base(insurance: new InsuranceParameters { TargetReserveRao = 0 }, probe: true);
            w.RunOk(new FundTreasury(Tao(1_000)).From(Foundation), new ProbeCover("claims", Tao(100)).From(Nobody));
            w.Insurance.TopUpTriggered.ShouldBeTrue();
            // β = 20% of 1,000 TAO = 200 TAO
            return (w, [], new TreasuryTopUp(Tao(200.000000001m)).From(Dao));
        }),
    ];

    public static TheoryData<string> CaseNames() => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Rejected_with_its_code_and_no_effect(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var (w, prefix, tx) = c.Setup();
        RejectionProbe.Run(w.Engine, prefix, tx).ShouldBeRejectedWithoutEffect(c.Code, c.Message);
    }

    private static IEnumerable<(string Field, ErrorCode Code)> Declared(Type t) =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(ErrorCode)).Select(f => (f.Name, (ErrorCode)f.GetValue(null)!));

    [Fact]
    public void Every_perps_and_insurance_error_code_has_a_case()
    {
        var declared = Declared(typeof(PerpsErrors)).Concat(Declared(typeof(InsuranceErrors))).ToList();
        declared.Count.ShouldBe(25);
        var covered = Cases.Select(c => c.Code).ToHashSet();
        declared.Where(d => !covered.Contains(d.Code)).Select(d => d.Field).ShouldBeEmpty();
        declared.Select(d => d.Code.Name).ShouldBeUnique();
        Cases.Select(c => c.Name).ShouldBeUnique();
    }
}
