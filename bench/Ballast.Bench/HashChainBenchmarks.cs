using BenchmarkDotNet.Attributes;
using Ballast.Core.Hashing;

namespace Ballast.Bench;

/// <summary>
/// One link of a <see cref="HashChain"/> over a TWAP observation's 40 bytes (SHA-256 of 72): what the node pays per
/// price source and block for the O(1) state hash (DevChainHashBenchmarks measures the hash itself).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class HashChainBenchmarks
{
    private readonly byte[] _entry = new byte[40];
    private HashChain _head;

    [Benchmark]
    public HashChain AppendObservation() => _head = _head.Append(_entry);
}
