using System.Diagnostics;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Serialization;
using Ballast.Node.Signing;
using Ballast.Node.Storage;

namespace Ballast.Node.Chain;

/// <summary>
/// The block pipeline. The miner takes the waiting transactions, executes them as a block under the engine's lock,
/// makes the block's receipts (their JSON too, outside the lock) and hands the block to the committer thread, which
/// appends it to the log in one database transaction (the flush: group commit) and only then publishes it: receipts
/// to their submitters and readers, the block and its events to the lists and the stream. While block n is being
/// flushed the miner already executes block n+1 when enough transactions wait (at most one block waits executed
/// ahead of the flush), so under load the flush no longer stops execution and the throughput is set by the slower of
/// the two stages, not their sum.
/// </summary>
public sealed partial class NodeChain
{
    // The committer: the miner hands it one block at a time (_handed), after taking the slot (_committerFree), which
    // the committer gives back once that block is durable and published (or failed).
    private readonly Thread _committer;
    private readonly SemaphoreSlim _committerFree = new(1, 1);
    private readonly SemaphoreSlim _work = new(0, int.MaxValue);
    private PreparedBlock? _handed;
    private volatile bool _stopping;

    /// <summary>
    /// Mines <paramref name="blocks"/> blocks (empty ones when nothing waits) and returns the last once it is durable;
    /// null when the node halted first.
    /// </summary>
    public async Task<BlockInfo?> MineAsync(int blocks = 1, CancellationToken cancel = default)
    {
        await _mining.WaitAsync(cancel).ConfigureAwait(false);
        PreparedBlock? last = null;
        try
        {
            for (int i = 0; i < blocks && HaltReason is null; i++)
            {
                if (ExecuteNext() is not { } block) break;
                await _committerFree.WaitAsync().ConfigureAwait(false);
                if (HandOff(block)) last = block;
            }
        }
        finally
        {
            _mining.Release();
        }
        if (last is null) return null;
        try
        {
            await last.Durable.Task.ConfigureAwait(false);
        }
        catch (RefusalException)
        {
            return null;
        }
        return last.Info;
    }

    /// <summary>
    /// The miner thread's step: one block executed and handed to the committer, without waiting for it to be durable
    /// (its submitters wait for that); returns once the committer took it. Blocks the calling thread (the miner's
    /// own, never a thread-pool thread: a miner queued behind request work would delay every block).
    /// </summary>
    internal void MineNext()
    {
        _mining.Wait();
        try
        {
            // Execute ahead of the flush only when enough waits to fill a real block: a block executed early with the
            // few transactions there are, then held while the flush before it ends, would make every transaction that
            // arrives meanwhile wait one flush more. So at moderate load the miner waits for the committer (polling the
            // pool each millisecond), and under heavy load execution overlaps the flush.
            bool free = false;
            while (!free && PendingCount < ExecuteAheadTransactions) free = _committerFree.Wait(1);
            // Automined blocks start at least AutomineSpacing apart (unless enough waits to fill a real block): each block
            // has a cost of its own (the state hash, the flush, publishing, waking its waiters), and at half load a block
            // every flush made ~900 blocks of 11 transactions a second.
            long spacing = (long)(_settings.AutomineSpacing.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() - _lastBlockStarted < spacing && PendingCount < ExecuteAheadTransactions) Thread.Sleep(1);
            _lastBlockStarted = Stopwatch.GetTimestamp();
            if (ExecuteNext() is not { } block)
            {
                if (free) _committerFree.Release();
                return;
            }
            if (!free) _committerFree.Wait();
            HandOff(block);
        }
        finally
        {
            _mining.Release();
        }
    }

    // When the miner's last automined block started (Stopwatch ticks; under _mining).
    private long _lastBlockStarted;

    /// <summary>Transactions waiting that make the miner execute the next block while the one before is still being flushed.</summary>
    public const int ExecuteAheadTransactions = 500;

    /// <summary>Takes the waiting transactions and executes them as the next block, with the log's rows (under <see cref="_mining"/>).</summary>
    private PreparedBlock? ExecuteNext()
    {
        Pending[] batch;
        lock (_pool)
        {
            // The oldest first, at most a block's worth, copied once.
            batch = new Pending[Math.Min(_pending.Count, MaxTransactionsPerBlock)];
            _pending.CopyTo(0, batch, 0, batch.Length);
            _pending.RemoveRange(0, batch.Length);
        }
        long started = Stopwatch.GetTimestamp();
        PreparedBlock block;
        long locked, executed;
        try
        {
            lock (_engineGate)
            {
                locked = Stopwatch.GetTimestamp();
                var signed = batch.Select(p => p.Tx).ToList();
                var result = _engine.ExecuteBlock(signed.Select(s => s.Envelope).ToList());
                var hash = _engine.StateHash();
                executed = Stopwatch.GetTimestamp();
                block = Record(signed, result, hash, batch);
                block.Snapshot = SnapshotIfDue(batch.Length);
                // Readers of the engine from now on see this block: their answers wait until it is durable.
                _executedDurable = block.Durable.Task;
            }
        }
        catch (Exception e)
        {
            // An engine invariant failed: the block's state cannot be trusted or kept. Stop writing (a block already
            // in the committer's hands still becomes durable: it was executed before).
            Halt($"block {_engine.Height + 1}: {e.GetType().Name}: {ScriptText.Clean(e.Message)}");
            foreach (var p in batch) p.Done.TrySetException(HaltedError());
            SignalProgress();
            return null;
        }
        long recorded = Stopwatch.GetTimestamp();
        // The log's rows with each transaction's outcome (the rest of its receipt), off the engine's lock, while the
        // committer still flushes the block before.
        var rows = new List<StoredTransaction>(batch.Length);
        for (int i = 0; i < batch.Length; i++)
            rows.Add(new StoredTransaction(batch[i].Tx.Hash, batch[i].Tx.Text, batch[i].Tx.Signature) { Outcome = block.Receipts[i].Outcome(_outcomeWriter, _outcomeBuffer) });
        block.Stored = new StoredBlock(block.Info.Height, block.Info.StateHash, rows) { FirstEvent = block.FirstEvent, Events = BlockEventsJson(block.Events) };
        block.Serialized = Stopwatch.GetTimestamp();
        Stats.AddMinerParts(locked - started, executed - locked, recorded - executed, block.Serialized - recorded);
        return block;
    }

    /// <summary>
    /// The block's own events (of no transaction: the hooks') as the log keeps them, a JSON array of {seq, name, data};
    /// null when there are none. Written through the miner's outcome writer (under <c>_mining</c>).
    /// </summary>
    private string? BlockEventsJson(List<NodeEvent> events)
    {
        bool any = false;
        foreach (var e in events)
            if (e.TxIndex is null) { any = true; break; }
        if (!any) return null;
        _outcomeBuffer.ResetWrittenCount();
        _outcomeWriter.Reset(_outcomeBuffer);
        _outcomeWriter.WriteStartArray();
        foreach (var e in events)
            if (e.TxIndex is null) e.WriteLogged(_outcomeWriter);
        _outcomeWriter.WriteEndArray();
        _outcomeWriter.Flush();
        return System.Text.Encoding.UTF8.GetString(_outcomeBuffer.WrittenSpan);
    }

    /// <summary>Gives the committer the block (it holds the committer's slot now); false when the node halted meanwhile.</summary>
    private bool HandOff(PreparedBlock block)
    {
        Stats.AddHandoff(Stopwatch.GetTimestamp() - block.Serialized);
        if (HaltReason is not null)
        {
            _committerFree.Release();
            Fail(block);
            return false;
        }
        Volatile.Write(ref _handed, block);
        _work.Release();
        return true;
    }

    /// <summary>The committer thread: makes each handed block durable, then publishes it.</summary>
    private void CommitLoop()
    {
        PipelineThreads.Raise();
        while (true)
        {
            _work.Wait();
            var block = Interlocked.Exchange(ref _handed, null);
            if (block is null)
            {
                if (_stopping) return;
                continue;
            }
            try
            {
                Commit(block);
            }
            finally
            {
                _committerFree.Release();
            }
        }
    }

    private void Commit(PreparedBlock block)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            // Durable before anyone hears of it: submitters wait on their task, readers on the block's.
            lock (_storeGate) _store.Append([block.Stored!]);
        }
        catch (Exception e)
        {
            Halt($"block {block.Info.Height}: {e.GetType().Name}: {ScriptText.Clean(e.Message)}");
            Fail(block);
            return;
        }
        if (block.Snapshot is { } snapshot) StoreSnapshot(snapshot);
        long stored = Stopwatch.GetTimestamp();
        lock (_published)
        {
            _loggedEventsFrom ??= block.FirstEvent; // a new chain's first block: the log holds events from here on
            PublishLocked(block);
        }
        lock (_pool)
        {
            foreach (var receipt in block.Receipts)
            {
                _receipts.Add(receipt);
                _locator.Add(receipt.Hash, receipt.Block);
                _pendingByHash.Remove(receipt.Hash);
            }
        }
        block.Durable.TrySetResult();
        for (int i = 0; i < block.Batch.Length; i++) block.Batch[i].Done.TrySetResult(block.Receipts[i]);
        SignalProgress();
        BlockCommitted?.Invoke(block.Info, block.Events);
        long published = Stopwatch.GetTimestamp();
        Stats.AddCommitterParts(stored - started, published - stored);
        Stats.Add(block.Receipts.Count, block.Receipts.Count(r => !r.Accepted), Stopwatch.GetElapsedTime(block.Started, published));
    }

    /// <summary>Adds a durable block to what readers see (under the published view's lock).</summary>
    private void PublishLocked(PreparedBlock block)
    {
        _blocks.Add(block.Info);
        _events.AddRange(block.Events);
        int keep = Math.Max(1, _settings.EventsInMemory);
        if (_events.Count > keep + keep / 4) _events.RemoveRange(0, _events.Count - keep);
        _durableHeight = block.Info.Height;
        _durableStateHash = block.Info.StateHash;
    }

    private void Halt(string reason)
    {
        lock (_pool) HaltReason ??= reason;
    }

    private RefusalException HaltedError() => new(new Refusal(NodeErrors.NodeHalted, 409, $"the node halted: {HaltReason}"));

    /// <summary>A block that will never be durable: its submitters and its readers are told the node halted.</summary>
    private void Fail(PreparedBlock block)
    {
        if (block.Snapshot is { } snapshot) SnapshotLanded(snapshot); // taken, never to be stored
        var error = HaltedError();
        foreach (var p in block.Batch) p.Done.TrySetException(error);
        block.Durable.TrySetException(error);
        _ = block.Durable.Task.Exception; // observed here: readers who never come would otherwise leave it unobserved
        SignalProgress();
    }

    private void StopCommitter()
    {
        _stopping = true;
        _work.Release();
        _committer.Join();
    }

    /// <summary>Makes a block's receipts, events and info (under the engine's lock); nothing is published yet.</summary>
    private PreparedBlock Record(List<SignedTransaction> signed, BlockResult result, string stateHash, Pending[] batch)
    {
        var hashes = new string[signed.Count];
        var senders = new string[signed.Count];
        for (int i = 0; i < signed.Count; i++) (hashes[i], senders[i]) = (signed[i].Hash, signed[i].Envelope.Sender);
        long firstEvent = _nextEventSeq;
        var events = CollectEvents(hashes, senders);
        var byTx = new List<NodeEvent>?[signed.Count];
        foreach (var e in events)
            if (e.TxIndex is { } i) (byTx[i] ??= []).Add(e);
        var receipts = new List<Receipt>(signed.Count);
        for (int i = 0; i < signed.Count; i++)
        {
            var s = signed[i];
            var r = result.Results[i];
            receipts.Add(new Receipt(s.Hash, result.Height, i, _engine.Catalog.NameOf(s.Envelope.Payload), s.Envelope.Sender, s.Envelope.Nonce,
                r.Accepted, r.Error?.Name, r.Message, (IReadOnlyList<NodeEvent>?)byTx[i] ?? []));
            if (s.Envelope.Nonce + 1 > _executedNonce.GetValueOrDefault(s.Envelope.Sender)) _executedNonce[s.Envelope.Sender] = s.Envelope.Nonce + 1;
        }
        return new PreparedBlock(new BlockInfo(result.Height, BlockTime(), stateHash, hashes), receipts, events, batch) { FirstEvent = firstEvent };
    }

    /// <summary>The engine's events since the last call, as the node serves them, numbered on (under the engine's lock).</summary>
    private List<NodeEvent> CollectEvents(string[]? txHashes, string[]? senders)
    {
        var collected = new List<NodeEvent>(_engine.Events.Records.Count);
        foreach (var record in _engine.Events.Records)
        {
            int? index = record.TxIndex < 0 ? null : record.TxIndex;
            var @event = record.Event;
            var json = _json;
            var accounts = AccountsOf(record.Event);
            if (index is { } i && senders is not null && i < senders.Length && Array.IndexOf(accounts, senders[i]) < 0) accounts = [.. accounts, senders[i]];
            collected.Add(new NodeEvent(_nextEventSeq++, record.Block, index, index is { } j && txHashes is not null && j < txHashes.Length ? txHashes[j] : null,
                _engine.EventName(record.Event)) { Accounts = accounts, Source = (@event, json) });
        }
        _engine.Events.Clear();
        return collected;
    }

    private string[] AccountsOf(object @event)
    {
        var type = @event.GetType();
        if (!_accountFields.TryGetValue(type, out var getters))
        {
            getters = NodeEvent.AccountProperties(type).Select(p => (Func<object, string?>)(o => (string?)p.GetValue(o))).ToArray();
            _accountFields[type] = getters;
        }
        // A loop, not a query: this runs for every event of every block, under the engine's lock.
        var accounts = new List<string>(getters.Length);
        foreach (var getter in getters)
            if (getter(@event) is { Length: > 0 } value && !accounts.Contains(value)) accounts.Add(value);
        return [.. accounts];
    }

    /// <summary>A block on its way through the pipeline: executed, then (once durable) published.</summary>
    private sealed class PreparedBlock(BlockInfo info, List<Receipt> receipts, List<NodeEvent> events, Pending[] batch)
    {
        public BlockInfo Info { get; } = info;
        public List<Receipt> Receipts { get; } = receipts;
        public List<NodeEvent> Events { get; } = events;
        public Pending[] Batch { get; } = batch;

        /// <summary>The number of the block's first event (the next number when it has none).</summary>
        public long FirstEvent { get; init; }

        /// <summary>The log's rows of the block, receipts included (made by the miner off the engine's lock).</summary>
        public StoredBlock? Stored { get; set; }

        /// <summary>A state snapshot after this block, when one is due: stored right after the block.</summary>
        public TakenSnapshot? Snapshot { get; set; }

        /// <summary>Completes once the block is durable and published; fails with the node's halt.</summary>
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Started { get; } = Stopwatch.GetTimestamp();
        public long Serialized { get; set; }
    }
}
