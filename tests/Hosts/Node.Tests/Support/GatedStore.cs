using Ballast.Node.Storage;

namespace Ballast.Node.Tests.Support;

/// <summary>
/// A store whose appends can be held at the door (as a slow flush would hold them) and then let through or failed (as
/// a full disk would fail them): the pipeline's promises are tested against it deterministically.
/// </summary>
public sealed class GatedStore(INodeStore inner) : INodeStore
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private volatile bool _fail;

    /// <summary>Appends wait from now on.</summary>
    public void Hold() => _open.Reset();

    /// <summary>Waiting and later appends go through.</summary>
    public void Release() => _open.Set();

    /// <summary>Waiting and later appends fail, as a store that cannot write.</summary>
    public void Fail()
    {
        _fail = true;
        _open.Set();
    }

    /// <summary>Set once an append is waiting at the door.</summary>
    public ManualResetEventSlim Waiting { get; } = new(initialState: false);

    public string Kind => inner.Kind;
    public ChainIdentity? ReadIdentity() => inner.ReadIdentity();
    public void WriteIdentity(ChainIdentity identity) => inner.WriteIdentity(identity);

    public void Append(IReadOnlyList<StoredBlock> blocks)
    {
        if (!_open.IsSet) Waiting.Set();
        _open.Wait();
        if (_fail) throw new IOException("the disk is full (a test's store)");
        inner.Append(blocks);
    }

    public IEnumerable<StoredBlock> ReadBlocks(long afterHeight) => inner.ReadBlocks(afterHeight);
    public long LastHeight(long none) => inner.LastHeight(none);
    public void TruncateAfter(long height) => inner.TruncateAfter(height);
    public void WriteSnapshot(StoredSnapshot snapshot) => inner.WriteSnapshot(snapshot);
    public void WriteSnapshotPart(long height, int index, ReadOnlyMemory<byte> bytes) => inner.WriteSnapshotPart(height, index, bytes);
    public void CompleteSnapshot(long height, string stateHash, string node) => inner.CompleteSnapshot(height, stateHash, node);
    public StoredSnapshot? LatestSnapshot() => inner.LatestSnapshot();
    public void RecordStateHashDefinition(int definition) => inner.RecordStateHashDefinition(definition);
    public IEnumerable<StoredBlockHeader> ReadBlockHeaders(long afterHeight, long uptoHeight, bool transactionHashes = true) => inner.ReadBlockHeaders(afterHeight, uptoHeight, transactionHashes);
    public StoredOutcome? ReadOutcome(long height, string hash) => inner.ReadOutcome(height, hash);
    public long? EventBlock(long seq) => inner.EventBlock(seq);
    public (long Height, long FirstEvent)? FirstEventBlock() => inner.FirstEventBlock();
    public IEnumerable<StoredBlock> ReadEventBlocks(long afterHeight, long uptoHeight) => inner.ReadEventBlocks(afterHeight, uptoHeight);

    public void Dispose()
    {
        _open.Set();
        inner.Dispose();
        _open.Dispose();
        Waiting.Dispose();
    }
}
