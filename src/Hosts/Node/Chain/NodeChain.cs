using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Scripting;
using Ballast.Core.Serialization;
using Ballast.Core.State.Persistence;
using Ballast.Node.Signing;
using Ballast.Node.Storage;

namespace Ballast.Node.Chain;

/// <summary>
/// The node's chain: the engine, the pool of waiting transactions, the durable log and what readers see (blocks,
/// receipts, events). Blocks go through a two-stage pipeline (NodeChain.Mining.cs): the miner executes block n+1
/// while a committer thread makes block n durable (one database transaction, one flush, per block), and nothing of
/// a block is told to anyone — receipts, the block list, events, the stream, a query's answer — before it is
/// durable. Locks, always taken in this order when nested (only a rebuild nests them): the engine's (the miner
/// executing, queries reading), the published view's (durable blocks and events), the pool's (submissions,
/// receipts, nonces), the store's (its writing connection), the store's reader's (the history's reads: blocks, receipts
/// and events from the log, on a connection of their own, so a reader never waits for a flush nor holds one up).
/// </summary>
public sealed partial class NodeChain : IDisposable
{
    /// <summary>At most this many transactions go into one block; the rest wait for the next.</summary>
    public const int MaxTransactionsPerBlock = 20_000;

    /// <summary>At most this many transactions wait; more are refused with <see cref="NodeErrors.PoolFull"/>.</summary>
    public const int MaxPending = 200_000;

    private readonly object _engineGate = new();
    private readonly object _published = new();
    private readonly object _pool = new();
    private readonly object _storeGate = new();
    private readonly object _readGate = new(); // the store's history reader (its own connection): never waits for a flush
    private readonly SemaphoreSlim _mining = new(1, 1);
    private readonly INodeStore _store;
    private readonly KeyRing _keys;
    private readonly Func<EngineOptions, Engine> _createEngine;
    private readonly JsonSerializerOptions _json;
    // The miner's writer of each receipt's outcome for the log, and its buffer: reused for every receipt (under _mining).
    private readonly System.Buffers.ArrayBufferWriter<byte> _outcomeBuffer = new(1024);
    private readonly Utf8JsonWriter _outcomeWriter;
    private readonly ChainSettings _settings;

    // Pool state (under _pool).
    private List<Pending> _pending = [];
    private readonly Dictionary<string, Pending> _pendingByHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _nextNonce = new(StringComparer.Ordinal);
    private readonly ReceiptCache _receipts;
    private readonly TransactionLocator _locator = new();
    private Task _locatorLoaded = Task.CompletedTask; // the blocks before a restart's snapshot, located in the background

    // Engine state (under _engineGate): the engine as the miner left it, which may run one block ahead of the durable view.
    private Engine _engine = null!;
    private readonly Dictionary<string, ulong> _executedNonce = new(StringComparer.Ordinal); // as of the last executed block
    private readonly Dictionary<Type, Func<object, string?>[]> _accountFields = [];
    private long _nextEventSeq;
    private long _lastSnapshotHeight;
    private long _transactionsSinceSnapshot;
    private Task _executedDurable = Task.CompletedTask; // completes when the engine's current state is durable

    // Published state (under _published): durable blocks and their events, as readers see them.
    private readonly BlockWindow _blocks;
    private readonly List<NodeEvent> _events = [];
    private List<NodeEvent> _setupEvents = []; // the genesis script's: always served (rebuilt at every start, never in the log)
    private long? _loggedEventsFrom; // the first event number the log holds (blocks of schema 4 on); null when it holds none
    private readonly List<(string Name, long Height)> _snapshots = [];
    private long _durableHeight;
    private string _durableStateHash = "";

    private NodeChain(INodeStore store, KeyRing keys, ChainIdentity identity, Func<EngineOptions, Engine> createEngine, ChainSettings settings)
    {
        _settings = settings;
        _receipts = new ReceiptCache(Math.Max(1, settings.ReceiptsInMemory));
        _blocks = new BlockWindow(settings.BlocksInMemory);
        _store = store;
        _keys = keys;
        Identity = identity;
        _createEngine = createEngine;
        _json = BallastJson.Options(createEngine(new EngineOptions()).Catalog);
        _json.WriteIndented = false;
        _outcomeWriter = new Utf8JsonWriter(_outcomeBuffer, new JsonWriterOptions { Encoder = _json.Encoder });
        _committer = new Thread(CommitLoop) { IsBackground = true, Name = "ballast-committer" };
        _committer.Start();
    }

    public ChainIdentity Identity { get; private set; }
    public string ChainId => Identity.ChainId;
    public bool Development => Identity.Development;
    public string StoreKind => _store.Kind;

    /// <summary>Height reached by the genesis script's own steps (its setup blocks, which the log does not hold).</summary>
    public long SetupHeight { get; private set; }

    /// <summary>Set when a block could not be executed or stored: the node then refuses writes.</summary>
    public string? HaltReason { get; private set; }

    /// <summary>Called after each durable block with the block and its events (the event stream listens here).</summary>
    public event Action<BlockInfo, IReadOnlyList<NodeEvent>>? BlockCommitted;

    /// <summary>Raised when a transaction enters the pool (automine wakes up on it).</summary>
    public event Action? TransactionQueued;

    public JsonSerializerOptions Json => _json;

    /// <summary>Counts since start, for the metrics endpoint.</summary>
    public MiningStats Stats { get; } = new();

    /// <summary>
    /// Opens the chain in <paramref name="store"/>: a new store takes <paramref name="identity"/>; a store that holds a
    /// chain keeps its own (a different genesis given now is refused). Runs the genesis script, then replays the log.
    /// </summary>
    public static NodeChain Open(INodeStore store, KeyRing keys, ChainIdentity identity, Func<EngineOptions, Engine> createEngine, bool genesisGiven,
        ChainSettings? settings = null)
    {
        var stored = store.ReadIdentity();
        if (stored is null) store.WriteIdentity(identity = identity with { StateHashDefinition = Engine.StateHashDefinition });
        else if (stored.StateHashDefinition is { } definition && definition != Engine.StateHashDefinition)
            throw new InvalidOperationException($"the data folder's log carries state hashes of definition {definition}; this build computes definition {Engine.StateHashDefinition}, " +
                "so its blocks cannot be checked: use another data folder (or replay the old chain's transactions into one)");
        else if (genesisGiven && (stored.GenesisScript != identity.GenesisScript
                 || !(stored.GenesisState ?? []).AsSpan().SequenceEqual(identity.GenesisState ?? [])))
            throw new InvalidOperationException("the data folder holds a chain started from another genesis; use another data folder, or start without --genesis");
        var chain = new NodeChain(store, keys, stored ?? identity, createEngine, settings ?? new ChainSettings());
        try
        {
            chain.Rebuild();
            // A log from before definitions were recorded that replayed to its own hashes is of this build's definition.
            if (stored is not null && stored.StateHashDefinition is null)
            {
                store.RecordStateHashDefinition(Engine.StateHashDefinition);
                chain.Identity = chain.Identity with { StateHashDefinition = Engine.StateHashDefinition };
            }
        }
        catch
        {
            chain.StopCommitter();
            throw;
        }
        return chain;
    }

    /// <summary>
    /// Builds the state: the genesis (script or state), then the latest stored snapshot if there is one, then every
    /// stored block after it (checked against its stored state hash). A snapshot that cannot be loaded (damaged, or
    /// from a module whose state changed shape) is passed over for a replay of the whole log. Runs with the pipeline
    /// empty (at open, or a revert that holds the miner and the committer).
    /// </summary>
    private void Rebuild()
    {
        WaitForLocator(); // it takes the store's and the pool's locks, which a rebuild holds
        try
        {
            Rebuild(useSnapshot: !_settings.FullReplay);
        }
        catch (InvalidDataException e) when (RestoredFromSnapshot is not null || _loadingSnapshot)
        {
            SnapshotError = $"the stored snapshot could not be used ({ScriptText.Clean(e.Message)}); the whole log was replayed";
            Rebuild(useSnapshot: false);
        }
    }

    private bool _loadingSnapshot;

    private void Rebuild(bool useSnapshot)
    {
        lock (_engineGate)
        lock (_published)
        lock (_pool)
        lock (_storeGate)
        lock (_readGate)
        {
            _events.Clear();
            _receipts.Clear();
            _locator.Clear();
            _nextNonce.Clear();
            _executedNonce.Clear();
            _nextEventSeq = 0;
            _executedDurable = Task.CompletedTask;
            _loadingSnapshot = false;
            if (Identity.GenesisState is { } genesisState)
            {
                // A chain started from a state (a dump, or a simulated path at a block): the modules' code from the
                // engine, everything else from the file.
                _engine = _createEngine(new EngineOptions());
                EngineStateFile.Load(_engine, genesisState);
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(Identity.GenesisScript);
                var document = ScriptParser.Load(bytes);
                _engine = _createEngine(document.EngineOptions(new EngineOptions()));
                var script = document.Read(_engine.Catalog, _engine.KeeperNames.ToList());
                ScriptRunner.Run(script, _engine);
            }
            SetupHeight = _engine.Height;
            // Held apart from the window: after a restart from a snapshot the window starts at the snapshot's numbers.
            _setupEvents = CollectEvents(txHashes: null, senders: null);
            _loggedEventsFrom = _store.FirstEventBlock()?.FirstEvent;
            var genesisHash = _engine.StateHash();
            _blocks.Start(new BlockInfo(SetupHeight, BlockTime(), genesisHash, []));
            (_durableHeight, _durableStateHash) = (SetupHeight, genesisHash);
            long replayFrom = SetupHeight;
            RestoredFromSnapshot = null;
            if (useSnapshot && _store.LatestSnapshot() is { } snapshot && snapshot.Height > SetupHeight)
            {
                _loadingSnapshot = true;
                replayFrom = RestoreSnapshot(snapshot);
                _loadingSnapshot = false;
                RestoredFromSnapshot = snapshot.Height;
                (_durableHeight, _durableStateHash) = (snapshot.Height, snapshot.StateHash);
            }
            _lastSnapshotHeight = replayFrom;
            _transactionsSinceSnapshot = 0;

            StoredBlock? last = null;
            foreach (var block in _store.ReadBlocks(replayFrom))
            {
                if (block.Height != _engine.Height + 1)
                    throw new InvalidDataException($"the log jumps from block {_engine.Height} to {block.Height}");
                var signed = block.Transactions.Select(t => SignedTransaction.Read(_engine.Catalog, t.Signed, t.Signature)).ToList();
                var result = _engine.ExecuteBlock(signed.Select(s => s.Envelope).ToList());
                string hash = block.Height % 1_000 == 0 ? _engine.StateHash() : block.StateHash;
                if (hash != block.StateHash) throw Diverged(block.Height, hash, block.StateHash);
                var replayed = Record(signed, result, hash, batch: []);
                // The log holds it, so it is durable already: straight to the published view; the pool's nonces follow.
                PublishLocked(replayed);
                foreach (var receipt in replayed.Receipts)
                {
                    _receipts.Add(receipt);
                    _locator.Add(receipt.Hash, receipt.Block);
                    if (receipt.Nonce + 1 > _nextNonce.GetValueOrDefault(receipt.Sender)) _nextNonce[receipt.Sender] = receipt.Nonce + 1;
                }
                last = block;
            }
            if (last is not null && _engine.StateHash() != last.StateHash) throw Diverged(last.Height, _engine.StateHash(), last.StateHash);
            if (RestoredFromSnapshot is { } restored) _locatorLoaded = Task.Run(() => LocateLoggedTransactions(restored));
            else _locatorLoaded = Task.CompletedTask;
        }
    }

    /// <summary>
    /// Adds the transactions of the blocks up to <paramref name="upto"/> (the snapshot a restart loaded, whose blocks it
    /// did not replay) to the locator, a few thousand blocks at a time so the committer is never held up for long.
    /// </summary>
    private void LocateLoggedTransactions(long upto)
    {
        const int BlocksAtATime = 2_000;
        try
        {
            for (long from = SetupHeight; from < upto && !_stopping; from += BlocksAtATime)
            {
                List<StoredBlockHeader> headers;
                lock (_readGate) headers = _store.ReadBlockHeaders(from, Math.Min(upto, from + BlocksAtATime)).ToList();
                lock (_pool)
                    foreach (var header in headers)
                    foreach (var hash in header.TransactionHashes)
                        _locator.Add(hash, header.Height);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // The receipts of those blocks stay unanswered (404), as before receipts were stored; the chain is whole.
            SnapshotError ??= $"the transactions before the snapshot could not be located: {e.GetType().Name}: {ScriptText.Clean(e.Message)}";
        }
    }

    private void WaitForLocator() => _locatorLoaded.GetAwaiter().GetResult();

    private string BlockTime() => BlockTime(_engine.Height);

    private string BlockTime(long height) => (_engine.Clock with { Height = height }).Time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The height of the stored snapshot the last start (or revert) loaded, or null when it replayed the whole log.</summary>
    public long? RestoredFromSnapshot { get; private set; }

    /// <summary>
    /// Loads a stored snapshot instead of replaying the blocks up to it: the engine's state from its bytes (checked
    /// against its state hash and the log's), the nonces and the next event number from its node part; the log's headers
    /// are checked to reach it.
    /// Events of the blocks before it are not rebuilt; their receipts are read from the log when asked for (a start
    /// with full replay rebuilds both). Returns the snapshot's height. Under every lock (a rebuild).
    /// </summary>
    private long RestoreSnapshot(StoredSnapshot snapshot)
    {
        EngineStateFile.Load(_engine, snapshot.State);
        if (_engine.StateHash() != snapshot.StateHash)
            throw new InvalidDataException($"the snapshot at block {snapshot.Height} loads to state {_engine.StateHash()}, not the {snapshot.StateHash} it was taken at");
        long expected = SetupHeight + 1;
        string? hash = null;
        // The log's headers are checked to reach the snapshot; the blocks themselves stay in the log (the window holds
        // the blocks published from here on; older ones are read from the log when asked for, with their hashes).
        foreach (var header in _store.ReadBlockHeaders(SetupHeight, snapshot.Height, transactionHashes: false))
        {
            if (header.Height != expected) throw new InvalidDataException($"the log jumps from block {expected - 1} to {header.Height}");
            hash = header.StateHash;
            expected++;
        }
        if (expected != snapshot.Height + 1 || hash != snapshot.StateHash)
            throw new InvalidDataException($"the snapshot at block {snapshot.Height} does not match the log (which reaches block {expected - 1}, state {hash})");
        using var node = JsonDocument.Parse(snapshot.Node);
        foreach (var nonce in node.RootElement.GetProperty("nonces").EnumerateObject())
        {
            _executedNonce[nonce.Name] = nonce.Value.GetUInt64();
            _nextNonce[nonce.Name] = nonce.Value.GetUInt64();
        }
        if (node.RootElement.TryGetProperty("events", out var events) && events.GetInt64() >= _nextEventSeq) _nextEventSeq = events.GetInt64();
        return snapshot.Height;
    }

    /// <summary>
    /// A copy of the state after the block just executed (under the engine's lock): serializing megabytes of state
    /// here held every block behind it for 10–115 ms, a copy takes a fraction of that; the writer serializes the copy.
    /// </summary>
    private TakenSnapshot TakeSnapshot(bool background)
    {
        long started = Stopwatch.GetTimestamp();
        var nonces = new SortedDictionary<string, ulong>(_executedNonce, StringComparer.Ordinal);
        // The next event's sequence number too, so events numbered after a restart from this snapshot (and the receipts
        // that carry them) are numbered as they were first served.
        var taken = new TakenSnapshot(_engine.Height, _engine.StateHash(), _engine.Snapshot(), JsonSerializer.Serialize(new { nonces, events = _nextEventSeq }), background);
        Stats.AddSnapshotTake(Stopwatch.GetTimestamp() - started);
        return taken;
    }

    /// <summary>
    /// A copy of the engine's state taken after a block, with what the node keeps beside it, not yet serialized; written
    /// at the lowest priority (<paramref name="Background"/>) or at the request threads' own. One written at the lowest
    /// priority can be given up (<see cref="Abandon"/>): it then stores no further part and is never completed.
    /// </summary>
    private sealed record TakenSnapshot(long Height, string StateHash, EngineSnapshot Copy, string Node, bool Background)
    {
        private volatile bool _abandoned;

        public bool Abandoned => _abandoned;

        public void Abandon() => _abandoned = true;
    }

    /// <summary>Thrown inside a writer whose snapshot was given up, to leave it at the next part.</summary>
    private sealed class SnapshotAbandonedException : Exception;

    /// <summary>
    /// A snapshot of the state after the block just executed when enough blocks or transactions have gone by since
    /// the last (under the engine's lock); stored once its block is durable. Snapshots are written at the lowest
    /// priority, one at a time. One still being written when the next falls due has waited a whole interval: on a
    /// machine whose cores are all busy, the lowest priority is close to never (a node under full load stored no
    /// snapshot at all, and every restart replayed its whole log). It is given up, and this one is written at the
    /// request threads' priority. A snapshot at that priority still being written is waited for: the next block takes
    /// the one due.
    /// </summary>
    private TakenSnapshot? SnapshotIfDue(int transactions)
    {
        _transactionsSinceSnapshot += transactions;
        if (_engine.Height - _lastSnapshotHeight < _settings.SnapshotEveryBlocks && _transactionsSinceSnapshot < _settings.SnapshotEveryTransactions) return null;
        bool background = true;
        if (Volatile.Read(ref _snapshotInFlight) is { } writing)
        {
            if (!writing.Background) return null;
            writing.Abandon();
            Stats.SnapshotAbandoned();
            background = false;
        }
        _lastSnapshotHeight = _engine.Height;
        _transactionsSinceSnapshot = 0;
        var taken = TakeSnapshot(background);
        Volatile.Write(ref _snapshotInFlight, taken);
        return taken;
    }

    // The snapshot taken and not yet stored (nor given up, nor failed), or null. Set by the miner under the engine's
    // lock; its writer clears it only if it is still its own.
    private TakenSnapshot? _snapshotInFlight;
    private Task _snapshotWriting = Task.CompletedTask;

    /// <summary>Forgets a snapshot in flight if it is this one (it was stored, given up, or will never be).</summary>
    private void SnapshotLanded(TakenSnapshot snapshot) => Interlocked.CompareExchange(ref _snapshotInFlight, null, snapshot);

    /// <summary>Bytes of a snapshot's state written per database transaction.</summary>
    public const int SnapshotPartBytes = 256 * 1024;

    /// <summary>
    /// Stores a snapshot the miner took, after its block is in the log, on a thread of its own and by parts of
    /// <see cref="SnapshotPartBytes"/>, each in its own database transaction: a state of megabytes written at once held
    /// the store for 20–140 ms, and every block's commit (every acknowledgement) waited behind it. The committer's
    /// blocks now wait for at most one part. The thread runs at the lowest priority (unless the one before starved,
    /// <see cref="SnapshotIfDue"/>): serializing megabytes is a burst of CPU that, at the priority of the request and
    /// pipeline threads, took a core from them for tens of milliseconds every few seconds under load (the half-load
    /// tail); it is work no one waits for.
    /// </summary>
    private void StoreSnapshot(TakenSnapshot snapshot)
    {
        var writing = Task.Factory.StartNew(() =>
        {
            // A new thread inherits the committer's raised priority: set either way.
            if (snapshot.Background) PipelineThreads.Lower();
            else PipelineThreads.Normal();
            _settings.SnapshotWriterStarting?.Invoke(snapshot.Height, snapshot.Background);
            WriteSnapshotByParts(snapshot);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A given-up writer may still be running: waiting for the writes waits for it too.
        var before = _snapshotWriting;
        _snapshotWriting = before.IsCompleted ? writing : Task.WhenAll(before, writing);
    }

    // A part buffer, reused (a given-up writer and the one after it may overlap: each takes the spare or makes one), so
    // a snapshot of tens of megabytes does not leave as many megabytes of large arrays (a growing memory stream, its
    // copy) for the collector.
    private byte[]? _snapshotPart;

    private void WriteSnapshotByParts(TakenSnapshot snapshot)
    {
        byte[]? buffer = null;
        try
        {
            // The copy is serialized through an engine of its own (the node's engine executes on meanwhile): its state
            // hash (which the file carries) must be the block's.
            long started = Stopwatch.GetTimestamp();
            var spare = _createEngine(new EngineOptions());
            spare.Restore(snapshot.Copy);
            if (spare.StateHash() != snapshot.StateHash)
                throw new InvalidDataException($"the copy of the state after block {snapshot.Height} hashes to {spare.StateHash()}, not the block's {snapshot.StateHash}");
            buffer = Interlocked.Exchange(ref _snapshotPart, null) ?? new byte[SnapshotPartBytes];
            var parts = new PartStream(buffer, (index, part) =>
            {
                lock (_storeGate)
                {
                    // Given up: the parts stored so far are removed when a later snapshot completes.
                    if (snapshot.Abandoned) throw new SnapshotAbandonedException();
                    _store.WriteSnapshotPart(snapshot.Height, index, part);
                }
            });
            EngineStateFile.Write(spare, parts);
            parts.Finish();
            lock (_storeGate)
            {
                if (snapshot.Abandoned) throw new SnapshotAbandonedException();
                _store.CompleteSnapshot(snapshot.Height, snapshot.StateHash, snapshot.Node);
            }
            Stats.Snapshot();
            Stats.AddSnapshotWrite(Stopwatch.GetTimestamp() - started);
        }
        catch (SnapshotAbandonedException)
        {
            // The snapshot after it is being written at the request threads' priority: not an error.
        }
        catch (Exception e)
        {
            // Whatever went wrong, on this thread of its own it must not be lost nor stop the node: the log is whole
            // without the snapshot (a restart replays further), the reason is served (/api/chain), the next interval retries.
            SnapshotError = $"block {snapshot.Height}: {e.GetType().Name}: {ScriptText.Clean(e.Message)}";
        }
        finally
        {
            if (buffer is not null) Volatile.Write(ref _snapshotPart, buffer);
            SnapshotLanded(snapshot);
        }
    }

    /// <summary>
    /// A write-only stream that hands its bytes on in parts of its buffer's size (the last part shorter), numbered
    /// from 0: a full part is the buffer itself, valid until the call returns.
    /// </summary>
    private sealed class PartStream(byte[] buffer, Action<int, ReadOnlyMemory<byte>> store) : Stream
    {
        private int _filled;
        private int _index;

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                int n = Math.Min(bytes.Length, buffer.Length - _filled);
                bytes[..n].CopyTo(buffer.AsSpan(_filled));
                _filled += n;
                bytes = bytes[n..];
                if (_filled == buffer.Length) Hand();
            }
        }

        public override void Write(byte[] bytes, int offset, int count) => Write(bytes.AsSpan(offset, count));

        public override void WriteByte(byte value) => Write([value]);

        /// <summary>Hands on what is left (a part shorter than the buffer) once the writer is done.</summary>
        public void Finish()
        {
            if (_filled > 0) Hand();
        }

        private void Hand()
        {
            store(_index++, buffer.AsMemory(0, _filled));
            _filled = 0;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A replay that does not reach the log's hash, with the likely cause when the log records no hash definition.</summary>
    private InvalidDataException Diverged(long height, string replayed, string logged) => new(
        $"replay diverged at block {height}: state hash {replayed}, the log says {logged}" + (Identity.StateHashDefinition is null
            ? $" (the log records no state hash definition: it was written by a build from before 2026-12-01, whose state hash was defined differently from this build's definition {Engine.StateHashDefinition}; use another data folder)"
            : ""));

    /// <summary>Height of the last snapshot taken (stored, or being written), or where the chain started counting.</summary>
    internal long LastSnapshotHeight => Interlocked.Read(ref _lastSnapshotHeight);

    /// <summary>Waits until the snapshots being written (if any) are stored or given up.</summary>
    internal void WaitForSnapshotWrite() => _snapshotWriting.GetAwaiter().GetResult();

    /// <summary>Why the last snapshot could not be stored, if it could not.</summary>
    public string? SnapshotError { get; private set; }

    public void Dispose()
    {
        // Let a block in the pipeline finish (a host stops its miner first), then stop the committer.
        bool idle = _mining.Wait(TimeSpan.FromSeconds(30));
        StopCommitter();
        WaitForSnapshotWrite();
        WaitForLocator();
        lock (_storeGate)
        lock (_readGate)
            _store.Dispose();
        if (idle) _mining.Release();
        _mining.Dispose();
    }

    private sealed class Pending(SignedTransaction tx)
    {
        public SignedTransaction Tx { get; } = tx;
        public TaskCompletionSource<Receipt> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>How the chain keeps state snapshots in its store and how it starts.</summary>
public sealed record ChainSettings
{
    /// <summary>
    /// A snapshot after this many blocks since the last. <value>The default value is 10,000.</value> Automined under load
    /// a node makes a thousand small blocks a second: every 1,000 blocks meant a snapshot (megabytes serialized under
    /// the engine's lock) every second; replaying 10,000 blocks at a restart takes seconds.
    /// </summary>
    public long SnapshotEveryBlocks { get; init; } = 10_000;

    /// <summary>A snapshot after this many transactions since the last. <value>The default value is 100,000.</value></summary>
    public long SnapshotEveryTransactions { get; init; } = 100_000;

    /// <summary>Ignore the stored snapshots: replay the whole log (rebuilds every receipt and event). <value>The default value is false.</value></summary>
    public bool FullReplay { get; init; }

    /// <summary>
    /// Receipts kept in memory, the latest; older ones are read from the log by their transaction's hash.
    /// <value>The default value is 100,000.</value>
    /// </summary>
    public int ReceiptsInMemory { get; init; } = 100_000;

    /// <summary>
    /// Events kept in memory for <c>/api/events</c>, the latest; older ones are dropped (in steps of a quarter, so the
    /// cost is constant per event) and the answer names the oldest it still holds. A node kept every event of its
    /// history: 1.66 GB of heap after 1.3 million transactions. <value>The default value is 100,000.</value> A million
    /// (the default before) held ~330 MB of events at 10,000 tx/s, all in the collector's oldest generation, and a run of
    /// minutes at that pace spent 8–12% of its time in collection pauses (docs/benchmarks.md, "A long run").
    /// </summary>
    public int EventsInMemory { get; init; } = 100_000;

    /// <summary>
    /// Events read from the log for one answer of <c>/api/events</c> at most (and blocks: <see cref="NodeChain.MaxBlocksExaminedFromLog"/>):
    /// an answer short of its limit then says where to go on. <value>The default value is 50,000.</value>
    /// </summary>
    public int EventsExaminedFromLogPerAnswer { get; init; } = NodeChain.MaxEventsExaminedFromLog;

    /// <summary>
    /// Blocks kept in memory for the block endpoints, the latest (and the chain's first); older ones are read from the
    /// log. <value>The default value is 10,000</value> (33 hours of 12-s blocks; 12 s automined at 10,000 tx/s). Kept all, a
    /// node automining under load grew by megabytes a second; 100,000 blocks of 13 transactions held ~200 MB.
    /// </summary>
    public int BlocksInMemory { get; init; } = 10_000;

    /// <summary>
    /// Automined blocks start at least this far apart, unless <see cref="NodeChain.ExecuteAheadTransactions"/> wait.
    /// <value>The default value is 2 ms.</value> Without it the miner started a block as soon as the flush before ended:
    /// ~900 blocks of 11 transactions a second at 10,000 tx/s, each with its own state hash, flush, publication and
    /// wake-ups. At 2 ms it makes ~320 blocks of 31, and the node used 9% less CPU per transaction in six interleaved
    /// half-load pairs (121 against 134 µs), for about a millisecond more at the median (docs/benchmarks.md, "Allocation
    /// and block spacing"). Zero starts each block at once.
    /// </summary>
    public TimeSpan AutomineSpacing { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Called on a snapshot writer's thread as it starts, with the snapshot's height and whether it runs at the lowest
    /// priority: tests hold a writer there to play one the scheduler starves.
    /// </summary>
    internal Action<long, bool>? SnapshotWriterStarting { get; init; }
}
