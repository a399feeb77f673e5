using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Serialization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Ballast.Subnets.Tests;

/// <summary>Small helpers shared by the subnet tests: engines, amounts, balances and "rejected and changed nothing".</summary>
internal static class TestKit
{
    /// <summary>21M TAO issued outside the ledger: the TAO block emission is zero, so pools only move by swaps.</summary>
    public const long FullExternalIssuanceRao = 21_000_000_000_000_000;

    public static SubnetParameters NoTaoEmission(SubnetParameters? p = null) =>
        (p ?? new SubnetParameters()) with { ExternalTaoIssuanceRao = FullExternalIssuanceRao };

    public static Amount Rao(ulong units) => new(units);
    public static Amount Rao(UInt128 units) => new(units);
    public static Amount Tao(ulong whole) => Amount.Tokens(whole);
    public static Fixed F(string text) => Fixed.Parse(text);

    /// <summary>
    /// The options of every engine the subnet tests build: <see cref="EngineOptions.VerifyRejections"/> on, so any
    /// rejected transaction that leaves a trace in the state (ledger, prices, module state) halts the test.
    /// </summary>
    public static EngineOptions Options(ulong seed = 1) => new() { Seed = seed, VerifyRejections = true };

    /// <summary>An engine with the subnet module and the named accounts, each holding the given TAO.</summary>
    public static Engine NewEngine(SubnetParameters? parameters, ulong seed, params (string Name, Amount Tao)[] accounts)
    {
        var engine = new Engine(Options(seed), new SubnetModule(parameters));
        var genesis = accounts
            .Select(a => (Envelope)new GenesisAccount(a.Name, new Dictionary<string, Amount> { ["TAO"] = a.Tao }).AsGenesis())
            .ToList();
        foreach (var r in engine.ApplyGenesis(genesis)) r.Accepted.ShouldBeTrue(r.ToString());
        return engine;
    }

    public static Engine NewEngine(SubnetParameters? parameters = null, params (string Name, Amount Tao)[] accounts) =>
        NewEngine(parameters, 1, accounts);

    /// <summary>Runs one block and requires every transaction in it to be accepted.</summary>
    public static BlockResult Block(this Engine engine, params Envelope[] transactions)
    {
        var result = engine.ExecuteBlock(transactions);
        for (int i = 0; i < result.Results.Count; i++)
            result.Results[i].Accepted.ShouldBeTrue($"tx {i} ({transactions[i]}) of block {result.Height}: {result.Results[i]}");
        return result;
    }

    public static Amount Balance(this Engine engine, string account, string symbol)
    {
        if (!engine.Ledger.TryGetAccount(account, out var id)) return Amount.Zero;
        return engine.Ledger.TryGetToken(symbol, out var token) ? engine.Ledger.BalanceOf(id, token) : Amount.Zero;
    }

    public static Subnet Subnet(this Engine engine, int netuid) => engine.StateOf<SubnetState>().Subnets[netuid];

    public static (Amount Tao, Amount Alpha) Reserves(this Engine engine, int netuid) =>
        SubnetMarket.Reserves(engine.View, engine.Subnet(netuid));

    public static Fixed Price(this Engine engine, int netuid) => SubnetMarket.SpotPrice(engine.View, engine.Subnet(netuid));

    /// <summary>The whole engine state as the JSON people and programs see (balances, supplies, prices, module views).</summary>
    public static string DescribeJson(this Engine engine) =>
        JsonSerializer.Serialize(StateView.Describe(engine), BallastJson.Options(engine.Catalog));

    /// <summary>
    /// Runs <paramref name="tx"/> alone in the next block and requires it to be rejected with <paramref name="code"/>
    /// and a message; then replays the same block without it from a snapshot and requires the same state hash and
    /// the same described state. The engine is left after the block without the transaction.
    /// </summary>
    public static TxResult ShouldBeRejectedWithoutEffect(this Engine engine, Envelope tx, ErrorCode code)
    {
        var before = engine.Snapshot();
        var result = engine.ExecuteBlock([tx]).Results[0];
        result.Accepted.ShouldBeFalse($"{tx} was accepted");
        result.Error.ShouldBe(code, result.ToString());
        result.Message.ShouldNotBeNullOrWhiteSpace();
        var hashWith = engine.StateHash();
        var jsonWith = engine.DescribeJson();

        engine.Restore(before);
        engine.ExecuteBlock([]);
        engine.StateHash().ShouldBe(hashWith, $"{tx} was rejected but changed the state");
        engine.DescribeJson().ShouldBe(jsonWith);
        return result;
    }

    /// <summary>Σ balances of each token, recomputed from the ledger's non-zero balances.</summary>
    public static Dictionary<string, UInt128> SumOfBalances(TokenLedger ledger)
    {
        var sums = ledger.Tokens.ToDictionary(t => t.Symbol, _ => UInt128.Zero);
        foreach (var (_, token, balance) in ledger.NonZeroBalances()) sums[token.Symbol] = checked(sums[token.Symbol] + balance.Units);
        return sums;
    }

    /// <summary>
    /// FsCheck configuration: throws on failure with the given number of cases. The seed is fixed so a run is
    /// reproducible; set BALLAST_FSCHECK_SEED to explore others (a failure prints its replay seed).
    /// </summary>
    public static Config Cases(int maxTest)
    {
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("BALLAST_FSCHECK_SEED"), out var s) ? s : 20250213UL;
        return Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL | 1), FSharpOption<int>.None)));
    }
}
