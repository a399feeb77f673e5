using BenchmarkDotNet.Attributes;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;

namespace Ballast.Bench;

/// <summary>
/// One whole block holding one <c>subnets.swapToPrice</c> on a constant-product pool of 500,000 TAO (the subnet
/// module's block hook included: emission, the pool's price record): each operation is a block that moves the pool
/// alternately to 0.0505 and 0.0495 TAO per alpha, so every block swaps. Uses only the engine's public surface, so
/// the same file measures the commit before (the ln/exp power) and after (the exact root).
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
        _engine = new Engine(options, new SubnetModule());
        _engine.ApplyGenesis([
            new GenesisAccount("market", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(10_000_000) }).AsGenesis(),
        ]);
        var registered = _engine.ExecuteBlock([new RegisterSubnet(Netuid, Amount.Tokens(500_000), Fixed.Parse("0.05")).From("market")]);
        if (!registered.Results[0].Accepted) throw new InvalidOperationException(registered.Results[0].ToString());
        var limit = Amount.Tokens(1_000_000);
        _up = [new SwapToPrice(Netuid, Fixed.Parse("0.0505"), limit).From("market")];
        _down = [new SwapToPrice(Netuid, Fixed.Parse("0.0495"), limit).From("market")];
        // Sanity: both directions swap.
        if (_engine.ExecuteBlockCountingRejections(_up) != 0 || _engine.ExecuteBlockCountingRejections(_down) != 0)
            throw new InvalidOperationException("swapToPrice was refused");
    }

    /// <summary>One block: a swap to the other target and the block hooks.</summary>
    [Benchmark]
    public int Block() => _engine.ExecuteBlockCountingRejections(++_blocks % 2 == 0 ? _up : _down);
}
