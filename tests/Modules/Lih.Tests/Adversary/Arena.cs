using System.Globalization;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Insurance;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;

namespace Ballast.Lih.Tests.Adversary;

/// <summary>
/// The world an attacker plays in: the seed-000 modules (subnets, perps, insurance, risk) with every parameter set by
/// the strategy, all leverage caps open at genesis (10,000×), a funded Insurance Pool and lenders, TAO-quoted feeds
/// <c>A/TAO</c> and <c>B/TAO</c> and a guard feed <c>G/TAO</c>, and the coalition's accounts. It keeps what the
/// strategies measure: each account's TAO (and alpha) at the start, so the coalition's P&amp;L counts every margin,
/// fee, premium, swap fee and payout; and the pool's and lenders' losses from the perps engine's own tallies.
/// </summary>
internal sealed class Arena
{
    public const string Dao = "dao", Feeder = "feeder", Lender = "lender", Foundation = "foundation", SubnetOwner = "sn-owner", Keeper = "keeper";
    public const string FeedA = "A/TAO", FeedB = "B/TAO", FeedGuard = "G/TAO";

    public Engine Engine { get; }
    public PerpsState Perps => Engine.StateOf<PerpsState>();
    public PerpsParameters Params { get; }
    public long Height => Engine.Height;

    private readonly Dictionary<string, (Amount Tao, Amount Alpha)> _start = [];

    private Arena(Engine engine, PerpsParameters p) => (Engine, Params) = (engine, p);

    /// <summary>Every cap at 10,000× with no reserve needed: the attacker has the highest leverage from the first block.</summary>
    public static PerpsParameters Unlocked(PerpsParameters? p = null) => (p ?? new PerpsParameters()) with
    {
        Caps = [new(Fixed.FromInt(10_000), 0), new(Fixed.FromInt(10_000), 0), new(Fixed.FromInt(10_000), 0), new(Fixed.FromInt(10_000), 0)],
    };

    /// <summary>
    /// Builds the world: genesis accounts (<paramref name="traders"/> with <paramref name="traderTao"/> each, a lender
    /// with 1,000,000 TAO of which <paramref name="lenderDeposit"/> is deposited, a foundation that funds the treasury
    /// streamed into the pool at 1,000 TAO a block up to its 10,000 TAO target), the feeds at their first prices
    /// (block 1), and the pool filled (block 2 and after: 12 blocks in all).
    /// </summary>
    public static Arena Create(PerpsParameters perps, string[] traders, decimal traderTao = 10_000, RiskParameters? risk = null,
        SubnetParameters? subnets = null, InsuranceParameters? insurance = null, decimal lenderDeposit = 200_000, ulong seed = 1,
        decimal priceA = 1, decimal priceB = 1, bool fillPool = true)
    {
        var ins = insurance ?? new InsuranceParameters { TreasuryStreamRaoPerBlock = 1_000_000_000_000 };
        var modules = new IModule[]
        {
            new SubnetModule(subnets ?? new SubnetParameters { ExternalTaoIssuanceRao = 21_000_000_000_000_000 }),
            new PerpsModule(perps), new InsuranceModule(ins), new RiskControlModule(risk),
        };
        var engine = new Engine(new EngineOptions { Seed = seed }, modules);
        var genesis = new List<Envelope>
        {
            Account(Dao, 0), Account(Feeder, 0), Account(Keeper, 1), Account(Lender, 1_000_000), Account(Foundation, 50_000),
            Account(SubnetOwner, 1_000_000),
            new GenesisRole(Roles.Governor, Dao).AsGenesis(),
            new GenesisFeed(FeedA, 600, Feeder).AsGenesis(), new GenesisFeed(FeedB, 600, Feeder).AsGenesis(), new GenesisFeed(FeedGuard, 600, Feeder).AsGenesis(),
        };
        foreach (var t in traders) genesis.Add(Account(t, traderTao));
        var results = engine.ApplyGenesis(genesis);
        for (int i = 0; i < results.Count; i++) results[i].Accepted.ShouldBeTrue($"genesis {i}: {results[i]}");
        var arena = new Arena(engine, perps);
        arena.RunOk(Post(FeedA, Px(priceA)), Post(FeedB, Px(priceB)), Post(FeedGuard, Px(priceA)),
            new DepositPerpLiquidity(Tao(lenderDeposit)).From(Lender), new FundTreasury(Tao(20_000)).From(Foundation));
        if (fillPool) arena.Engine.AdvanceBlocks(10);
        return arena;
    }

    public static Envelope Account(string name, decimal tao) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { [Engine.TaoSymbol] = Tao(tao) }).AsGenesis();

    // ---------- units ----------

    public static Amount Tao(decimal tokens) => new((UInt128)decimal.Truncate(tokens * Amount.UnitsPerToken));

    public static Fixed Px(decimal price) => Fixed.Parse(price.ToString(CultureInfo.InvariantCulture));

    /// <summary>A price from the path models (doubles, outside the engine), to 12 significant digits and at most 18 decimals (never zero).</summary>
    public static Fixed Px(double price)
    {
        var d = Math.Round((decimal)double.Parse(price.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), 18);
        return d <= 0 ? new Fixed(1) : Fixed.Parse(d.ToString(CultureInfo.InvariantCulture));
    }

    public static Envelope Post(string feed, Fixed price) => new PostPrice(feed, price).From(Feeder);
    public static Envelope Market(string id, string source, Fixed baseReserve, string? guard = null) => new CreateMarket(id, source, baseReserve, true, guard).From(Dao);
    public static Envelope Open(string trader, string market, PerpSide side, Amount margin, Fixed leverage) => new OpenPerp(market, side, margin, leverage).From(trader);

    // ---------- blocks ----------

    public BlockResult Block(params Envelope[] txs) => Engine.ExecuteBlock(txs);

    public void RunOk(params Envelope[] txs)
    {
        var result = Engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++)
            result.Results[i].Accepted.ShouldBeTrue($"block {result.Height}, tx {i} ({txs[i]}): {result.Results[i]}");
    }

    /// <summary>The id of <paramref name="trader"/>'s open position in <paramref name="market"/>, or 0.</summary>
    public long PositionOf(string trader, string market) => Perps.PositionOf.GetValueOrDefault((trader, market));

    // ---------- what the strategies measure ----------

    public Amount Balance(string account, string token = Engine.TaoSymbol) =>
        Engine.Ledger.TryGetAccount(account, out var id) && Engine.Ledger.TryGetToken(token, out var t) ? Engine.Ledger.BalanceOf(id, t) : Amount.Zero;

    /// <summary>Remembers the accounts' TAO and their alpha of <paramref name="netuid"/> now: the start of the attack.</summary>
    public void Mark(IEnumerable<string> accounts, int netuid = 0)
    {
        foreach (var a in accounts) _start[a] = (Balance(a), netuid > 0 ? Balance(a, AlphaSymbol(netuid)) : Amount.Zero);
    }

    public static string AlphaSymbol(int netuid) => SubnetModule.AlphaSymbol(netuid);

    /// <summary>
    /// The coalition's P&amp;L in rao since <see cref="Mark"/>: TAO now less TAO then, plus alpha's change valued at
    /// <paramref name="alphaPrice"/> (TAO per alpha; the final price for the pool strategy).
    /// </summary>
    public Int128 CoalitionPnl(IEnumerable<string> accounts, int netuid = 0, Fixed alphaPrice = default)
    {
        Int128 pnl = 0;
        foreach (var a in accounts)
        {
            var (tao, alpha) = _start[a];
            pnl += (Int128)Balance(a).Units - (Int128)tao.Units;
            if (netuid > 0)
            {
                var delta = (Int128)Balance(a, AlphaSymbol(netuid)).Units - (Int128)alpha.Units;
                pnl += delta * alphaPrice.Raw / Fixed.ScaleRaw;
            }
        }
        return pnl;
    }

    /// <summary>Bad debt so far: what the Insurance Pool paid for losses beyond margins plus what fell on the lenders.</summary>
    public Amount BadDebt => Perps.InsurancePaid + Perps.LenderLosses;

    /// <summary>The fees and premiums paid since genesis: the trading fees (to lenders) and premiums (to the pool) in the events.</summary>
    public (Amount Fees, Amount Premiums) FeesAndPremiums()
    {
        Amount fees = Amount.Zero, premiums = Amount.Zero;
        foreach (var r in Engine.Events.Records)
            switch (r.Event)
            {
                case PerpOpened o: fees += o.Fee; premiums += o.Premium; break;
                case PerpClosed c: fees += c.Fee; break;
            }
        return (fees, premiums);
    }

    /// <summary>Every liquidation so far.</summary>
    public List<PerpLiquidated> AllLiquidations() => Engine.Events.Records.Select(r => r.Event).OfType<PerpLiquidated>().ToList();

    /// <summary>Every token conserved (the engine checks it every block too; this names a failure in the test).</summary>
    public void ShouldConserve() => Engine.Ledger.CheckConservation().ShouldBeEmpty();
}

/// <summary>Per-block return models for the index paths (doubles: models outside the engine), seeded.</summary>
internal static class Paths
{
    /// <summary>A Laplace draw of scale β = σ/√2 (standard deviation σ).</summary>
    public static double Laplace(DeterministicRandom rng, double sigma)
    {
        double u = rng.NextDouble() - 0.5;
        if (u == -0.5) u = 0.4999999; // the open interval
        return -sigma / Math.Sqrt(2) * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary>Uniform in [lo, hi).</summary>
    public static double Uniform(DeterministicRandom rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    /// <summary>Log-uniform in [lo, hi).</summary>
    public static double LogUniform(DeterministicRandom rng, double lo, double hi) => Math.Exp(Uniform(rng, Math.Log(lo), Math.Log(hi)));
}

/// <summary>Sample statistics of a strategy's per-path results (TAO).</summary>
internal sealed record Stats(int N, double Mean, double StdDev, double Min, double Max)
{
    /// <summary>Half-width of the normal 95% confidence interval of the mean.</summary>
    public double HalfWidth => N < 2 ? double.PositiveInfinity : 1.96 * StdDev / Math.Sqrt(N);
    public double Upper => Mean + HalfWidth;
    public double Lower => Mean - HalfWidth;

    public static Stats Of(IReadOnlyList<double> xs)
    {
        xs.Count.ShouldBeGreaterThan(0);
        double mean = xs.Average();
        double var = xs.Count < 2 ? 0 : xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1);
        return new Stats(xs.Count, mean, Math.Sqrt(var), xs.Min(), xs.Max());
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"n={N} mean={Mean:G6} 95% CI [{Lower:G6}, {Upper:G6}] sd={StdDev:G6} min={Min:G6} max={Max:G6}");
}

/// <summary>How many Monte Carlo paths a strategy runs: its default, or <c>BALLAST_ADVERSARY_PATHS</c> when set.</summary>
internal static class Budget
{
    public static int Paths(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("BALLAST_ADVERSARY_PATHS"), out var n) && n > 0 ? n : fallback;

    public static double Tao(Int128 rao) => (double)rao / 1e9;
}
