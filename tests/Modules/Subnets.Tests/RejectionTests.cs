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
    private sealed record Case(ErrorCode Code, string MessageContains, Func<Engine, ITransaction> Tx, Action<Engine>? Setup = null);

    private static readonly Amount AboveLimit = new(EngineContext.MaxTransactionUnits + 1);

    /// <summary>
    /// alice (guardian, 10,000 TAO) owns SN1 (1,000 TAO at 0.25); bob (1,000 TAO) bought alpha with 100 TAO and
    /// staked 10 alpha with val-1 (now worth 10.41 alpha after a block of emission); carol holds 5 TAO only.
    /// </summary>
    private static Engine Scenario()
    {
        var engine = new Engine(new EngineOptions(), new SubnetModule());
        var genesis = engine.ApplyGenesis([
            new GenesisAccount("alice", new Dictionary<string, Amount> { ["TAO"] = Tao(10_000) }),
            new GenesisAccount("bob", new Dictionary<string, Amount> { ["TAO"] = Tao(1_000) }),
            new GenesisAccount("carol", new Dictionary<string, Amount> { ["TAO"] = Tao(5) }),
            new GenesisRole(Roles.Guardian, "alice"),
        ]);
        genesis.ShouldAllBe(r => r.Accepted);
        engine.Block(new RegisterSubnet("alice", 1, Tao(1_000), F("0.25")), new Swap("bob", 1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero));
        engine.Block(new Stake("bob", 1, "val-1", Tao(10)));
        engine.Subnet(1).Stakes["val-1"].AlphaOf("bob").ShouldBe(Rao(10_410_000_000));
        return engine;
    }

    private static readonly SortedDictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["UnknownSubnet: swap on 9"] = new(SubnetErrors.UnknownSubnet, "no subnet 9", _ => new Swap("bob", 9, SwapDirection.TaoToAlpha, Tao(1), Amount.Zero)),
        ["UnknownSubnet: stake on 9"] = new(SubnetErrors.UnknownSubnet, "no subnet 9", _ => new Stake("bob", 9, "val-1", Tao(1))),
        ["UnknownSubnet: unstake on 9"] = new(SubnetErrors.UnknownSubnet, "no subnet 9", _ => new Unstake("bob", 9, "val-1", Tao(1))),

        ["NotSubnetOwner: bob redirects SN1's miner emission"] = new(SubnetErrors.NotSubnetOwner, "belongs to alice", _ => new SetMinerRecipient("bob", 1, "bob")),
        ["UnknownAccount: miner recipient nobody"] = new(CoreErrors.UnknownAccount, "no account 'nobody'", _ => new SetMinerRecipient("alice", 1, "nobody")),
        ["TradeTooSmall: swapToPrice to the current price"] = new(SubnetErrors.TradeTooSmall, "already at", e => new SwapToPrice("bob", 1, SubnetMarket.SpotPrice(e.Context, e.Subnet(1)), Tao(1))),
        ["SlippageExceeded: swapToPrice beyond its input limit"] = new(SubnetErrors.SlippageExceeded, "the limit is", _ => new SwapToPrice("bob", 1, F("0.5"), Tao(1))),
        ["InvalidSubnetPrice: swapToPrice to zero"] = new(SubnetErrors.InvalidPrice, "target price", _ => new SwapToPrice("bob", 1, Fixed.Zero, Tao(1))),

        ["SubnetExists: register 1 again"] = new(SubnetErrors.SubnetExists, "subnet 1 is registered", _ => new RegisterSubnet("bob", 1, Tao(10), F("0.25"))),

        ["InvalidNetuid: 0 (root)"] = new(SubnetErrors.InvalidNetuid, "got 0", _ => new RegisterSubnet("alice", 0, Tao(10), F("0.25"))),
        ["InvalidNetuid: 65536"] = new(SubnetErrors.InvalidNetuid, "got 65536", _ => new RegisterSubnet("alice", 65_536, Tao(10), F("0.25"))),
        ["InvalidNetuid: -1"] = new(SubnetErrors.InvalidNetuid, "got -1", _ => new RegisterSubnet("alice", -1, Tao(10), F("0.25"))),

        ["ReserveTooSmall: 0.999999999 TAO"] = new(SubnetErrors.ReserveTooSmall, "at least 1000000000 rao", _ => new RegisterSubnet("alice", 2, Rao(999_999_999), F("0.25"))),

        ["InvalidPoolWeight: weighted 0.995"] = new(SubnetErrors.InvalidPoolWeight, "[0.01, 0.99]", _ => new RegisterSubnet("alice", 2, Tao(10), F("0.25"), PoolKind.Weighted, F("0.995"))),
        ["InvalidPoolWeight: weighted 0.0099"] = new(SubnetErrors.InvalidPoolWeight, "[0.01, 0.99]", _ => new RegisterSubnet("alice", 2, Tao(10), F("0.25"), PoolKind.Weighted, F("0.0099"))),
        ["InvalidPoolWeight: constant product at 0.3"] = new(SubnetErrors.InvalidPoolWeight, "equal weights", _ => new RegisterSubnet("alice", 2, Tao(10), F("0.25"), PoolKind.ConstantProduct, F("0.3"))),
        ["InvalidPoolWeight: miner burn 10001 bps"] = new(SubnetErrors.InvalidPoolWeight, "0–10000 bps", _ => new RegisterSubnet("alice", 2, Tao(10), F("0.25"), MinerBurnBps: 10_001)),
        ["InvalidPoolWeight: miner burn -1 bps"] = new(SubnetErrors.InvalidPoolWeight, "0–10000 bps", _ => new RegisterSubnet("alice", 2, Tao(10), F("0.25"), MinerBurnBps: -1)),

        ["InvalidSubnetPrice: 0"] = new(SubnetErrors.InvalidPrice, "got 0", _ => new RegisterSubnet("alice", 2, Tao(10), Fixed.Zero)),
        ["InvalidSubnetPrice: -0.25"] = new(SubnetErrors.InvalidPrice, "got -0.25", _ => new RegisterSubnet("alice", 2, Tao(10), F("-0.25"))),
        ["InvalidSubnetPrice: just above 1,000,000"] = new(SubnetErrors.InvalidPrice, "(0, 1000000]", _ => new RegisterSubnet("alice", 2, Tao(10), F("1000000.000000000000000001"))),
        // 1,000 TAO at 0.00001 would open with 1e8 alpha, above the 21M cap.
        ["InvalidSubnetPrice: more than 21M alpha"] = new(SubnetErrors.InvalidPrice, "21M alpha", _ => new RegisterSubnet("alice", 2, Tao(1_000), F("0.00001"))),

        // The quote for 1 TAO, plus one rao, as the minimum.
        ["SlippageExceeded: minimum one rao above the quote"] = new(SubnetErrors.SlippageExceeded, "below the minimum",
            e => new Swap("bob", 1, SwapDirection.TaoToAlpha, Tao(1), SubnetMarket.SimSwapTaoForAlpha(e.Context, 1, Tao(1)) + Rao(1))),
        ["SlippageExceeded: selling alpha"] = new(SubnetErrors.SlippageExceeded, "below the minimum",
            e => new Swap("bob", 1, SwapDirection.AlphaToTao, Tao(1), SubnetMarket.SimSwapAlphaForTao(e.Context, 1, Tao(1)) + Rao(1))),

        // 1 rao of alpha into ~1,100 TAO / ~3,637 alpha: ⌊1,100e9·1/3,637e9⌋ = 0.
        ["TradeTooSmall: sell 1 rao of alpha"] = new(SubnetErrors.TradeTooSmall, "returns nothing", _ => new Swap("bob", 1, SwapDirection.AlphaToTao, Rao(1), Amount.Zero)),
        // val-1: 10.41e9 alpha for 10e9 shares, so 1 unit buys ⌊1·10e9/10.41e9⌋ = 0 shares.
        ["TradeTooSmall: stake 1 unit"] = new(SubnetErrors.TradeTooSmall, "buy no share", _ => new Stake("bob", 1, "val-1", Rao(1))),

        ["InvalidHotkey: empty"] = new(SubnetErrors.InvalidHotkey, "not a valid hotkey", _ => new Stake("bob", 1, "", Tao(1))),
        ["InvalidHotkey: module-style name"] = new(SubnetErrors.InvalidHotkey, "not a valid hotkey", _ => new Stake("bob", 1, "subnet:1:pool", Tao(1))),
        ["InvalidHotkey: 65 characters"] = new(SubnetErrors.InvalidHotkey, "not a valid hotkey", _ => new Stake("bob", 1, new string('h', 65), Tao(1))),

        ["InsufficientStake: one unit more than worth"] = new(SubnetErrors.InsufficientStake, "worth 10410000000", _ => new Unstake("bob", 1, "val-1", Rao(10_410_000_001))),
        ["InsufficientStake: no stake with that hotkey"] = new(SubnetErrors.InsufficientStake, "no stake with val-2", _ => new Unstake("bob", 1, "val-2", Tao(1))),
        ["InsufficientStake: another coldkey's stake"] = new(SubnetErrors.InsufficientStake, "carol has no stake", _ => new Unstake("carol", 1, "val-1", Tao(1))),

        ["Paused: swap paused by the guardian"] = new(GovernanceErrors.Paused, "subnets.swap is paused",
            _ => new Swap("bob", 1, SwapDirection.TaoToAlpha, Tao(1), Amount.Zero),
            e => e.Block(new Pause("alice", "subnets.swap"))),
        ["Paused: the whole module paused (register)"] = new(GovernanceErrors.Paused, "subnets.register is paused",
            _ => new RegisterSubnet("alice", 2, Tao(10), F("0.25")),
            e => e.Block(new Pause("alice", "subnets"))),
        ["Paused: the whole module paused (unstake)"] = new(GovernanceErrors.Paused, "subnets.unstake is paused",
            _ => new Unstake("bob", 1, "val-1", Tao(1)),
            e => e.Block(new Pause("alice", "subnets"))),

        ["InsufficientBalance: swap more TAO than held"] = new(CoreErrors.InsufficientBalance, "bob holds 900000000000 TAO", _ => new Swap("bob", 1, SwapDirection.TaoToAlpha, Tao(901), Amount.Zero)),
        ["InsufficientBalance: sell alpha not held"] = new(CoreErrors.InsufficientBalance, "carol holds 0 SN1", _ => new Swap("carol", 1, SwapDirection.AlphaToTao, Tao(1), Amount.Zero)),
        ["InsufficientBalance: register with more TAO than held"] = new(CoreErrors.InsufficientBalance, "carol holds", _ => new RegisterSubnet("carol", 2, Tao(6), F("0.25"))),
        ["InsufficientBalance: stake alpha not held"] = new(CoreErrors.InsufficientBalance, "carol holds 0 SN1", _ => new Stake("carol", 1, "val-1", Tao(1))),

        ["ZeroAmount: swap 0"] = new(CoreErrors.ZeroAmount, "swap amount must be more than zero", _ => new Swap("bob", 1, SwapDirection.TaoToAlpha, Amount.Zero, Amount.Zero)),
        ["ZeroAmount: stake 0"] = new(CoreErrors.ZeroAmount, "stake must be more than zero", _ => new Stake("bob", 1, "val-1", Amount.Zero)),
        ["ZeroAmount: unstake 0"] = new(CoreErrors.ZeroAmount, "unstake must be more than zero", _ => new Unstake("bob", 1, "val-1", Amount.Zero)),
        ["ZeroAmount: register with no TAO"] = new(CoreErrors.ZeroAmount, "TAO reserve must be more than zero", _ => new RegisterSubnet("alice", 2, Amount.Zero, F("0.25"))),

        ["AmountTooLarge: swap 1e30 + 1 units"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new Swap("bob", 1, SwapDirection.TaoToAlpha, AboveLimit, Amount.Zero)),
        ["AmountTooLarge: sell UInt128.MaxValue alpha"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new Swap("bob", 1, SwapDirection.AlphaToTao, new Amount(UInt128.MaxValue), Amount.Zero)),
        ["AmountTooLarge: stake 1e30 + 1 units"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new Stake("bob", 1, "val-1", AboveLimit)),
        ["AmountTooLarge: register with 1e30 + 1 units"] = new(CoreErrors.AmountTooLarge, "above the limit", _ => new RegisterSubnet("alice", 2, AboveLimit, F("0.25"))),
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
        engine.Block(new RegisterSubnet("alice", 1, Tao(1), F("1000000")));
        engine.Reserves(1).ShouldBe((Tao(1), Rao(1_000)));
        var huge = Rao(10_000_000_000_000_000_000UL);
        SubnetMarket.SimSwapTaoForAlpha(engine.Context, 1, huge).ShouldBe(Amount.Zero);
        engine.ShouldBeRejectedWithoutEffect(new Swap("whale", 1, SwapDirection.TaoToAlpha, huge, Amount.Zero), SubnetErrors.InvalidPrice)
            .Message!.ShouldContain("above 1000000000000 TAO");
        // 1e6 TAO would leave 1 unit against 1e15 rao: 1e15 TAO per alpha, also above 1e12.
        engine.ShouldBeRejectedWithoutEffect(new Swap("whale", 1, SwapDirection.TaoToAlpha, Tao(1_000_000), Amount.Zero), SubnetErrors.InvalidPrice);

        // 100 TAO: out = ⌊1000·1e11/(1e9 + 1e11)⌋ = 990, leaving 10 units: 1.01e11/10 = 1.01e10 TAO per alpha, allowed.
        engine.Block(new Swap("whale", 1, SwapDirection.TaoToAlpha, Tao(100), Amount.Zero));
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
        declared.Count.ShouldBe(11);
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
        SubnetMarket.Quote(engine.Context, 9, SwapDirection.TaoToAlpha, Tao(1), out _, out _).Error.ShouldBe(SubnetErrors.UnknownSubnet);
        SubnetMarket.Quote(engine.Context, 1, SwapDirection.TaoToAlpha, Amount.Zero, out _, out _).Error.ShouldBe(CoreErrors.ZeroAmount);
        SubnetMarket.Quote(engine.Context, 1, SwapDirection.TaoToAlpha, AboveLimit, out _, out _).Error.ShouldBe(CoreErrors.AmountTooLarge);
        SubnetMarket.Quote(engine.Context, 1, SwapDirection.AlphaToTao, Rao(1), out _, out _).Error.ShouldBe(SubnetErrors.TradeTooSmall);
        SubnetMarket.SimSwapTaoForAlpha(engine.Context, 9, Tao(1)).ShouldBe(Amount.Zero);
        engine.StateHash().ShouldBe(hash);
    }

    [Fact]
    public void A_rejected_transaction_inside_a_busy_block_changes_nothing_either()
    {
        // Accepted, rejected, accepted in one block = the same block without the rejected one.
        var engine = Scenario();
        var before = engine.Snapshot();
        ITransaction[] with =
        [
            new Swap("bob", 1, SwapDirection.TaoToAlpha, Tao(5), Amount.Zero),
            new Unstake("bob", 1, "val-1", Rao(10_410_000_001)),
            new Swap("bob", 1, SwapDirection.TaoToAlpha, Tao(1_000), Amount.Zero),
            new RegisterSubnet("carol", 3, Tao(1), F("0.5")),
            new RegisterSubnet("carol", 4, Tao(5), F("0.5")),
            new Stake("bob", 1, "val-2", Tao(2)),
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
