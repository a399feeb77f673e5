namespace Ballast.Core.Blocks;

/// <summary>An emitted event with where it came from: block height and transaction index (−1 for block hooks).</summary>
public readonly record struct EventRecord(long Block, int TxIndex, IEvent Event);
