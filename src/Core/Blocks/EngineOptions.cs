namespace Ballast.Core.Blocks;

/// <summary>How an engine is hosted: its clock, its seed and its checks.</summary>
public sealed record EngineOptions
{
    /// <summary>Unix time of block 0. The default is dynamic TAO's launch, 2025-02-13 00:00 UTC.</summary>
    public long GenesisUnixSeconds { get; init; } = 1_739_404_800;

    /// <summary>Seconds per block. The default value is 12 (Bittensor).</summary>
    public int BlockSeconds { get; init; } = BlockClock.DefaultBlockSeconds;

    /// <summary>Seed of the engine's only random source.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Recompute token conservation after every block. The default value is true; production may turn it off.</summary>
    public bool CheckConservationEveryBlock { get; init; } = true;

    /// <summary>
    /// How the per-block check runs: true recomputes every token's Σ balances from the balances (a pass over every
    /// balance, and a check of the ledger's kept totals); false compares the totals the ledger keeps incrementally
    /// with minted − burned, in O(tokens). The default value is true; the simulator turns it off unless asked
    /// (<c>--full-conservation-check</c>).
    /// </summary>
    public bool FullConservationScan { get; init; } = true;

    /// <summary>Keep the event log. The default value is true; benchmarks turn it off.</summary>
    public bool RecordEvents { get; init; } = true;

    /// <summary>
    /// Debug: hash the whole state before every transaction and again after every rejected one, and halt with an
    /// <see cref="InvariantViolationException"/> if a rejection left a trace. The default value is false (it is slow);
    /// the property tests turn it on.
    /// </summary>
    public bool VerifyRejections { get; init; }
}
