using System.Reflection;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests;

/// <summary>
/// One rejection per error code (several for most): each asserts the code, that the message says what was wrong,
/// and that the block with the rejected transaction leaves exactly the state of the same block without it (state
/// hash and the whole described state: balances, supplies, prices, subnets).
/// </summary>
public class RejectionTests
{
    private sealed record Case(ErrorCode Code, string MessageContains, Func<Engine, Envelope> Tx, Action<Engine>? Setup = null);

    private static readonly Amount AboveLimit = new(EngineContext.MaxTransactionUnits + 1);

    /// <summary>
    /// alice (guardian, 10,000 TAO) owns SN1 (1,000 TAO at 0.25); bob (1,000 TAO) bought alpha with 100 TAO and
    /// staked 10 alpha with val-1 (now worth 10.41 alpha after a block of emission); carol holds 5 TAO only.
    /// </summary>
    private static Engine Scenario()
    {
        var engine = new Engine(Options(), new SubnetModule());
        var genesis = engine.ApplyGenesis([
            new GenesisAccount("alice", new Dictionary<string, Amount> { ["TAO"] = Tao(10_000) }).AsGenesis(),
            new GenesisAccount("bob", new Dictionary<string, Amount> { ["TAO"] = Tao(1_000) }).AsGenesis(),
            new GenesisAccount("carol", new Dictionary<string, Amount> { ["TAO"] = Tao(5) }).AsGenesis(),
            new GenesisRole(Roles.Guardian, "alice").AsGenesis(),
        ]);
        genesis.ShouldAllBe(r => r.Accepted);
        engine.Block(new RegisterSubnet(1, Tao(1_000), F("0.25")).From("alice"), new Swap(1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("bob"));
        engine.Block(new Stake(1, "val-1", Tao(10)).From("bob"));
        engine.Subnet(1).Stakes["val-1"].AlphaOf("bob").ShouldBe(Rao(10_410_000_000));
        return engine;
    }

    private static readonly SortedDictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["UnknownSubnet: swap on 9"] = new(SubnetErrors.UnknownSubnet, "no subnet 9", _ => new Swap(9, SwapDirection.TaoToAlpha, Tao(1), Amount.Zero).From("bob")),
        ["UnknownSubnet: stake on 9"] = new(SubnetErrors.UnknownSubnet, "no subnet 9", _ => new Stake(9, "val-1", Tao(1)).From("bob")),
        ["UnknownSubnet: unstake on 9"] = new(SubnetErrors.UnknownSubnet, "no subnet 9", _ => new Unstake(9, "val-1", Tao(1)).From("bob")),

        ["NotSubnetOwner: bob redirects SN1's miner emission"] = new(SubnetErrors.NotSubnetOwner, "belongs to alice", _ => new SetMinerRecipient(1, "bob").From("bob")),
        ["UnknownAccount: miner recipient nobody"] = new(CoreErrors.UnknownAccount, "no account 'nobody'", _ => new SetMinerRecipient(1, "nobody").From("alice")),
        ["TradeTooSmall: swapToPrice to the current price"] = new(SubnetErrors.TradeTooSmall, "already at", e => new SwapToPrice(1, SubnetMarket.SpotPrice(e.View, e.Subnet(1)), Tao(1)).From("bob")),
        ["SlippageExceeded: swapToPrice beyond its input limit"] = new(SubnetErrors.SlippageExceeded, "the limit is", _ => new SwapToPrice(1, F("0.5"), Tao(1)).From("bob")),
        ["InvalidSubnetPrice: swapToPrice to zero"] = new(SubnetErrors.InvalidPrice, "target price", _ => new SwapToPrice(1, Fixed.Zero, Tao(1)).From("bob")),

        ["SubnetExists: register 1 again"] = new(SubnetErrors.SubnetExists, "subnet 1 is registered", _ => new RegisterSubnet(1, Tao(10), F("0.25")).From("bob")),

        ["InvalidNetuid: 0 (root)"] = new(SubnetErrors.InvalidNetuid, "got 0", _ => new RegisterSubnet(0, Tao(10), F("0.25")).From("alice")),
        ["InvalidNetuid: 65536"] = new(SubnetErrors.InvalidNetuid, "got 65536", _ => new RegisterSubnet(65_536, Tao(10), F("0.25")).From("alice")),
        ["InvalidNetuid: -1"] = new(SubnetErrors.InvalidNetuid, "got -1", _ => new RegisterSubnet(-1, Tao(10), F("0.25")).From("alice")),

        ["ReserveTooSmall: 0.999999999 TAO"] = new(SubnetErrors.ReserveTooSmall, "at least 1000000000 rao", _ => new RegisterSubnet(2, Rao(999_999_999), F("0.25")).From("alice")),

        ["InvalidPoolWeight: weighted 0.995"] = new(SubnetErrors.InvalidPoolWeight, "[0.01, 0.99]", _ => new RegisterSubnet(2, Tao(10), F("0.25"), PoolKind.Weighted, F("0.995")).From("alice")),
        ["InvalidPoolWeight: weighted 0.0099"] = new(SubnetErrors.InvalidPoolWeight, "[0.01, 0.99]", _ => new RegisterSubnet(2, Tao(10), F("0.25"), PoolKind.Weighted, F("0.0099")).From("alice")),
        ["InvalidPoolWeight: constant product at 0.3"] = new(SubnetErrors.InvalidPoolWeight, "equal weights", _ => new RegisterSubnet(2, Tao(10), F("0.25"), PoolKind.ConstantProduct, F("0.3")).From("alice")),
        ["InvalidPoolWeight: miner burn 10001 bps"] = new(SubnetErrors.InvalidPoolWeight, "0–10000 bps", _ => new RegisterSubnet(2, Tao(10), F("0.25"), MinerBurnBps: 10_001).From("alice")),
        ["InvalidPoolWeight: miner burn -1 bps"] = new(SubnetErrors.InvalidPoolWeight, "0–10000 bps", _ => new RegisterSubnet(2, Tao(10), F("0.25"), MinerBurnBps: -1).From("alice")),

        // Scripts may write an enum as its number: one outside the enum is refused, never read as some other kind.
        ["InvalidPoolKind: pool kind 2"] = new(SubnetErrors.InvalidPoolKind, "constantProduct or weighted; got 2", _ => new RegisterSubnet(2, Tao(10), F("0.25"), (PoolKind)2).From("alice")),
        ["InvalidSwapDirection: direction 2"] = new(SubnetErrors.InvalidSwapDirection, "taoToAlpha or alphaToTao; got 2", _ => new Swap(1, (SwapDirection)2, Tao(1), Amount.Zero).From("bob")),

        ["InvalidSubnetPrice: 0"] = new(SubnetErrors.InvalidPrice, "got 0", _ => new RegisterSubnet(2, Tao(10), Fixed.Zero).From("alice")),
        ["InvalidSubnetPrice: -0.25"] = new(SubnetErrors.InvalidPrice, "got -0.25", _ => new RegisterSubnet(2, Tao(10), F("-0.25")).From("alice")),
        ["InvalidSubnetPrice: just above 1,000,000"] = new(SubnetErrors.InvalidPrice, "(0, 1000000]", _ => new RegisterSubnet(2, Tao(10), F("1000000.000000000000000001")).From("alice")),
        // 1,000 TAO at 0.00001 would open with 1e8 alpha, above the 21M cap.
        ["InvalidSubnetPrice: more than 21M alpha"] = new(SubnetErrors.InvalidPrice, "21M alpha", _ => new RegisterSubnet(2, Tao(1_000), F("0.00001")).From("alice")),

        // The quote for 1 TAO, plus one rao, as the minimum.
        ["SlippageExceeded: minimum one rao above the quote"] = new(SubnetErrors.SlippageExceeded, "below the minimum",
            e => new Swap(1, SwapDirection.TaoToAlpha, Tao(1), SubnetMarket.SimSwapTaoForAlpha(e.View, 1, Tao(1)) + Rao(1)).From("bob")),
        ["SlippageExceeded: selling alpha"] = new(SubnetErrors.SlippageExceeded, "below the minimum",
            e => new Swap(1, SwapDirection.AlphaToTao, Tao(1), SubnetMarket.SimSwapAlphaForTao(e.View, 1, Tao(1)) + Rao(1)).From("bob")),

        // 1 rao of alpha into ~1,100 TAO / ~3,637 alpha: ⌊1,100e9·1/3,637e9⌋ = 0.
        ["TradeTooSmall: sell 1 rao of alpha"] = new(SubnetErrors.TradeTooSmall, "returns nothing", _ => new Swap(1, SwapDirection.AlphaToTao, Rao(1), Amount.Zero).From("bob")),
        // val-1: 10.41e9 alpha for 10e9 shares, so 1 unit buys ⌊1·10e9/10.41e9⌋ = 0 shares.
        ["TradeTooSmall: stake 1 unit"] = new(SubnetErrors.TradeTooSmall, "buy no share", _ => new Stake(1, "val-1", Rao(1)).From("bob")),

        ["InvalidHotkey: empty"] = new(SubnetErrors.InvalidHotkey, "not a valid hotkey", _ => new Stake(1, "", Tao(1)).From("bob")),
        ["InvalidHotkey: module-style name"] = new(SubnetErrors.InvalidHotkey, "not a valid hotkey", _ => new Stake(1, "subnet:1:pool", Tao(1)).From("bob")),
        ["InvalidHotkey: 65 characters"] = new(SubnetErrors.InvalidHotkey, "not a valid hotkey", _ => new Stake(1, new string('h', 65), Tao(1)).From("bob")),

        ["InsufficientStake: one unit more than worth"] = new(SubnetErrors.InsufficientStake, "worth 10410000000", _ => new Unstake(1, "val-1", Rao(10_410_000_001)).From("bob")),
        ["InsufficientStake: no stake with that hotkey"] = new(SubnetErrors.InsufficientStake, "no stake with val-2", _ => new Unstake(1, "val-2", Tao(1)).From("bob")),
        ["InsufficientStake: another coldkey's stake"] = new(SubnetErrors.InsufficientStake, "carol has no stake", _ => new Unstake(1, "val-1", Tao(1)).From("carol")),

        ["Paused: swap paused by the guardian"] = new(GovernanceErrors.Paused, "subnets.swap is paused",
            _ => new Swap(1, SwapDirection.TaoToAlpha, Tao(1), Amount.Zero).From("bob"),
            e => e.Block(new Pause("subnets.swap").From("alice"))),
        ["Paused: the whole module paused (register)"] = new(GovernanceErrors.Paused, "subnets.register is paused",
            _ => new RegisterSubnet(2, Tao(10), F("0.25")).From("alice"),
            e => e.Block(new Pause("subnets").From("alice"))),
        ["Paused: the whole module paused (unstake)"] = new(GovernanceErrors.Paused, "subnets.unstake is paused",
            _ => new Unstake(1, "val-1", Tao(1)).From("bob"),
            e => e.Block(new Pause("subnets").From("alice"))),

        ["InsufficientBalance: swap more TAO than held"] = new(CoreErrors.InsufficientBalance, "bob holds 900000000000 TAO", _ => new Swap(1, SwapDirection.TaoToAlpha, Tao(901), Amount.Zero).From("bob")),
        ["InsufficientBalance: sell alpha not held"] = new(CoreErrors.InsufficientBalance, "carol holds 0 SN1", _ => new Swap(1, SwapDirection.AlphaToTao, Tao(1), Amount.Zero).From("carol")),
        ["InsufficientBalance: register with more TAO than held"] = new(CoreErrors.InsufficientBalance, "carol holds", _ => new RegisterSubnet(2, Tao(6), F("0.25")).From("carol")),
        ["InsufficientBalance: stake alpha not held"] = new(CoreErrors.InsufficientBalance, "carol holds 0 SN1", _ => new Stake(1, "val-1", Tao(1)).From("carol")),

        ["ZeroAmount: swap 0"] = new(CoreErrors.ZeroAmount, "swap amount must be more than zero", _ => new Swap(1, SwapDirection.TaoToAlpha, Amount.Zero, Amount.Zero).From("bob")),
        ["ZeroAmount: stake 0"] = new(CoreErrors.ZeroAmount, "stake must be more than zero", _ => new Stake(1, "val-1", Amount.Zero).From("bob")),
        ["ZeroAmount: unstake 0"] = new(CoreErrors.ZeroAmount, "unstake must be more than zero", _ => new Unstake(1, "val-1", Amount.Zero).From("bob")),
        ["ZeroAmount: register with no TAO"] = new(CoreErrors.ZeroAmount, "TAO reserve must be more than zero", _ => new RegisterSubnet(2, Amount.Zero, F("0.25")).From("alice")),

        ["AmountTooLarge: swap 1e30 + 1 units"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new Swap(1, SwapDirection.TaoToAlpha, AboveLimit, Amount.Zero).From("bob")),
        ["AmountTooLarge: sell UInt128.MaxValue alpha"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new Swap(1, SwapDirection.AlphaToTao, new Amount(UInt128.MaxValue), Amount.Zero).From("bob")),
        ["AmountTooLarge: stake 1e30 + 1 units"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new Stake(1, "val-1", AboveLimit).From("bob")),
        ["AmountTooLarge: register with 1e30 + 1 units"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new RegisterSubnet(2, AboveLimit, F("0.25")).From("alice")),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Rejected_with_its_code_and_message_and_no_effect(string name)
    {
        var c = Cases[name];
        var engine = Scenario();
        c.Setup?.Invoke(engine);
        var result = engine.ShouldBeRejectedWithoutEffect(c.Tx(engine), c.Code);
        result.Message!.ShouldContain(c.MessageContains, Shouldly.Case.Sensitive);
    }

    [Fact]
    public void A_swap_may_not_price_alpha_above_the_oracle_limit_and_the_engine_keeps_running()
    {
        // A whale with the largest genesis balance (1e30 units). SN1 opens with 1 TAO at 1,000,000: 1,000 alpha units.
        // Buying with 1e19 rao: out = ⌊1000·1e19/(1e9 + 1e19)⌋ = 999, leaving 1 unit of alpha against 1e19 rao of
        // TAO — alpha at 1e19 TAO. The pool's cumulative price grew by 1e37 (raw) a block, overflowed the TWAP
        // accumulator's Int128 18 blocks later, and from then on every block's hook threw. Such trades are refused.
        var engine = NewEngine(new SubnetParameters(), ("alice", Tao(10)), ("whale", new Amount(EngineContext.MaxTransactionUnits)));
        engine.Block(new RegisterSubnet(1, Tao(1), F("1000000")).From("alice"));
        engine.Reserves(1).ShouldBe((Tao(1), Rao(1_000)));
        var huge = Rao(10_000_000_000_000_000_000UL);
        SubnetMarket.SimSwapTaoForAlpha(engine.View, 1, huge).ShouldBe(Amount.Zero);
        engine.ShouldBeRejectedWithoutEffect(new Swap(1, SwapDirection.TaoToAlpha, huge, Amount.Zero).From("whale"), SubnetErrors.InvalidPrice)
            .Message!.ShouldContain("above 1000000000000 TAO");
        // 1e6 TAO would leave 1 unit against 1e15 rao: 1e15 TAO per alpha, also above 1e12.
        engine.ShouldBeRejectedWithoutEffect(new Swap(1, SwapDirection.TaoToAlpha, Tao(1_000_000), Amount.Zero).From("whale"), SubnetErrors.InvalidPrice);

        // 100 TAO: out = ⌊1000·1e11/(1e9 + 1e11)⌋ = 990, leaving 10 units: 1.01e11/10 = 1.01e10 TAO per alpha, allowed.
        engine.Block(new Swap(1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero).From("whale"));
        engine.Reserves(1).ShouldBe((Tao(101), Rao(10)));
        engine.Price(1).ShouldBe(F("10100000000"));
        engine.AdvanceBlocks(1_000);
        engine.Prices.TryGetTwap("subnet:1", engine.Height, 500, out var twap).Accepted.ShouldBeTrue();
        twap.ShouldBeGreaterThan(F("10000000000"));
    }

    [Fact]
    public void Every_subnet_error_code_has_a_rejection_test()
    {
        var declared = typeof(SubnetErrors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsInitOnly && f.FieldType == typeof(ErrorCode))
            .Select(f => (ErrorCode)f.GetValue(null)!)
            .ToList();
        declared.Count.ShouldBe(13);
        var tested = Cases.Values.Select(c => c.Code).ToHashSet();
        declared.Where(code => !tested.Contains(code)).ShouldBeEmpty();
        // …and the other codes the brief lists, reached through subnet transactions.
        new[] { GovernanceErrors.Paused, CoreErrors.InsufficientBalance, CoreErrors.ZeroAmount, CoreErrors.AmountTooLarge }
            .Where(code => !tested.Contains(code)).ShouldBeEmpty();
    }

    [Fact]
    public void Quotes_of_rejected_trades_are_zero_and_change_nothing()
    {
        var engine = Scenario();
        var hash = engine.StateHash();
        SubnetMarket.Quote(engine.View, 9, SwapDirection.TaoToAlpha, Tao(1), out _, out _).Error.ShouldBe(SubnetErrors.UnknownSubnet);
        SubnetMarket.Quote(engine.View, 1, SwapDirection.TaoToAlpha, Amount.Zero, out _, out _).Error.ShouldBe(CoreErrors.ZeroAmount);
        SubnetMarket.Quote(engine.View, 1, SwapDirection.TaoToAlpha, AboveLimit, out _, out _).Error.ShouldBe(CoreErrors.AmountTooLarge);
        SubnetMarket.Quote(engine.View, 1, SwapDirection.AlphaToTao, Rao(1), out _, out _).Error.ShouldBe(SubnetErrors.TradeTooSmall);
        SubnetMarket.SimSwapTaoForAlpha(engine.View, 9, Tao(1)).ShouldBe(Amount.Zero);
        engine.StateHash().ShouldBe(hash);
    }

    [Fact]
    public void A_rejected_transaction_inside_a_busy_block_changes_nothing_either()
    {
        // Accepted, rejected, accepted in one block = the same block without the rejected one.
        var engine = Scenario();
        var before = engine.Snapshot();
        Envelope[] with =
        [
            new Swap(1, SwapDirection.TaoToAlpha, Tao(5), Amount.Zero).From("bob"),
            new Unstake(1, "val-1", Rao(10_410_000_001)).From("bob"),
            new Swap(1, SwapDirection.TaoToAlpha, Tao(1_000), Amount.Zero).From("bob"),
            new RegisterSubnet(3, Tao(1), F("0.5")).From("carol"),
            new RegisterSubnet(4, Tao(5), F("0.5")).From("carol"),
            new Stake(1, "val-2", Tao(2)).From("bob"),
        ];
        var results = engine.ExecuteBlock(with).Results;
        results.Select(r => r.Accepted).ShouldBe([true, false, false, true, false, true]);
        var hash = engine.StateHash();
        var json = engine.DescribeJson();
        engine.Restore(before);
        engine.ExecuteBlock([with[0], with[3], with[5]]).Results.ShouldAllBe(r => r.Accepted);
        engine.StateHash().ShouldBe(hash);
        engine.DescribeJson().ShouldBe(json);
    }
}
