using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ballast.Node.Chain;

/// <summary>Development controls: dumps, in-memory snapshots and revert.</summary>
public sealed partial class NodeChain
{
    /// <summary>
    /// Development: the chain as one <c>exec</c> script — the genesis script with every logged block appended as a
    /// step (runs of empty blocks as one <c>advance</c>). <c>ballast exec</c> runs it to the same state hash, and
    /// <c>ballast node --genesis</c> starts a new chain from exactly this state. Signatures are not kept.
    /// </summary>
    public string DumpScript()
    {
        if (Identity.GenesisState is not null)
            throw new InvalidOperationException("this chain started from a state, not a script: dump its state (GET /dev/state) instead");
        var script = JsonNode.Parse(Identity.GenesisScript)!.AsObject();
        var steps = script["steps"]?.AsArray() ?? new JsonArray();
        script["steps"] = steps;
        long emptyRun = 0, height;
        string stateHash;
        lock (_published) (height, stateHash) = (SetupHeight, _blocks.First!.StateHash);
        lock (_storeGate)
        {
            // The log's blocks, all durable (the last may be flushed and not yet published: it is in the dump too).
            foreach (var block in _store.ReadBlocks(SetupHeight))
            {
                (height, stateHash) = (block.Height, block.StateHash);
                if (block.Transactions.Count == 0)
                {
                    emptyRun++;
                    continue;
                }
                if (emptyRun > 0) steps.Add(new JsonObject { ["advance"] = emptyRun });
                emptyRun = 0;
                var txs = new JsonArray();
                foreach (var tx in block.Transactions)
                    txs.Add(JsonNode.Parse(tx.Signed)!["transaction"]!.DeepClone());
                steps.Add(new JsonObject { ["block"] = txs });
            }
        }
        if (emptyRun > 0) steps.Add(new JsonObject { ["advance"] = emptyRun });
        script["description"] = $"Dump of chain {ChainId} at block {height} (state {stateHash}): its genesis script, then every block of its log.";
        return script.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Development: remembers the durable height under a new id.</summary>
    public string Snapshot()
    {
        lock (_published)
        {
            var id = $"0x{_snapshots.Count + 1:x}";
            _snapshots.Add((id, _durableHeight));
            return id;
        }
    }

    /// <summary>
    /// Development: drops every block after the snapshot's height from the log and rebuilds the state. Holds the miner
    /// and waits for the committer to finish, so no block is in the pipeline meanwhile.
    /// </summary>
    public async Task<long?> RevertAsync(string id)
    {
        await _mining.WaitAsync().ConfigureAwait(false);
        await _committerFree.WaitAsync().ConfigureAwait(false);
        try
        {
            long height;
            lock (_published)
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
            SignalProgress();
            // A snapshot still being written may be of a block the revert drops: let it complete, then truncate it away.
            WaitForSnapshotWrite();
            lock (_storeGate) _store.TruncateAfter(height);
            Rebuild();
            return height;
        }
        finally
        {
            _committerFree.Release();
            _mining.Release();
        }
    }
}
