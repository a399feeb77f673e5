using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Scripting;

namespace Ballast.Bench;

/// <summary>
/// Reading a script (the strict reader of issue 7): 1,000 and 8,000 steps of one <c>ledger.transfer</c> each. A linear
/// reader takes about eight times as long for eight times the steps; the quadratic one it replaced took ~10 s for 8,000.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
public class ScriptParseBenchmarks
{
    private readonly TransactionCatalog _catalog = new Engine(new EngineOptions()).Catalog;
    private byte[] _text = [];

    [Params(1_000, 8_000)]
    public int Blocks { get; set; }

    [GlobalSetup]
    public void Setup() => _text = ScriptParseText.OneTransactionBlocks(Blocks);

    [Benchmark]
    public int Parse() => ScriptParser.Parse(_text, _catalog).Steps.Count;
}
