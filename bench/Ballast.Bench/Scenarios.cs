using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;

namespace Ballast.Bench;

/// <summary>
/// The engines and pre-built blocks the benchmarks (and the allocation check) run. Everything here happens in
/// setup, outside the measured code.
/// </summary>
internal static class Scenarios
{
    public const int BlockSize = 10_000;
    public const int TransferAccounts = 1_000;
    public const int SwapTraders = 100;
    public const int SwapPools = 3;

    public static EngineOptions Options(bool checkConservation) => new()
    {
        RecordEvents = false,
        CheckConservationEveryBlock = checkConservation,
    };

    public static Envelope Genesis(string name) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(1_000_000) }).AsGenesis();

    public static string[] Names(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i:D4}").ToArray();

    // ---------- 1. ledger.transfer ----------

    /// <summary>1,000 accounts holding 1M TAO each.</summary>
    public static (Engine Engine, string[] Accounts) TransferEngine(bool checkConservation)
    {
        var engine = new Engine(Options(checkConservation));
        var names = Names("acct", TransferAccounts);
        RequireAccepted(engine.ApplyGenesis(names.Select(Genesis).ToList()), "genesis");
        return (engine, names);
    }

    /// <summary>
    /// Transaction i: account i mod 1000 sends 1 TAO to account (7i + 13) mod 1000. The map is a bijection with no
    /// fixed point, so every account sends and receives exactly 10 per block: balances never drift and no
    /// transfer is ever rejected, however many blocks the benchmark runs.
    /// </summary>
    public static Envelope[] TransferBlock(string[] accounts)
    {
        var txs = new Envelope[BlockSize];
        int n = accounts.Length;
        for (int i = 0; i < txs.Length; i++)
            txs[i] = new Transfer(accounts[(7 * i + 13) % n], "TAO", Amount.Tokens(1)).From(accounts[i % n]);
        return txs;
    }

    // ---------- 2. subnets.swap ----------

    /// <summary>
    /// An owner registers 3 constant-product pools (100,000 TAO each, opening price 0.1 TAO/alpha); 100 traders
    /// holding 1M TAO each buy 100 TAO of alpha on every pool so they have alpha to sell.
    /// </summary>
    public static (Engine Engine, string[] Traders) SwapEngine()
    {
        var engine = new Engine(Options(checkConservation: false), new SubnetModule());
        var traders = Names("trader", SwapTraders);
        RequireAccepted(engine.ApplyGenesis([Genesis("owner"), .. traders.Select(Genesis)]), "genesis");
        var register = Enumerable.Range(1, SwapPools)
            .Select(n => (Envelope)new RegisterSubnet(n, Amount.Tokens(100_000), Fixed.Parse("0.1")).From("owner"))
            .ToArray();
        RequireNoRejections(engine.ExecuteBlockCountingRejections(register), "subnet registration");
        var prefund = traders
            .SelectMany(t => Enumerable.Range(1, SwapPools)
                .Select(n => (Envelope)new Swap(n, SwapDirection.TaoToAlpha, Amount.Tokens(100), Amount.Zero).From(t)))
            .ToArray();
        RequireNoRejections(engine.ExecuteBlockCountingRejections(prefund), "alpha pre-funding");
        return (engine, traders);
    }

    /// <summary>
    /// Pairs of swaps: a trader buys alpha with 1 TAO on a pool, then sells back the alpha amount that 1 TAO buys
    /// at the pool's price after setup. A constant-product pool returns a round trip exactly (up to rounding down),
    /// so the pools stay near that price and the traders' alpha barely moves: no swap is rejected over the run.
    /// Pairs rotate over the 100 traders and 3 pools; minAmountOut is 0.
    /// </summary>
    public static Envelope[] SwapBlock(Engine engine, string[] traders)
    {
        var buy = Amount.Tokens(1);
        var sell = new Amount[SwapPools + 1];
        for (int n = 1; n <= SwapPools; n++)
        {
            sell[n] = engine.View.Port<ISubnetMarkets>().SimSwapTaoForAlpha(engine.View, n, buy);
            if (sell[n].IsZero) throw new InvalidOperationException($"pool {n} quotes nothing for 1 TAO");
        }
        var txs = new Envelope[BlockSize];
        for (int i = 0; i < txs.Length; i++)
        {
            int pair = i / 2;
            var trader = traders[pair % traders.Length];
            int netuid = 1 + pair % SwapPools;
            txs[i] = i % 2 == 0
                ? new Swap(netuid, SwapDirection.TaoToAlpha, buy, Amount.Zero).From(trader)
                : new Swap(netuid, SwapDirection.AlphaToTao, sell[netuid], Amount.Zero).From(trader);
        }
        return txs;
    }

    // ---------- 3. raw TokenLedger.TryTransfer ----------

    public static (TokenLedger Ledger, TokenId Tao, AccountId[] From, AccountId[] To) RawLedger()
    {
        var ledger = new TokenLedger();
        var tao = ledger.CreateToken("TAO", 9, "bench");
        var ids = new AccountId[TransferAccounts];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = ledger.CreateAccount($"acct{i:D4}", AccountKind.User);
            if (!ledger.TryMint(ids[i], tao, Amount.Tokens(1_000_000))) throw new InvalidOperationException("mint failed");
        }
        ledger.ClearJournal();
        var from = new AccountId[BlockSize];
        var to = new AccountId[BlockSize];
        for (int i = 0; i < BlockSize; i++)
        {
            from[i] = ids[i % ids.Length];
            to[i] = ids[(7 * i + 13) % ids.Length];
        }
        return (ledger, tao, from, to);
    }

    // ---------- 4. empty blocks (emission hook) ----------

    /// <summary>
    /// An owner with 1M TAO registers <paramref name="subnets"/> pools of 10,000 TAO each (opening price 0.1).
    /// TAO issuance stays far below the first halving, so every block emits and the hook mints into every pool.
    /// </summary>
    public static Engine EmissionEngine(int subnets)
    {
        var engine = new Engine(Options(checkConservation: false), new SubnetModule());
        RequireAccepted(engine.ApplyGenesis([Genesis("owner")]), "genesis");
        var register = Enumerable.Range(1, subnets)
            .Select(n => (Envelope)new RegisterSubnet(n, Amount.Tokens(10_000), Fixed.Parse("0.1")).From("owner"))
            .ToArray();
        RequireNoRejections(engine.ExecuteBlockCountingRejections(register), "subnet registration");
        engine.AdvanceBlocks(10);
        return engine;
    }

    // ---------- checks ----------

    public static void RequireAccepted(IReadOnlyList<TxResult> results, string what)
    {
        foreach (var r in results)
            if (!r.Accepted) throw new InvalidOperationException($"{what}: {r}");
    }

    public static void RequireNoRejections(int rejected, string what)
    {
        if (rejected != 0) throw new InvalidOperationException($"{what}: {rejected} transactions rejected");
    }
}
