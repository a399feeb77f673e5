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
/// receipts, events). Two locks: the pool's, which submissions take briefly, and the engine's, which a block holds
/// from execution through its durable commit, so that readers never see a block the log does not hold and
/// submissions never wait for a disk flush. A submitter's task completes only after its block's commit
/// (group commit: every transaction of a block is acknowledged by one flush).
/// </summary>
public sealed class NodeChain : IDisposable
{
    /// <summary>At most this many transactions go into one block; the rest wait for the next.</summary>
    public const int MaxTransactionsPerBlock = 20_000;

    /// <summary>At most this many transactions wait; more are refused with <see cref="NodeErrors.PoolFull"/>.</summary>
    public const int MaxPending = 200_000;

    private readonly object _pool = new();
    private readonly object _engineGate = new();
    private readonly SemaphoreSlim _mining = new(1, 1);
    private readonly INodeStore _store;
    private readonly KeyRing _keys;
    private readonly Func<EngineOptions, Engine> _createEngine;
    private readonly JsonSerializerOptions _json;

    // Pool state (under _pool).
    private List<Pending> _pending = [];
    private readonly Dictionary<string, Pending> _pendingByHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _nextNonce = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Receipt> _receipts = new(StringComparer.Ordinal);

    // Reader state (under _engineGate).
    private Engine _engine = null!;
    private readonly List<BlockInfo> _blocks = [];
    private readonly List<NodeEvent> _events = [];
    private readonly Dictionary<Type, Func<object, string?>[]> _accountFields = [];
    private readonly List<(string Name, long Height)> _snapshots = [];
    private readonly Dictionary<string, ulong> _committedNonce = new(StringComparer.Ordinal); // as of the last durable block
    private readonly ChainSettings _settings;
    private long _lastSnapshotHeight;
    private long _transactionsSinceSnapshot;

    private NodeChain(INodeStore store, KeyRing keys, ChainIdentity identity, Func<EngineOptions, Engine> createEngine, ChainSettings settings)
    {
        _settings = settings;
        _store = store;
        _keys = keys;
        Identity = identity;
        _createEngine = createEngine;
        _json = BallastJson.Options(createEngine(new EngineOptions()).Catalog);
        _json.WriteIndented = false;
    }

    public ChainIdentity Identity { get; }
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
        if (stored is null) store.WriteIdentity(identity);
        else if (genesisGiven && (stored.GenesisScript != identity.GenesisScript
                 || !(stored.GenesisState ?? []).AsSpan().SequenceEqual(identity.GenesisState ?? [])))
            throw new InvalidOperationException("the data folder holds a chain started from another genesis; use another data folder, or start without --genesis");
        var chain = new NodeChain(store, keys, stored ?? identity, createEngine, settings ?? new ChainSettings());
        chain.Rebuild();
        return chain;
    }

    /// <summary>
    /// Builds the state: the genesis (script or state), then the latest stored snapshot if there is one, then every
    /// stored block after it (checked against its stored state hash). A snapshot that cannot be loaded (damaged, or
    /// from a module whose state changed shape) is passed over for a replay of the whole log.
    /// </summary>
    private void Rebuild()
    {
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
        lock (_pool)
        {
            _blocks.Clear();
            _events.Clear();
            _receipts.Clear();
            _nextNonce.Clear();
            _committedNonce.Clear();
            _loadingSnapshot = false;
            _hashesInLogUpTo = long.MinValue;
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
            CollectEvents(txHashes: null, senders: null);
            _blocks.Add(new BlockInfo(SetupHeight, BlockTime(), _engine.StateHash(), []));
            long replayFrom = SetupHeight;
            RestoredFromSnapshot = null;
            if (useSnapshot && _store.LatestSnapshot() is { } snapshot && snapshot.Height > SetupHeight)
            {
                _loadingSnapshot = true;
                replayFrom = RestoreSnapshot(snapshot);
                _loadingSnapshot = false;
                RestoredFromSnapshot = snapshot.Height;
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
                if (hash != block.StateHash)
                    throw new InvalidDataException($"replay diverged at block {block.Height}: state hash {hash}, the log says {block.StateHash}");
                Record(signed, result, hash, replaying: true);
                last = block;
            }
            if (last is not null && _engine.StateHash() != last.StateHash)
                throw new InvalidDataException($"replay diverged at block {last.Height}: state hash {_engine.StateHash()}, the log says {last.StateHash}");
        }
    }

    private string BlockTime() => BlockTime(_engine.Height);

    private string BlockTime(long height) => (_engine.Clock with { Height = height }).Time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The height of the stored snapshot the last start (or revert) loaded, or null when it replayed the whole log.</summary>
    public long? RestoredFromSnapshot { get; private set; }

    /// <summary>
    /// Loads a stored snapshot instead of replaying the blocks up to it: the engine's state from its bytes (checked
    /// against its state hash and the log's), the nonces from its node part, the block list from the log's headers.
    /// Receipts and events of the blocks before it are not rebuilt (their transactions stay in the log; a start
    /// with full replay rebuilds them). Returns the snapshot's height.
    /// </summary>
    private long RestoreSnapshot(StoredSnapshot snapshot)
    {
        EngineStateFile.Load(_engine, snapshot.State);
        if (_engine.StateHash() != snapshot.StateHash)
            throw new InvalidDataException($"the snapshot at block {snapshot.Height} loads to state {_engine.StateHash()}, not the {snapshot.StateHash} it was taken at");
        long expected = SetupHeight + 1;
        string? hash = null;
        _hashesInLogUpTo = snapshot.Height;
        foreach (var header in _store.ReadBlockHeaders(SetupHeight, snapshot.Height, transactionHashes: false))
        {
            if (header.Height != expected) throw new InvalidDataException($"the log jumps from block {expected - 1} to {header.Height}");
            _blocks.Add(new BlockInfo(header.Height, BlockTime(header.Height), header.StateHash, [.. header.TransactionHashes]));
            hash = header.StateHash;
            expected++;
        }
        if (expected != snapshot.Height + 1 || hash != snapshot.StateHash)
            throw new InvalidDataException($"the snapshot at block {snapshot.Height} does not match the log (which reaches block {expected - 1}, state {hash})");
        using var node = JsonDocument.Parse(snapshot.Node);
        foreach (var nonce in node.RootElement.GetProperty("nonces").EnumerateObject())
        {
            _committedNonce[nonce.Name] = nonce.Value.GetUInt64();
            _nextNonce[nonce.Name] = nonce.Value.GetUInt64();
        }
        return snapshot.Height;
    }

    /// <summary>The engine's state and the committed nonces now (under the engine's lock, between blocks).</summary>
    private StoredSnapshot TakeSnapshot()
    {
        var nonces = new SortedDictionary<string, ulong>(_committedNonce, StringComparer.Ordinal);
        return new StoredSnapshot(_engine.Height, _engine.StateHash(), EngineStateFile.Write(_engine), JsonSerializer.Serialize(new { nonces }));
    }

    /// <summary>Stores a snapshot when enough blocks or transactions have been logged since the last (under the engine's lock).</summary>
    private void SnapshotIfDue(int transactions)
    {
        _transactionsSinceSnapshot += transactions;
        if (_engine.Height - _lastSnapshotHeight < _settings.SnapshotEveryBlocks && _transactionsSinceSnapshot < _settings.SnapshotEveryTransactions) return;
        try
        {
            _store.WriteSnapshot(TakeSnapshot());
            Stats.Snapshot();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or NotSupportedException)
        {
            // The log is whole without it: a restart replays further. Try again after the next interval.
            SnapshotError = $"block {_engine.Height}: {e.GetType().Name}: {ScriptText.Clean(e.Message)}";
        }
        _lastSnapshotHeight = _engine.Height;
        _transactionsSinceSnapshot = 0;
    }

    /// <summary>Why the last snapshot could not be stored, if it could not.</summary>
    public string? SnapshotError { get; private set; }

    /// <summary>Development: the engine's whole state as a state file (<c>ballast node --state FILE</c> starts a chain from it).</summary>
    public byte[] DumpState()
    {
        lock (_engineGate) return EngineStateFile.Write(_engine);
    }

    // ---------- submitting ----------

    /// <summary>
    /// Checks a signed transaction (format, chain, signer, signature, nonce) and queues it. Returns its receipt's
    /// task, which completes once its block is durable; the same signed text again returns the same task or receipt.
    /// </summary>
    /// <exception cref="RefusalException">The transaction is refused before the engine sees it.</exception>
    public Task<Receipt> Submit(string signedText, byte[]? signature, bool impersonated = false)
    {
        SignedTransaction tx;
        try
        {
            tx = SignedTransaction.Read(_engine.Catalog, signedText, signature);
        }
        catch (TransactionFormatException e)
        {
            throw new RefusalException(Refusal.Malformed($"signed.transaction: {e.Problem}"));
        }
        catch (FormatException e)
        {
            throw new RefusalException(Refusal.Malformed(e.Message));
        }
        lock (_pool)
        {
            if (_receipts.TryGetValue(tx.Hash, out var known)) return Task.FromResult(known);
            if (_pendingByHash.TryGetValue(tx.Hash, out var waiting)) return waiting.Done.Task;
        }
        if (tx.ChainId != ChainId)
            throw new RefusalException(new Refusal(NodeErrors.WrongChain, 400, $"signed for chain '{ScriptText.Clean(tx.ChainId)}'; this node runs chain '{ChainId}'"));
        if (tx.Envelope.Payload is IGenesisTransaction)
            throw new RefusalException(new Refusal(CoreErrors.GenesisOnly, 400, $"{_engine.Catalog.NameOf(tx.Envelope.Payload)} is allowed only in the genesis block"));
        if (!impersonated)
        {
            if (signature is null || !_keys.TryGet(tx.Envelope.Sender, out var key))
                throw new RefusalException(new Refusal(NodeErrors.UnknownSigner, 401, $"the node knows no key for '{ScriptText.Clean(tx.Envelope.Sender)}'"));
            if (!KeyRing.Verify(key, tx.Utf8, signature))
                throw new RefusalException(new Refusal(NodeErrors.BadSignature, 401, $"the signature does not verify with the key of '{ScriptText.Clean(tx.Envelope.Sender)}' over the signed text"));
        }
        if (HaltReason is { } halted)
            throw new RefusalException(new Refusal(NodeErrors.NodeHalted, 409, $"the node refuses writes: {halted}"));
        Pending pending;
        lock (_pool)
        {
            if (_receipts.TryGetValue(tx.Hash, out var known)) return Task.FromResult(known);
            if (_pendingByHash.TryGetValue(tx.Hash, out var waiting)) return waiting.Done.Task;
            var sender = tx.Envelope.Sender;
            ulong expected = _nextNonce.GetValueOrDefault(sender);
            if (tx.Envelope.Nonce < expected)
                throw new RefusalException(new Refusal(NodeErrors.NonceReused, 409, $"'{ScriptText.Clean(sender)}' already used nonce {tx.Envelope.Nonce}; its next nonce is {expected}"));
            if (tx.Envelope.Nonce > expected)
                throw new RefusalException(new Refusal(NodeErrors.NonceSkipped, 409, $"nonce {tx.Envelope.Nonce} skips ahead: the next nonce of '{ScriptText.Clean(sender)}' is {expected}"));
            if (_pending.Count >= MaxPending)
                throw new RefusalException(new Refusal(NodeErrors.PoolFull, 429, $"{MaxPending} transactions are waiting; retry after the next block"));
            pending = new Pending(tx);
            _pending.Add(pending);
            _pendingByHash.Add(tx.Hash, pending);
            _nextNonce[sender] = expected + 1;
        }
        TransactionQueued?.Invoke();
        return pending.Done.Task;
    }

    /// <summary>The next nonce <paramref name="account"/> must sign with (counting transactions still waiting).</summary>
    public ulong NextNonce(string account)
    {
        lock (_pool) return _nextNonce.GetValueOrDefault(account);
    }

    public int PendingCount
    {
        get { lock (_pool) return _pending.Count; }
    }

    public Receipt? ReceiptOf(string hash)
    {
        lock (_pool) return _receipts.GetValueOrDefault(hash);
    }

    // ---------- mining ----------

    /// <summary>Mines one block with the waiting transactions (or an empty one) and commits it; returns it.</summary>
    public async Task<BlockInfo?> MineAsync(int blocks = 1, CancellationToken cancel = default)
    {
        await _mining.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            BlockInfo? last = null;
            for (int i = 0; i < blocks && HaltReason is null; i++) last = MineOne();
            return last;
        }
        finally
        {
            _mining.Release();
        }
    }

    private BlockInfo? MineOne()
    {
        List<Pending> batch;
        lock (_pool)
        {
            if (_pending.Count <= MaxTransactionsPerBlock)
            {
                batch = _pending;
                _pending = [];
            }
            else
            {
                batch = _pending.GetRange(0, MaxTransactionsPerBlock);
                _pending.RemoveRange(0, MaxTransactionsPerBlock);
            }
        }
        BlockInfo info;
        List<Receipt> receipts;
        List<NodeEvent> events;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            lock (_engineGate)
            {
                long locked = System.Diagnostics.Stopwatch.GetTimestamp();
                int eventsBefore = _events.Count;
                var signed = batch.Select(p => p.Tx).ToList();
                var result = _engine.ExecuteBlock(signed.Select(s => s.Envelope).ToList());
                var hash = _engine.StateHash();
                long executed = System.Diagnostics.Stopwatch.GetTimestamp();
                receipts = Record(signed, result, hash, replaying: false);
                info = _blocks[^1];
                long recorded = System.Diagnostics.Stopwatch.GetTimestamp();
                // Durable before anyone hears of it: readers wait on this lock, submitters on their task.
                _store.Append([new StoredBlock(info.Height, hash, batch.Select(p => new StoredTransaction(p.Tx.Hash, p.Tx.Text, p.Tx.Signature)).ToList())]);
                Stats.AddParts(locked - started, executed - locked, recorded - executed, System.Diagnostics.Stopwatch.GetTimestamp() - recorded);
                events = _events.GetRange(eventsBefore, _events.Count - eventsBefore);
                SnapshotIfDue(batch.Count);
            }
        }
        catch (Exception e)
        {
            // An engine invariant or the store failed: the block's state cannot be trusted or kept. Stop writing.
            HaltReason = $"block {(_engine.Height)}: {e.GetType().Name}: {ScriptText.Clean(e.Message)}";
            foreach (var p in batch) p.Done.TrySetException(new RefusalException(new Refusal(NodeErrors.NodeHalted, 409, $"the node halted: {HaltReason}")));
            return null;
        }
        lock (_pool)
        {
            foreach (var receipt in receipts)
            {
                _receipts[receipt.Hash] = receipt;
                _pendingByHash.Remove(receipt.Hash);
            }
        }
        Stats.Add(receipts.Count, receipts.Count(r => !r.Accepted), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        for (int i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(receipts[i]);
        BlockCommitted?.Invoke(info, events);
        return info;
    }

    /// <summary>Records a block's receipts, events and info (under the engine's lock).</summary>
    private List<Receipt> Record(List<SignedTransaction> signed, BlockResult result, string stateHash, bool replaying)
    {
        var hashes = signed.Select(s => s.Hash).ToArray();
        var senders = signed.Select(s => s.Envelope.Sender).ToArray();
        int firstEvent = _events.Count;
        CollectEvents(hashes, senders);
        var byTx = _events.Skip(firstEvent).Where(e => e.TxIndex is not null).ToLookup(e => e.TxIndex!.Value);
        var receipts = new List<Receipt>(signed.Count);
        for (int i = 0; i < signed.Count; i++)
        {
            var s = signed[i];
            var r = result.Results[i];
            receipts.Add(new Receipt(s.Hash, result.Height, i, _engine.Catalog.NameOf(s.Envelope.Payload), s.Envelope.Sender, s.Envelope.Nonce,
                r.Accepted, r.Error?.Name, r.Message, byTx[i].ToList()));
        }
        _blocks.Add(new BlockInfo(result.Height, BlockTime(), stateHash, hashes));
        foreach (var receipt in receipts)
            if (receipt.Nonce + 1 > _committedNonce.GetValueOrDefault(receipt.Sender)) _committedNonce[receipt.Sender] = receipt.Nonce + 1;
        if (replaying)
        {
            // Live blocks: the pool advanced the nonce when it queued the transaction, and publishes the receipt
            // after the commit. A replay (which holds the pool's lock) does both here.
            foreach (var receipt in receipts)
            {
                _receipts[receipt.Hash] = receipt;
                if (receipt.Nonce + 1 > _nextNonce.GetValueOrDefault(receipt.Sender)) _nextNonce[receipt.Sender] = receipt.Nonce + 1;
            }
        }
        return receipts;
    }

    private void CollectEvents(string[]? txHashes, string[]? senders)
    {
        foreach (var record in _engine.Events.Records)
        {
            int? index = record.TxIndex < 0 ? null : record.TxIndex;
            var @event = record.Event;
            var json = _json;
            var accounts = AccountsOf(record.Event);
            if (index is { } i && senders is not null && i < senders.Length && !accounts.Contains(senders[i])) accounts = [.. accounts, senders[i]];
            _events.Add(new NodeEvent(_events.Count, record.Block, index, index is { } j && txHashes is not null && j < txHashes.Length ? txHashes[j] : null,
                _engine.EventName(record.Event)) { Accounts = accounts, DataSource = () => JsonSerializer.SerializeToElement(@event, @event.GetType(), json) });
        }
        _engine.Events.Clear();
    }

    private string[] AccountsOf(object @event)
    {
        var type = @event.GetType();
        if (!_accountFields.TryGetValue(type, out var getters))
        {
            getters = type.GetProperties().Where(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0)
                .Select(p => (Func<object, string?>)(o => (string?)p.GetValue(o))).ToArray();
            _accountFields[type] = getters;
        }
        return getters.Select(g => g(@event)).Where(v => !string.IsNullOrEmpty(v)).Distinct().ToArray()!;
    }

    // ---------- reading ----------

    /// <summary>Runs <paramref name="read"/> on the engine between blocks.</summary>
    public T Read<T>(Func<Engine, T> read)
    {
        lock (_engineGate) return read(_engine);
    }

    public long Height
    {
        get { lock (_engineGate) return _engine.Height; }
    }

    public string StateHash()
    {
        lock (_engineGate) return _engine.StateHash();
    }

    public BlockInfo? Block(long height)
    {
        lock (_engineGate)
        {
            long index = height - SetupHeight;
            return index >= 0 && index < _blocks.Count ? WithHashes(_blocks[(int)index]) : null;
        }
    }

    public IReadOnlyList<BlockInfo> Blocks(long from, int count)
    {
        lock (_engineGate)
        {
            long start = Math.Max(0, from - SetupHeight);
            if (start >= _blocks.Count) return [];
            return _blocks.GetRange((int)start, (int)Math.Min(count, _blocks.Count - start)).Select(WithHashes).ToList();
        }
    }

    /// <summary>
    /// A block before the snapshot the chain started from holds its transaction hashes in the log only (a restart reads
    /// just the blocks' heights and hashes, not a million transaction rows): read them when the block is asked for.
    /// Under the engine's lock, which every use of the store is.
    /// </summary>
    private BlockInfo WithHashes(BlockInfo block) =>
        block.Height > SetupHeight && block.Height <= _hashesInLogUpTo && block.Transactions.Count == 0
            ? block with { Transactions = [.. _store.ReadBlockHeaders(block.Height - 1, block.Height).Single().TransactionHashes] }
            : block;

    private long _hashesInLogUpTo = long.MinValue;

    /// <summary>Events in block range [from, to], of the given types and naming the account, after sequence <paramref name="afterSeq"/>.</summary>
    public IReadOnlyList<NodeEvent> Events(EventFilter filter, long afterSeq, int limit)
    {
        lock (_engineGate)
        {
            var result = new List<NodeEvent>();
            for (int i = (int)Math.Max(0, Math.Min(afterSeq + 1, _events.Count)); i < _events.Count && result.Count < limit; i++)
                if (filter.Matches(_events[i])) result.Add(_events[i]);
            return result;
        }
    }

    // ---------- development ----------

    /// <summary>
    /// Development: the chain as one <c>exec</c> script — the genesis script with every logged block appended as a
    /// step (runs of empty blocks as one <c>advance</c>). <c>ballast exec</c> runs it to the same state hash, and
    /// <c>ballast node --genesis</c> starts a new chain from exactly this state. Signatures are not kept.
    /// </summary>
    public string DumpScript()
    {
        lock (_engineGate)
        {
            if (Identity.GenesisState is not null)
                throw new InvalidOperationException("this chain started from a state, not a script: dump its state (GET /dev/state) instead");
            var script = System.Text.Json.Nodes.JsonNode.Parse(Identity.GenesisScript)!.AsObject();
            var steps = script["steps"]?.AsArray() ?? new System.Text.Json.Nodes.JsonArray();
            script["steps"] = steps;
            long emptyRun = 0;
            foreach (var block in _store.ReadBlocks(SetupHeight))
            {
                if (block.Transactions.Count == 0)
                {
                    emptyRun++;
                    continue;
                }
                if (emptyRun > 0) steps.Add(new System.Text.Json.Nodes.JsonObject { ["advance"] = emptyRun });
                emptyRun = 0;
                var txs = new System.Text.Json.Nodes.JsonArray();
                foreach (var tx in block.Transactions)
                    txs.Add(System.Text.Json.Nodes.JsonNode.Parse(tx.Signed)!["transaction"]!.DeepClone());
                steps.Add(new System.Text.Json.Nodes.JsonObject { ["block"] = txs });
            }
            if (emptyRun > 0) steps.Add(new System.Text.Json.Nodes.JsonObject { ["advance"] = emptyRun });
            script["description"] = $"Dump of chain {ChainId} at block {_engine.Height} (state {_engine.StateHash()}): its genesis script, then every block of its log.";
            return script.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }

    /// <summary>Development: remembers the current height under a new id.</summary>
    public string Snapshot()
    {
        lock (_engineGate)
        {
            var id = $"0x{_snapshots.Count + 1:x}";
            _snapshots.Add((id, _engine.Height));
            return id;
        }
    }

    /// <summary>Development: drops every block after the snapshot's height from the log and rebuilds the state.</summary>
    public async Task<long?> RevertAsync(string id)
    {
        await _mining.WaitAsync().ConfigureAwait(false);
        try
        {
            long height;
            lock (_engineGate)
            {
                int at = _snapshots.FindIndex(s => s.Name == id);
                if (at < 0) return null;
                height = _snapshots[at].Height;
                _snapshots.RemoveRange(at, _snapshots.Count - at);
            }
            List<Pending> dropped;
            lock (_pool)
            {
                dropped = _pending;
                _pending = [];
                _pendingByHash.Clear();
            }
            foreach (var p in dropped)
                p.Done.TrySetException(new RefusalException(new Refusal(NodeErrors.NodeHalted, 409, "the chain was reverted before this transaction's block")));
            lock (_engineGate) _store.TruncateAfter(height); // readers use the store under this lock too
            Rebuild();
            return height;
        }
        finally
        {
            _mining.Release();
        }
    }

    public void Dispose()
    {
        _store.Dispose();
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
    /// <summary>A snapshot after this many blocks since the last. <value>The default value is 1,000.</value></summary>
    public long SnapshotEveryBlocks { get; init; } = 1_000;

    /// <summary>A snapshot after this many transactions since the last. <value>The default value is 100,000.</value></summary>
    public long SnapshotEveryTransactions { get; init; } = 100_000;

    /// <summary>Ignore the stored snapshots: replay the whole log (rebuilds every receipt and event). <value>The default value is false.</value></summary>
    public bool FullReplay { get; init; }
}
