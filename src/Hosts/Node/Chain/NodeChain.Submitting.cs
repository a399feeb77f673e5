using Ballast.Core.Blocks;
using Ballast.Core.Scripting;
using Ballast.Core.Serialization;
using Ballast.Node.Signing;

namespace Ballast.Node.Chain;

/// <summary>Submissions: checks before the pool, the pool, nonces and receipts.</summary>
public sealed partial class NodeChain
{
    /// <summary>
    /// Checks a signed transaction (format, chain, signer, signature, nonce) and queues it. Returns its receipt's
    /// task, which completes once its block is durable; the same signed text again returns the same task or receipt
    /// (from the log when it is no longer in memory).
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
        Pending? pending = null;
        ulong expected;
        var sender = tx.Envelope.Sender;
        lock (_pool)
        {
            if (_receipts.TryGetValue(tx.Hash, out var known)) return Task.FromResult(known);
            if (_pendingByHash.TryGetValue(tx.Hash, out var waiting)) return waiting.Done.Task;
            expected = _nextNonce.GetValueOrDefault(sender);
            if (tx.Envelope.Nonce > expected)
                throw new RefusalException(new Refusal(NodeErrors.NonceSkipped, 409, $"nonce {tx.Envelope.Nonce} skips ahead: the next nonce of '{ScriptText.Clean(sender)}' is {expected}"));
            if (tx.Envelope.Nonce == expected)
            {
                if (_pending.Count >= MaxPending)
                    throw new RefusalException(new Refusal(NodeErrors.PoolFull, 429, $"{MaxPending} transactions are waiting; retry after the next block"));
                pending = new Pending(tx);
                _pending.Add(pending);
                _pendingByHash.Add(tx.Hash, pending);
                _nextNonce[sender] = expected + 1;
            }
        }
        if (pending is not null)
        {
            TransactionQueued?.Invoke();
            return pending.Done.Task;
        }
        // The nonce is used. By this very transaction, included long ago (its receipt no longer in memory, or in a block
        // before the snapshot the node started from)? Then its receipt from the log; otherwise another one used it.
        if (StoredReceipt(tx.Hash) is { } stored) return Task.FromResult(stored);
        throw new RefusalException(new Refusal(NodeErrors.NonceReused, 409, $"'{ScriptText.Clean(sender)}' already used nonce {tx.Envelope.Nonce}; its next nonce is {expected}"));
    }

    /// <summary>
    /// Waits until every given submission is settled (durable, or failed with the node's halt or a revert), waking once
    /// per published block rather than once per transaction: a batch of a hundred costs one wake-up a block.
    /// </summary>
    public async Task Settled(IReadOnlyList<Task<Receipt>?> receipts, CancellationToken cancel)
    {
        // The pool is first in, first out and blocks are published in order, so the batch's last queued transaction is
        // normally the last to settle: one wait on it wakes the request once, where waking on every published block woke
        // every waiting request a thousand times a second under load. The loop below catches any that settle later
        // (a resubmission answers with an earlier transaction's task).
        for (int i = receipts.Count - 1; i >= 0; i--)
        {
            if (receipts[i] is not { } last) continue;
            await ((Task)last).WaitAsync(cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancel.ThrowIfCancellationRequested();
            break;
        }
        int first = 0;
        while (true)
        {
            // Read the signal before looking, so a block published in between is not missed.
            var progress = Volatile.Read(ref _progress).Task;
            while (first < receipts.Count && (receipts[first] is null || receipts[first]!.IsCompleted)) first++;
            if (first == receipts.Count) return;
            await progress.WaitAsync(cancel).ConfigureAwait(false);
        }
    }

    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the waiters of <see cref="Settled"/>: a block was published or failed, or the pool was dropped.</summary>
    private void SignalProgress() =>
        Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>The next nonce <paramref name="account"/> must sign with (counting transactions still waiting).</summary>
    public ulong NextNonce(string account)
    {
        lock (_pool) return _nextNonce.GetValueOrDefault(account);
    }

    public int PendingCount
    {
        get { lock (_pool) return _pending.Count; }
    }

    /// <summary>The receipt of an included transaction (durable), from memory or from the log; null when none.</summary>
    public Receipt? ReceiptOf(string hash)
    {
        lock (_pool)
            if (_receipts.TryGetValue(hash, out var receipt)) return receipt;
        return StoredReceipt(hash);
    }

    /// <summary>
    /// The receipt's JSON as the API answers it, as a string (the answers themselves are written as UTF-8 by
    /// <see cref="WriteReceipt"/>, the same bytes). Made at each call, not kept on the receipt: a receipt is almost
    /// always answered once (to its submitter), and kept text lived as long as the receipt in the cache — the largest
    /// part, a kilobyte a transaction, of what the collector copied into its oldest generation under load.
    /// </summary>
    public string TextOf(Receipt receipt) => System.Text.Json.JsonSerializer.Serialize(receipt, _json);

    /// <summary>The receipt's JSON as the API answers it, written into <paramref name="writer"/> (by <see cref="ReceiptJsonConverter"/>).</summary>
    public void WriteReceipt(System.Text.Json.Utf8JsonWriter writer, Receipt receipt) => System.Text.Json.JsonSerializer.Serialize(writer, receipt, _json);

    /// <summary>The receipt of an included transaction from the log: its block from the locator, its row from the store.</summary>
    private Receipt? StoredReceipt(string hash)
    {
        IReadOnlyList<long> heights;
        lock (_pool) heights = _locator.Candidates(hash);
        if (heights.Count == 0 && !_locatorLoaded.IsCompleted)
        {
            // Just after a restart from a snapshot: the blocks before it are still being located.
            WaitForLocator();
            lock (_pool) heights = _locator.Candidates(hash);
        }
        foreach (var height in heights)
        {
            Storage.StoredOutcome? stored;
            lock (_readGate) stored = _store.ReadOutcome(height, hash);
            if (stored is not null) return Receipt.FromStored(hash, stored);
        }
        return null;
    }
}
