using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Cover.Tests.Support;

/// <summary>
/// An engine with the cover module and the test capital port; accounts holding TAO and ALT, a launchpad, a governor,
/// a board member, and two feeds: <c>ALT/TAO</c> (the platform price) and <c>PRJ/TAO</c> (a project's price), both
/// posted by <c>feeder</c> and stale after a day. Rejected transactions are verified to leave no trace.
/// </summary>
internal sealed class CoverWorld
{
    public const string Launch = "launch", Dao = "dao", Feeder = "feeder", Board = "board", Funder = "funder";
    public const string AltFeed = "ALT/TAO", ProjectFeed = "PRJ/TAO";
    public static readonly string[] Buyers = ["b1", "b2", "b3", "b4"];
    public static readonly string[] Assessors = ["a1", "a2", "a3", "a4", "a5", "a6"];

    public Engine Engine { get; }
    public EngineView View => Engine.View;
    public long Height => Engine.Height;
    public CoverState State => Engine.StateOf<CoverState>();

    private CoverWorld(Engine engine) => Engine = engine;

    public static CoverWorld Create(CoverParameters? parameters = null, decimal buyerTao = 10_000, decimal buyerAlt = 10_000, ulong seed = 1)
    {
        var engine = new Engine(new EngineOptions { Seed = seed, VerifyRejections = true }, new CoverModule(parameters), new TestCapitalModule());
        var genesis = new List<Envelope>
        {
            new GenesisCoverConfig().AsGenesis(),
            Account(Launch, 0, 0), Account(Dao, 0, 0), Account(Feeder, 0, 0), Account(Board, 0, 0), Account(Funder, 1_000_000, 1_000_000),
            new GenesisRole(Roles.Governor, Dao).AsGenesis(),
            new GenesisRole(CoverRoles.Launchpad, Launch).AsGenesis(),
            new GenesisRole(CoverRoles.AdvisoryBoard, Board).AsGenesis(),
            new GenesisFeed(AltFeed, BlockClock.BlocksPerDay, Feeder).AsGenesis(),
            new GenesisFeed(ProjectFeed, BlockClock.BlocksPerDay, Feeder).AsGenesis(),
        };
        foreach (var b in Buyers) genesis.Add(Account(b, buyerTao, buyerAlt));
        foreach (var a in Assessors) genesis.Add(Account(a, 0, 100_000));
        var results = engine.ApplyGenesis(genesis);
        for (int i = 0; i < results.Count; i++) results[i].Accepted.ShouldBeTrue($"genesis {i}: {results[i]}");
        return new CoverWorld(engine);
    }

    public static Envelope Account(string name, decimal tao, decimal alt) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { ["TAO"] = Tokens(tao), ["ALT"] = Tokens(alt) }).AsGenesis();

    public static Amount Tokens(decimal tokens)
    {
        var units = tokens * Amount.UnitsPerToken;
        if (units < 0 || units != decimal.Truncate(units)) throw new ArgumentException($"{tokens} is not a whole number of units");
        return new Amount((UInt128)units);
    }

    public static Fixed X(string value) => Fixed.Parse(value);

    // ---------- blocks ----------

    /// <summary>One block; every transaction must be accepted.</summary>
    public void Block(params Envelope[] txs)
    {
        var result = Engine.ExecuteBlock(txs);
        for (int i = 0; i < result.Results.Count; i++) result.Results[i].Accepted.ShouldBeTrue($"block {Height} tx {i}: {result.Results[i]}");
    }

    /// <summary>One block with one transaction; returns its result (accepted or not).</summary>
    public TxResult Try(Envelope tx) => Engine.ExecuteBlock([tx]).Results[0];

    /// <summary>Posts both feeds (platform price, project price) in one block.</summary>
    public void Prices(string alt, string project) => Block(Post(AltFeed, alt), Post(ProjectFeed, project));

    /// <summary>
    /// Runs blocks until <paramref name="height"/>, posting the feeds in the first block, every <paramref name="every"/>
    /// blocks (so they stay fresh) and in the last.
    /// </summary>
    public void RunTo(long height, string alt, string project, long every = 3_600)
    {
        bool first = true;
        while (Height < height)
        {
            if (first || (Height + 1) % every == 0 || Height + 1 == height) { Prices(alt, project); first = false; }
            else Engine.AdvanceBlocks(Math.Min(every - (Height + 1) % every, height - Height - 1));
        }
    }

    public static Envelope Post(string feed, string price) => new PostPrice(feed, X(price)).From(Feeder);

    public Amount Balance(string account, string token) =>
        Engine.Ledger.TryGetAccount(account, out var a) && Engine.Ledger.TryGetToken(token, out var t) ? Engine.Ledger.BalanceOf(a, t) : Amount.Zero;

    public TResult Query<TQuery, TResult>(TQuery q) where TQuery : Core.Modules.IQuery<TResult> => Engine.Query<TQuery, TResult>(q);

    /// <summary>Sets the recorded minimum capital (the test capital port).</summary>
    public void Requirement(decimal tao) => Block(new SetTestRequirement("TAO", Tokens(tao)).From(Dao));
}
