using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Ballast.Bench;

/// <summary>Adds an operations-per-second column (per operation, so per transaction where OperationsPerInvoke is set).</summary>
public sealed class OpsPerSecondConfig : ManualConfig
{
    public OpsPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}

/// <summary>
/// 1. A block of 10,000 pre-built <c>ledger.transfer</c> transactions among 1,000 accounts, through
/// <see cref="Engine.ExecuteBlockCountingRejections"/> (authorisation, dispatch, journal, hooks). Figures are per
/// transaction. <see cref="CheckConservation"/> false is the production setting; true recomputes every token's
/// sum once per block (the test setting).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[Config(typeof(OpsPerSecondConfig))]
public class TransferBlockBenchmarks
{
    private Engine _engine = null!;
    private Envelope[] _block = null!;
    private long _rejected;

    [Params(false, true)]
    public bool CheckConservation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_engine, var accounts) = Scenarios.TransferEngine(CheckConservation);
        _block = Scenarios.TransferBlock(accounts);
        Scenarios.RequireNoRejections(_engine.ExecuteBlockCountingRejections(_block), "transfer block");
    }

    [Benchmark(OperationsPerInvoke = Scenarios.BlockSize)]
    public int TransferBlock()
    {
        int rejected = _engine.ExecuteBlockCountingRejections(_block);
        _rejected += rejected;
        return rejected;
    }

    [GlobalCleanup]
    public void Cleanup() => Scenarios.RequireNoRejections(checked((int)_rejected), "transfer benchmark");
}

/// <summary>
/// 2. A block of 10,000 pre-built <c>subnets.swap</c> transactions alternating buy/sell on 3 constant-product pools
/// (100,000 TAO reserves, minAmountOut 0), conservation check off. Figures are per swap.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[Config(typeof(OpsPerSecondConfig))]
public class SwapBlockBenchmarks
{
    private Engine _engine = null!;
    private Envelope[] _block = null!;
    private long _rejected;

    [GlobalSetup]
    public void Setup()
    {
        (_engine, var traders) = Scenarios.SwapEngine();
        _block = Scenarios.SwapBlock(_engine, traders);
        Scenarios.RequireNoRejections(_engine.ExecuteBlockCountingRejections(_block), "swap block");
    }

    [Benchmark(OperationsPerInvoke = Scenarios.BlockSize)]
    public int SwapBlock()
    {
        int rejected = _engine.ExecuteBlockCountingRejections(_block);
        _rejected += rejected;
        return rejected;
    }

    [GlobalCleanup]
    public void Cleanup() => Scenarios.RequireNoRejections(checked((int)_rejected), "swap benchmark");
}

/// <summary>
/// 3. Reference: <see cref="TokenLedger.TryTransfer"/> called directly (no engine, no dispatch, no name lookups),
/// with the journal cleared after each transfer as the engine does for an accepted transaction. Per transfer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[Config(typeof(OpsPerSecondConfig))]
public class RawLedgerBenchmarks
{
    private TokenLedger _ledger = null!;
    private TokenId _tao;
    private AccountId[] _from = null!;
    private AccountId[] _to = null!;
    private readonly Amount _amount = Amount.Tokens(1);
    private long _failed;

    [GlobalSetup]
    public void Setup() => (_ledger, _tao, _from, _to) = Scenarios.RawLedger();

    [Benchmark(OperationsPerInvoke = Scenarios.BlockSize)]
    public int TryTransfer()
    {
        var ledger = _ledger;
        var from = _from;
        var to = _to;
        int failed = 0;
        for (int i = 0; i < from.Length; i++)
        {
            if (!ledger.TryTransfer(from[i], to[i], _tao, _amount)) failed++;
            ledger.ClearJournal();
        }
        _failed += failed;
        return failed;
    }

    [GlobalCleanup]
    public void Cleanup() => Scenarios.RequireNoRejections(checked((int)_failed), "raw ledger benchmark");
}

/// <summary>
/// 4. An empty block (no transactions) with 3 or 64 subnets registered: the cost of the block hooks, chiefly the
/// subnet emission (EMA prices, injection into every pool, alpha distribution, oracle update). Per block;
/// conservation check off.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[Config(typeof(OpsPerSecondConfig))]
public class EmptyBlockBenchmarks
{
    private Engine _engine = null!;

    [Params(3, 64)]
    public int Subnets { get; set; }

    [GlobalSetup]
    public void Setup() => _engine = Scenarios.EmissionEngine(Subnets);

    [Benchmark]
    public int EmptyBlock() => _engine.ExecuteBlockCountingRejections([]);
}
