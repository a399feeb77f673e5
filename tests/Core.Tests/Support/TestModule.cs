using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.State;

namespace Ballast.Core.Tests.Support;

/// <summary>Governed parameters of <see cref="TestModule"/>: the cross-field rule is FeeRate ≤ MaxFeeRate.</summary>
public sealed record TestParams(long CooldownBlocks, Fixed FeeRate, Fixed MaxFeeRate)
{
    public static readonly TestParams Default = new(100, Fixed.Parse("0.003"), Fixed.Parse("0.01"));
    public static readonly TestParams Cautious = new(7_200, Fixed.Parse("0.001"), Fixed.Parse("0.002"));
}

/// <summary>Pauseable action: counts pings and draws from the engine's seeded randomness.</summary>
public sealed record Ping() : ITransaction;

/// <summary>Reads a price as a module would: spot when <paramref name="TwapWindowBlocks"/> is null, else a TWAP.</summary>
public sealed record ReadPrice(string Source, long? TwapWindowBlocks = null) : ITransaction;

/// <summary>Records a pool price (a price source kept by a module, never stale).</summary>
public sealed record RecordPoolPrice(string Pool, Fixed Price) : ITransaction;

/// <summary>Mints a token issued by the test module (created on first mint) to the sender.</summary>
public sealed record MintTest(string Token, Amount Amount) : ITransaction;

/// <summary>Burns a token issued by the test module from the sender.</summary>
public sealed record BurnTest(string Token, Amount Amount) : ITransaction;

/// <summary>Moves TAO, opens a module account, creates a token and emits events, then refuses: everything must roll back.</summary>
public sealed record TransferThenFail(string To, Amount Amount) : ITransaction;

/// <summary>Pays one TAO unit into the module's sink, then adds <paramref name="Value"/> to a checked running total.</summary>
public sealed record AddChecked(long Value) : ITransaction;

/// <summary>A transaction no module handles.</summary>
public sealed record Unregistered() : ITransaction;

public sealed record Pinged(string By, ulong Draw) : IEvent;
public sealed record PriceRead(string Source, Fixed Price) : IEvent;

/// <summary>Rejection codes of the test module (not part of Ballast.Core).</summary>
public static class TestErrors
{
    public static readonly ErrorCode Deliberate = new("Deliberate");
    public static readonly ErrorCode NotIssuer = new("NotIssuer");
}

/// <summary>A small module for tests: a parameter set with a cross-field rule, a pauseable action, price reads, mint and burn.</summary>
public sealed class TestModule : IModule
{
    public const string ModuleName = "test";
    public const string SinkAccount = "test:sink";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new TestState())
        .AddParameters(new ParameterSet<TestParams>(ModuleName, TestParams.Default,
            [
                ParameterSpec<TestParams>.Integer("CooldownBlocks", "blocks", 1, 100_000, p => p.CooldownBlocks, (p, v) => p with { CooldownBlocks = v }),
                ParameterSpec<TestParams>.Decimal("FeeRate", "fraction", Fixed.Zero, Fixed.Parse("0.1"), p => p.FeeRate, (p, v) => p with { FeeRate = v }),
                ParameterSpec<TestParams>.Decimal("MaxFeeRate", "fraction", Fixed.Zero, Fixed.Parse("0.1"), p => p.MaxFeeRate, (p, v) => p with { MaxFeeRate = v }),
            ],
            p => p.FeeRate > p.MaxFeeRate ? $"FeeRate {p.FeeRate} is above MaxFeeRate {p.MaxFeeRate}" : null,
            new Dictionary<string, TestParams> { ["default"] = TestParams.Default, ["cautious"] = TestParams.Cautious }))
        .Handle<Ping>("ping", Apply)
        .Handle<ReadPrice>("readPrice", Apply)
        .Handle<RecordPoolPrice>("recordPoolPrice", Apply)
        .Handle<MintTest>("mint", Apply)
        .Handle<BurnTest>("burn", Apply)
        .Handle<TransferThenFail>("transferThenFail", Apply)
        .Handle<AddChecked>("addChecked", Apply)
        .Event<Pinged>("pinged")
        .Event<PriceRead>("priceRead");

    private static TxResult Apply(EngineContext ctx, Ping tx)
    {
        var r = ctx.RequireNotPaused(ModuleName, "ping");
        if (!r.Accepted) return r;
        var state = ctx.State<TestState>();
        state.Pings++;
        state.LastDraw = ctx.Random.NextUInt64();
        ctx.Emit(new Pinged(ctx.Sender, state.LastDraw));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ReadPrice tx)
    {
        Fixed price;
        var r = tx.TwapWindowBlocks is { } window
            ? ctx.Prices.TryGetTwap(tx.Source, ctx.Height, window, out price)
            : ctx.Prices.TryGetSpot(tx.Source, ctx.Height, out price);
        if (!r.Accepted) return r;
        ctx.State<TestState>().LastPrice = price;
        ctx.Emit(new PriceRead(tx.Source, price));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, RecordPoolPrice tx)
    {
        if (!tx.Price.IsPositive) return TxResult.Reject(PriceErrors.InvalidPrice, "a pool price must be positive");
        ctx.Prices.Record(tx.Pool, ctx.Height, tx.Price);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, MintTest tx)
    {
        var r = EngineContext.CheckAmount(tx.Amount, "mint amount");
        if (!r.Accepted) return r;
        if (string.IsNullOrEmpty(tx.Token) || tx.Token.Length > 8 || tx.Token.Contains(':'))
            return TxResult.Reject(CoreErrors.UnknownToken, $"'{tx.Token}' is not a valid test token symbol");
        if (!ctx.Ledger.TryGetToken(tx.Token, out var token))
            token = ctx.Ledger.CreateToken(tx.Token, 9, ModuleName);
        else if (ctx.Ledger.Token(token).Issuer != ModuleName)
            return TxResult.Reject(TestErrors.NotIssuer, $"{tx.Token} is not issued by the test module");
        if (!ctx.Ledger.TryMint(ctx.SenderId, token, tx.Amount))
            return TxResult.Reject(CoreErrors.AmountTooLarge, $"minting {tx.Amount} {tx.Token} exceeds the supply range");
        ctx.Emit(new Minted(ctx.Sender, tx.Token, tx.Amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, BurnTest tx)
    {
        var r = EngineContext.CheckAmount(tx.Amount, "burn amount");
        if (!r.Accepted) return r;
        r = ctx.ResolveToken(tx.Token, out var token);
        if (!r.Accepted) return r;
        if (ctx.Ledger.Token(token).Issuer != ModuleName)
            return TxResult.Reject(TestErrors.NotIssuer, $"{tx.Token} is not issued by the test module");
        if (!ctx.Ledger.TryBurn(ctx.SenderId, token, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, token, tx.Amount);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, TransferThenFail tx)
    {
        var r = ctx.ResolveAccount(tx.To, out var to);
        if (!r.Accepted) return r;
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, to, ctx.Tao, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Amount);
        ctx.Emit(new Transferred(ctx.Sender, tx.To, Engine.TaoSymbol, tx.Amount));
        var sink = ctx.Ledger.GetOrCreateModuleAccount(SinkAccount + ":" + ctx.Height);
        var token = ctx.Ledger.CreateToken("FAIL" + ctx.Height, 9, ModuleName);
        ctx.Ledger.TryMint(sink, token, Amount.Tokens(1));
        ctx.Emit(new Minted(SinkAccount, "FAIL", Amount.Tokens(1)));
        return TxResult.Reject(TestErrors.Deliberate, "refused on purpose after moving funds and emitting events");
    }

    private static TxResult Apply(EngineContext ctx, AddChecked tx)
    {
        var state = ctx.State<TestState>();
        var total = checked(state.Total + tx.Value); // an overflow here, before any write, is the refusal ArithmeticOverflow
        var sink = ctx.Ledger.GetOrCreateModuleAccount(SinkAccount);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, sink, ctx.Tao, new Amount(1)))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, new Amount(1));
        state.Total = total;
        return TxResult.Ok;
    }
}

public sealed class TestState : ModuleState
{
    public long Pings { get; set => Set(ref field, value); }
    public ulong LastDraw { get; set => Set(ref field, value); }
    public long Total { get; set => Set(ref field, value); }
    public Fixed? LastPrice { get; set => Set(ref field, value); }
}
