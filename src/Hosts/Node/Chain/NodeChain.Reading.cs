using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Node.Chain;

/// <summary>
/// What readers see. Blocks, events and receipts: the durable ones only (published by the committer after the flush).
/// The engine's state (queries, the state view, keeper proposals, the state file): read from the engine as the miner
/// left it, which may be one block ahead of the log, but answered only once that block is durable — a reader never
/// learns of a state a crash could take back, and never holds up the miner for a flush.
/// </summary>
public sealed partial class NodeChain
{
    /// <summary>
    /// Runs <paramref name="read"/> on the engine between blocks and returns its result once the state it read is
    /// durable. A state that can no longer become durable (the store failed) is refused with <see cref="NodeErrors.NodeHalted"/>.
    /// </summary>
    /// <exception cref="RefusalException">The node halted before the state read was durable.</exception>
    public async Task<T> ReadAsync<T>(Func<Engine, T> read)
    {
        T value;
        Task durable;
        lock (_engineGate)
        {
            value = read(_engine);
            durable = _executedDurable;
        }
        if (!durable.IsCompletedSuccessfully) await durable.ConfigureAwait(false);
        return value;
    }

    /// <summary><see cref="ReadAsync{T}"/>, waiting (for tests and the start banner, not for request threads).</summary>
    public T Read<T>(Func<Engine, T> read) => ReadAsync(read).GetAwaiter().GetResult();

    /// <summary>The engine's queries by name (the same for every engine of this chain).</summary>
    public Catalog<QueryInfo> Queries => _engine.Queries;

    /// <summary>The height of the last durable block.</summary>
    public long Height
    {
        get { lock (_published) return _durableHeight; }
    }

    /// <summary>The state hash after the last durable block.</summary>
    public string StateHash()
    {
        lock (_published) return _durableStateHash;
    }

    /// <summary>Blocks held in memory besides the first (the rest are read from the log).</summary>
    internal int BlocksHeld
    {
        get { lock (_published) return _blocks.Count; }
    }

    public BlockInfo? Block(long height) => height < SetupHeight ? null : Blocks(height, 1).FirstOrDefault();

    /// <summary>
    /// Up to <paramref name="count"/> durable blocks from height <paramref name="from"/> on: from memory, and the ones
    /// older than the window (<see cref="ChainSettings.BlocksInMemory"/>) from the log.
    /// </summary>
    public IReadOnlyList<BlockInfo> Blocks(long from, int count)
    {
        BlockInfo?[] blocks;
        long oldest = long.MaxValue, newest = long.MinValue; // the heights not in memory (between the first block and the window)
        lock (_published)
        {
            from = Math.Max(from, SetupHeight);
            blocks = new BlockInfo?[Math.Max(0, Math.Min(_durableHeight, from + count - 1) - from + 1)];
            for (int i = 0; i < blocks.Length; i++)
                if ((blocks[i] = _blocks.Get(from + i)) is null)
                    (oldest, newest) = (Math.Min(oldest, from + i), Math.Max(newest, from + i));
        }
        if (oldest <= newest)
        {
            lock (_readGate)
                foreach (var header in _store.ReadBlockHeaders(oldest - 1, newest))
                    blocks[header.Height - from] = new BlockInfo(header.Height, BlockTime(header.Height), header.StateHash, header.TransactionHashes);
        }
        return blocks.OfType<BlockInfo>().ToList();
    }
}
