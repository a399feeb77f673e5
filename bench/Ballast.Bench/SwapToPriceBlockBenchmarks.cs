using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;

namespace Ballast.Bench;

/// <summary>
/// One whole block holding one <c>subnets.swapToPrice</c> on a constant-product pool of 500,000 TAO registered at
/// 0.049 (the subnet module's block hook included, emission off): each operation is a block that moves the pool
/// alternately to 0.0495 and 0.0505 TAO per alpha, so every block swaps (about 2,500 TAO either way). Uses only the
/// engine's public surface, so the same file measures the commit before (the ln/exp power) and after (the exact root).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class SwapToPriceBlockBenchmarks
{
    private const int Netuid = 1;
    private Engine _engine = null!;
    private Envelope[] _up = null!;
    private Envelope[] _down = null!;
    private long _blocks;

    [GlobalSetup]
    public void Setup()
    {
        var options = new EngineOptions { RecordEvents = false, CheckConservationEveryBlock = false };
        // All 21M TAO issued outside the ledger: no emission, so the pool moves only by the swaps and the alpha the
        // market bought on the way up to 0.0505 from 0.049 always covers the moves down to 0.0495.
        _engine = new Engine(options, new SubnetModule(new SubnetParameters { ExternalTaoIssuanceRao = 21_000_000_000_000_000 }));
        _engine.ApplyGenesis([
            new GenesisAccount("market", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(10_000_000) }).AsGenesis(),
        ]);
        var registered = _engine.ExecuteBlock([new RegisterSubnet(Netuid, Amount.Tokens(500_000), Fixed.Parse("0.049")).From("market")]);
        if (!registered.Results[0].Accepted) throw new InvalidOperationException(registered.Results[0].ToString());
        var limit = Amount.Tokens(1_000_000_000); // the input may be alpha: a limit that never binds
        _up = [new SwapToPrice(Netuid, Fixed.Parse("0.0505"), limit).From("market")];
        _down = [new SwapToPrice(Netuid, Fixed.Parse("0.0495"), limit).From("market")];
        // Sanity: both directions swap.
        foreach (var block in new[] { _up, _down, _up })
        {
            var result = _engine.ExecuteBlock(block).Results[0];
            if (!result.Accepted) throw new InvalidOperationException($"swapToPrice was refused: {result}");
        }
    }

    /// <summary>One block: a swap to the other target and the block hooks.</summary>
    [Benchmark]
    public int Block() => _engine.ExecuteBlockCountingRejections(++_blocks % 2 == 0 ? _up : _down);
}
