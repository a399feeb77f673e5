using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Serialization;
using Ballast.Insurance;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;

namespace Ballast.Lih.Tests.Support;

/// <summary>
/// An engine with the seed-000 modules in hook order (subnets, perps, insurance, risk) plus an optional probe module,
/// accounts, a governor, three feeds (<c>X/USD</c> and its guard <c>X/USD-b</c>, and the TAO-quoted <c>A/TAO</c>), and
/// short forms for blocks and reads. Subnets run as a quiet market (no TAO injection), so pools move only by trades.
/// </summary>
public sealed class LihWorld
{
    public const string Dao = "dao", Feeder = "feeder", FeederB = "feeder-b", Lender = "lender", Lender2 = "lender-2",
        Foundation = "foundation", SubnetOwner = "sn-owner", Nobody = "nobody";
    public const string Usd = "X/USD", UsdGuard = "X/USD-b", AlphaTao = "A/TAO";
    public const int FundedNetuid = 7;
    public static readonly string[] Traders = ["t1", "t2", "t3", "t4", "t5", "t6"];

    public Engine Engine { get; }
    public EngineContext Ctx => Engine.Context;
    public PerpsState Perps => Engine.StateOf<PerpsState>();
    public InsuranceState Insurance => Engine.StateOf<InsuranceState>();
    public RiskState Risk => Engine.StateOf<RiskState>();
    public long Height => Engine.Height;

    private LihWorld(Engine engine) => Engine = engine;

    public static SubnetParameters Quiet => new() { ExternalTaoIssuanceRao = 21_000_000_000_000_000 };

    public static LihWorld Create(PerpsParameters? perps = null, InsuranceParameters? insurance = null, RiskParameters? risk = null,
        bool probe = false, decimal traderTao = 1_000, ulong seed = 1)
    {
        var modules = new List<IModule> { new SubnetModule(Quiet), new PerpsModule(perps), new InsuranceModule(insurance), new RiskControlModule(risk) };
        if (probe) modules.Add(new ProbeModule());
        var engine = new Engine(new EngineOptions { Seed = seed }, [.. modules]);
        var genesis = new List<Envelope>
        {
            Account(Dao, 0), Account(Feeder, 0), Account(FeederB, 0), Account(Nobody, 10),
            Account(Lender, 100_000), Account(Lender2, 10_000), Account(Foundation, 50_000), Account(SubnetOwner, 100_000),
            new GenesisRole(Roles.Governor, Dao).AsGenesis(),
            new GenesisFeed(Usd, 600, Feeder).AsGenesis(), new GenesisFeed(UsdGuard, 600, FeederB).AsGenesis(), new GenesisFeed(AlphaTao, 600, Feeder).AsGenesis(),
        };
        foreach (var t in Traders) genesis.Add(Account(t, traderTao));
        var results = engine.ApplyGenesis(genesis);
        for (int i = 0; i < results.Count; i++) results[i].Accepted.ShouldBeTrue($"genesis {i}: {results[i]}");
        return new LihWorld(engine);
    }

    public static Envelope Account(string name, decimal tao) => new GenesisAccount(name, new Dictionary<string, Amount> { [Engine.TaoSymbol] = Tao(tao) }).AsGenesis();

    // ---------- units ----------

    public static Amount Tao(decimal tokens)
    {
        var units = tokens * Amount.UnitsPerToken;
        if (units < 0 || units != decimal.Truncate(units)) throw new ArgumentException($"{tokens} is not a whole number of rao");
        return new Amount((UInt128)units);
    }

    public static Amount Rao(ulong units) => new(units);
    public static Fixed X(string value) => Fixed.Parse(value);

    // ---------- transactions ----------

    public static Envelope Post(string feed, string price) => new PostPrice(feed, X(price)).From(feed == UsdGuard ? FeederB : Feeder);
    public static Envelope Market(string id, string source, string baseReserve, bool quoteIsTao, string? guard = null) =>
        new CreateMarket(id, source, X(baseReserve), quoteIsTao, guard).From(Dao);
    public static Envelope Long(string trader, string market, decimal margin, string leverage) => new OpenPerp(market, PerpSide.Long, Tao(margin), X(leverage)).From(trader);
    public static Envelope Short(string trader, string market, decimal margin, string leverage) => new OpenPerp(market, PerpSide.Short, Tao(margin), X(leverage)).From(trader);

    // ---------- blocks ----------

    public BlockResult Block(params Envelope[] txs) => Engine.ExecuteBlock(txs);

    public TxResult Run(Envelope tx) => Engine.ExecuteBlock([tx]).Results[0];

    public void RunOk(params Envelope[] txs)
    {
        var result = Engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++)
            result.Results[i].Accepted.ShouldBeTrue($"block {result.Height}, tx {i} ({txs[i]}): {result.Results[i]}");
    }

    public void Advance(long blocks) => Engine.AdvanceBlocks(blocks);

    /// <summary>Opens in its own block and returns the position id.</summary>
    public long Open(Envelope tx)
    {
        long id = Perps.NextPositionId;
        RunOk(tx);
        Perps.Positions.ContainsKey(id).ShouldBeTrue();
        return id;
    }

    // ---------- reads ----------

    public Amount Balance(string account, string token = Engine.TaoSymbol)
    {
        if (!Engine.Ledger.TryGetAccount(account, out var id)) return Amount.Zero;
        if (!Engine.Ledger.TryGetToken(token, out var tokenId)) return Amount.Zero;
        return Engine.Ledger.BalanceOf(id, tokenId);
    }

    public Amount Reserve => Balance(InsurancePool.PoolAccount);
    public Amount Vault => Balance(PerpsBook.VaultAccount);
    public long LambdaPpb => Insurance.LambdaPpb;

    public List<T> LastBlockEvents<T>() => Engine.Events.Records.Where(r => r.Block == Engine.Height).Select(r => r.Event).OfType<T>().ToList();
    public List<T> AllEvents<T>() => Engine.Events.Records.Select(r => r.Event).OfType<T>().ToList();

    public static string View(Engine engine) => JsonSerializer.Serialize(StateView.Describe(engine), BallastJson.Options(engine.Catalog));
}

/// <summary>A test-only transaction: a claim of <paramref name="Loss"/> on the Insurance Pool paid to <paramref name="To"/>.</summary>
public sealed record ProbeCover(string To, Amount Loss) : ITransaction;

/// <summary>Lets a test call <see cref="InsurancePool.Cover"/> inside a transaction, as the perps engine does on a liquidation.</summary>
public sealed class ProbeModule : IModule
{
    public string Name => "probe";

    public void Configure(ModuleBuilder builder) => builder.Handle<ProbeCover>("cover", (ctx, tx) =>
    {
        InsurancePool.Cover(ctx, "probe", ctx.Ledger.GetOrCreateModuleAccount(tx.To), tx.Loss);
        return TxResult.Ok;
    });
}

/// <summary>
/// Runs a block twice from one snapshot: with <c>prefix</c> only, and with <c>prefix</c> and the transaction under
/// test at its end. A rejected transaction must leave the same state hash, JSON view and event count.
/// </summary>
public sealed record RejectionProbe(TxResult Result, string HashWithout, string HashWith, string ViewWithout, string ViewWith, int EventsWithout, int EventsWith)
{
    public static RejectionProbe Run(Engine engine, IReadOnlyList<Envelope> prefix, Envelope tx)
    {
        var snapshot = engine.Snapshot();
        int before = engine.Events.Count;
        var without = engine.ExecuteBlock(prefix);
        without.Results.ShouldAllBe(r => r.Accepted, $"the prefix must be accepted: {string.Join("; ", without.Results)}");
        var (hash, view, events) = (engine.StateHash(), LihWorld.View(engine), engine.Events.Count - before);
        engine.Restore(snapshot);
        before = engine.Events.Count;
        var with = engine.ExecuteBlock([.. prefix, tx]);
        with.Results.Take(prefix.Count).ShouldAllBe(r => r.Accepted);
        return new RejectionProbe(with.Results[^1], hash, engine.StateHash(), view, LihWorld.View(engine), events, engine.Events.Count - before);
    }

    public void ShouldBeRejectedWithoutEffect(ErrorCode code, string? messageContains = null)
    {
        Result.Accepted.ShouldBeFalse($"expected {code}, but the transaction was accepted");
        Result.Error.ShouldBe(code, Result.ToString());
        Result.Message.ShouldNotBeNullOrWhiteSpace();
        if (messageContains is not null) Result.Message.ShouldContain(messageContains, Case.Sensitive, Result.ToString());
        HashWith.ShouldBe(HashWithout, "the rejected transaction changed the state hash");
        ViewWith.ShouldBe(ViewWithout, "the rejected transaction changed the state");
        EventsWith.ShouldBe(EventsWithout, "the rejected transaction left events behind");
    }
}
