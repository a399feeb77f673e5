using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Scripting;
using Ballast.Node;
using Ballast.Simulation.Running;

namespace Ballast.Bench;

/// <summary>
/// The hash the node computes after every block (<c>NodeChain.MineOne</c>), on the node's development genesis after
/// <see cref="Blocks"/> blocks in each of which TAO/USD moved: each move is one more TWAP observation kept (for 30 days
/// of blocks), so a hash that walks the kept observations grows with the chain and one that chains them does not.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class DevChainHashBenchmarks
{
    [Params(0, 10_000)]
    public int Blocks { get; set; }

    private Engine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        var document = ScriptParser.Load(Encoding.UTF8.GetBytes(NodeHost.DevelopmentGenesis()));
        _engine = SimulationEngines.Create(document.EngineOptions(new EngineOptions()));
        ScriptRunner.Run(document.Read(_engine.Catalog, [.. _engine.KeeperNames]), _engine);
        _engine.Prices.TryGetSpot("TAO/USD", _engine.Height, out var start);
        for (int b = 0; b < Blocks; b++)
        {
            // A small deterministic walk around the genesis price: every block posts a new one.
            var price = start + Fixed.Ratio(b % 7 - 3, 100, Rounding.Down);
            var result = _engine.ExecuteBlock([new PostPrice("TAO/USD", price).From("feeder")]);
            if (!result.Results[0].Accepted) throw new InvalidOperationException(result.Results[0].ToString());
        }
        if (_engine.Prices.TryGetSource("TAO/USD", out var source) && source.Accumulator.HasPrice)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// height {_engine.Height}, TAO/USD history from block {source.Accumulator.FirstHeight}"));
    }

    [Benchmark]
    public string StateHash() => _engine.StateHash();
}
